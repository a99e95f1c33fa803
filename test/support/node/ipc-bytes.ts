/**
 * Large byte arrays of the contract's calls (backup chunks, receipt files, saved exports), carried
 * between the page and the harness over HTTP beside the Playwright binding. The binding carries
 * its arguments as JSON, a Uint8Array as base64 text: a backup of 120 MB then made some 330 MB of
 * strings in the renderer's JS heap that Electron's IPC never makes (it copies the bytes as they
 * are), so the harness's renderer used far more memory than the app's. Here the page POSTs the
 * bytes, as a Blob (see bytes-aside.ts), and the call carries `{ __courierBytes: id }` in their place;
 * bytes in an answer are fetched back the same way. The handlers see plain Uint8Arrays as under
 * Electron. Both ends walk plain objects and arrays a few levels deep.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BYTES_PATH, isBytesRef, isLargeBytes, mapDeep, type BytesRef } from './in-page/bytes-aside';

/** The harness's end: bytes waiting to be taken, by id, and the HTTP handler for BYTES_PATH. */
export class BytesAside {
  private readonly waiting = new Map<string, Uint8Array>();

  /** Serves POST BYTES_PATH (answers the id) and GET BYTES_PATH<id> (once); false for any other request. */
  handle(request: IncomingMessage, response: ServerResponse): boolean {
    const url = request.url ?? '';
    if (!url.startsWith(BYTES_PATH)) return false;
    if (request.method === 'POST') {
      const parts: Buffer[] = [];
      request.on('data', (part: Buffer) => parts.push(part));
      request.on('end', () => {
        const joined = Buffer.concat(parts);
        const id = this.put(new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength));
        response.writeHead(200, { 'content-type': 'text/plain' }).end(id);
      });
      return true;
    }
    const id = url.slice(BYTES_PATH.length);
    const bytes = this.waiting.get(id);
    this.waiting.delete(id);
    if (!bytes) response.writeHead(404).end();
    else response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength) }).end(bytes);
    return true;
  }

  private put(bytes: Uint8Array): string {
    const id = randomUUID();
    this.waiting.set(id, bytes);
    return id;
  }

  /** A call's arguments as the page meant them: every reference replaced by its bytes. */
  restore(value: unknown): Promise<unknown> {
    return mapDeep(value, isBytesRef, (item) => {
      const id = (item as BytesRef).__courierBytes;
      const bytes = this.waiting.get(id);
      this.waiting.delete(id);
      return bytes ? Promise.resolve(bytes) : Promise.reject(new Error(`e2e harness: no bytes ${id}`));
    });
  }

  /** An answer with its large byte arrays set aside for the page to fetch. */
  setAside(value: unknown): Promise<unknown> {
    return mapDeep(value, isLargeBytes, (item) => Promise.resolve({ __courierBytes: this.put(item as Uint8Array) }));
  }
}
