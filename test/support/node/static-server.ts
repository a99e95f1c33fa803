/**
 * A tiny loopback file server. The harness serves the built renderer with it from ONE origin, so
 * every page shares one IndexedDB exactly as the app's windows do (see ./renderer-server.ts).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FileResolution =
  | { kind: 'file'; filePath: string; headers: Record<string, string> }
  | { kind: 'refused'; status: number; reason: string };

/** Maps a request path (e.g. `/assets/index.js?x=1`) and method to a file or a refusal. */
export type ResolveRequest = (path: string, method: string) => FileResolution;

export interface StaticServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  origin: string;
  close(): Promise<void>;
}

/** Answers a request itself (true) before any file is looked for. */
export type RequestHook = (request: IncomingMessage, response: ServerResponse) => boolean;

export async function serveFiles(resolveRequest: ResolveRequest, hook?: RequestHook): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    if (hook?.(request, response)) return;
    void (async () => {
      const method = request.method ?? 'GET';
      const resolved = resolveRequest(request.url ?? '/', method);
      const info = resolved.kind === 'file' ? await stat(resolved.filePath).catch(() => null) : null;
      if (resolved.kind === 'refused' || !info?.isFile()) {
        const [status, reason] = resolved.kind === 'refused' ? [resolved.status, resolved.reason] : [404, 'no such file'];
        response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(reason);
        return;
      }
      response.writeHead(200, { ...resolved.headers, 'content-length': String(info.size) });
      if (method === 'HEAD') {
        response.end();
        return;
      }
      createReadStream(resolved.filePath).pipe(response);
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
