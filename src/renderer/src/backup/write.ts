/**
 * Writes a backup: every table read in pages of rows (by primary key) and streamed as a ZIP to
 * main in chunks while it is built, receipts' bytes one file at a time, then main's ledgers and
 * the manifest. Memory stays bounded by a page and a chunk, whatever the size of the book.
 *
 * Pages are separate read transactions (an IndexedDB transaction cannot wait for IPC), so the app
 * holds sync rounds while a backup is written (BackupPanel, automatic backups). Against edits the
 * user makes meanwhile, the tables are read in an order that stays safe: a table before the
 * tables it points to (expenses before receipts), the outboxes last. A queued change is then
 * never in the backup without its expense, except for an expense created after its page was
 * read, whose outbox row the next round discards (its row is missing). Main's ledgers are asked
 * for after the rows: a create sent meanwhile is in doubt in the backup, never unknown to it
 * (doubt costs a look-up; ignorance could cost a duplicate).
 */
import type Dexie from 'dexie';
import type { Table } from 'dexie';
import { pagesOf } from './pages';
import { EntryZip } from './entry-zip';
import type { CourierApi } from '@shared/contract';
import type { BackupTarget } from '@shared/files';
import type { AppSettings } from '@shared/settings';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  HEADER_ENTRY,
  MAIN_ENTRY,
  MANIFEST_ENTRY,
  ROWS_PER_PART,
  partEntry,
  sha256Hex,
  type BackupHeader,
  type BackupMain,
  type BackupManifest,
  type BlobRef,
} from './format';

export type BackupWritePort = Pick<CourierApi, 'backupWriteBegin' | 'backupWriteChunk' | 'backupWriteEnd' | 'backupMainState'> & {
  /** The settings to carry (null: none, e.g. no settings service). */
  settings(): Promise<AppSettings | null>;
};

export interface BackupWriteResult {
  /** Null when the user cancelled the dialog. */
  fileName: string | null;
  rowCounts: Record<string, number>;
}

/**
 * Bytes per call to main, each awaited before the next is filled. Small, so the copies each call
 * makes (Electron's IPC, main's write) are few at a time and short-lived.
 */
const CHUNK_BYTES = 512 * 1024;

export async function writeBackup(
  db: Dexie,
  port: BackupWritePort,
  target: BackupTarget,
  app: BackupHeader['app'] = null,
): Promise<BackupWriteResult> {
  const session = await port.backupWriteBegin(target);
  if (!session.sessionId) return { fileName: null, rowCounts: {} };
  const sessionId = session.sessionId;
  try {
    const rowCounts = await streamBackup(db, port, sessionId, app);
    const end = await port.backupWriteEnd({ sessionId, commit: true });
    return { fileName: end.fileName, rowCounts };
  } catch (error) {
    await port.backupWriteEnd({ sessionId, commit: false }).catch(() => undefined);
    throw error;
  }
}

async function streamBackup(db: Dexie, port: BackupWritePort, sessionId: string, app: BackupHeader['app']): Promise<Record<string, number>> {
  const output = new ChunkedOutput((bytes) => port.backupWriteChunk({ sessionId, bytes }));
  const zip = new EntryZip((piece) => output.push(piece));

  const manifest: BackupManifest = { entries: {}, rowCounts: {} };
  const text = new JsonArrayBytes();
  const blobs = new BlobBytes();
  const add = async (name: string, bytes: Uint8Array<ArrayBuffer>, compress: boolean): Promise<void> => {
    manifest.entries[name] = { sha256: await sha256Hex(bytes), size: bytes.byteLength };
    zip.add(name, bytes, compress);
    await output.drain();
  };
  const json = (value: unknown): Uint8Array<ArrayBuffer> => new TextEncoder().encode(JSON.stringify(value));

  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    schemaVersion: db.verno,
    createdAt: new Date().toISOString(),
    app,
  };
  await add(HEADER_ENTRY, json(header), true);

  for (const table of inBackupOrder(db.tables)) {
    let rows = 0;
    let part = 0;
    // Each row becomes its JSON text's UTF-8 bytes in `text` as soon as it is read: row objects
    // (or their strings) held across the awaits of a part (reads, hashing, sends) outlived V8's
    // young generation and piled up in the old one until the next full collection.
    let blobBytes = 0;
    const flush = async (): Promise<void> => {
      if (text.rows === 0) return;
      const bytes = text.close();
      blobBytes = 0;
      await add(partEntry(table.name, part++), bytes, true);
      text.clear();
    };
    for await (const page of pagesOf(table, PAGE_ROWS)) {
      for (const row of page) {
        const out = await withBlobsOut(row as Record<string, unknown>, `blobs/${table.name}/${rows}`, blobs, add);
        rows++;
        text.append(JSON.stringify(out.row));
        blobBytes += out.blobBytes;
        // A part's Blob entries are held by the reader until the part arrives: keep that small.
        if (text.rows >= ROWS_PER_PART || blobBytes >= PART_BLOB_BYTES) await flush();
      }
    }
    await flush();
    manifest.rowCounts[table.name] = rows;
  }

  const main: BackupMain = { main: await port.backupMainState(), settings: await port.settings() };
  await add(MAIN_ENTRY, json(main), true);
  zip.add(MANIFEST_ENTRY, json(manifest), true);
  zip.end();
  await output.finish();
  return manifest.rowCounts;
}

/** Rows read per page (one short read transaction each); a page's rows live until its part is sent. */
const PAGE_ROWS = 500;
/** A part is closed once the Blob files of its rows reach this size. */
const PART_BLOB_BYTES = 8 * 1024 * 1024;
/** Tables read after every other, in this order (see the top of this file). */
const LAST_TABLES = ['expenses', 'receipts', 'submissions', 'outbox', 'submissionOutbox'];

function inBackupOrder(tables: readonly Table[]): Table[] {
  const rank = (t: Table): number => LAST_TABLES.indexOf(t.name);
  return [...tables].sort((a, b) => rank(a) - rank(b));
}

/** The row with each Blob field written as its own entry and replaced by a reference. */
async function withBlobsOut(
  row: Record<string, unknown>,
  prefix: string,
  blobs: BlobBytes,
  add: (name: string, bytes: Uint8Array<ArrayBuffer>, compress: boolean) => Promise<void>,
): Promise<{ row: Record<string, unknown>; blobBytes: number }> {
  let out: Record<string, unknown> | null = null;
  let blobBytes = 0;
  // for…in, not Object.entries: no array per row (100,000 rows of garbage otherwise).
  for (const field in row) {
    const value = row[field];
    if (!(value instanceof Blob)) continue;
    const name = `${prefix}/${field}`;
    // Receipt files are JPEG, PNG, WebP or PDF: already compressed.
    await add(name, await blobs.read(value), false);
    blobBytes += value.size;
    out ??= { ...row };
    out[field] = { $blob: name, type: value.type } satisfies BlobRef;
  }
  return { row: out ?? row, blobBytes };
}

/**
 * What EntryZip writes, copied into one reused buffer of CHUNK_BYTES and sent to main each time
 * it fills: no piece is joined into a new array, and none is referenced once drain() returns, so
 * the caller may reuse the bytes it added (a receipt's buffer, a part's text).
 */
class ChunkedOutput {
  private readonly pieces: Uint8Array[] = [];
  private readonly chunk = new Uint8Array(CHUNK_BYTES);
  private filled = 0;

  /** `send` must be done with the bytes (copied them) when its promise settles. */
  constructor(private readonly send: (bytes: Uint8Array<ArrayBuffer>) => Promise<unknown>) {}

  push(piece: Uint8Array): void {
    this.pieces.push(piece);
  }

  /** Copies every piece waiting into the chunk, sending each full chunk (one call at a time). */
  async drain(): Promise<void> {
    for (let piece = this.pieces.shift(); piece; piece = this.pieces.shift()) {
      let at = 0;
      while (at < piece.byteLength) {
        const take = Math.min(piece.byteLength - at, CHUNK_BYTES - this.filled);
        this.chunk.set(piece.subarray(at, at + take), this.filled);
        this.filled += take;
        at += take;
        if (this.filled === CHUNK_BYTES) {
          this.filled = 0;
          await this.send(this.chunk);
        }
      }
    }
  }

  /** Sends what is left (less than a chunk), as an array of its own size. */
  async finish(): Promise<void> {
    await this.drain();
    if (this.filled > 0) await this.send(this.chunk.slice(0, this.filled));
    this.filled = 0;
  }
}

/** A JSON array's UTF-8 bytes, row texts appended into one buffer that grows and is reused. */
class JsonArrayBytes {
  private buffer = new Uint8Array(1024 * 1024);
  private length = 0;
  private count = 0;
  private readonly encoder = new TextEncoder();

  get rows(): number {
    return this.count;
  }

  append(json: string): void {
    // Room for the worst case: 3 bytes per UTF-16 code unit, the separator and the closing bracket.
    this.reserve(json.length * 3 + 2);
    this.buffer[this.length++] = this.count === 0 ? OPEN_BRACKET : COMMA;
    this.length += this.encoder.encodeInto(json, this.buffer.subarray(this.length)).written;
    this.count++;
  }

  /** The array's bytes, valid until clear(). */
  close(): Uint8Array<ArrayBuffer> {
    this.buffer[this.length++] = CLOSE_BRACKET;
    return this.buffer.subarray(0, this.length);
  }

  clear(): void {
    this.length = 0;
    this.count = 0;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.byteLength) return;
    const grown = new Uint8Array(Math.max(this.buffer.byteLength * 2, this.length + bytes));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}

const OPEN_BRACKET = 0x5b;
const COMMA = 0x2c;
const CLOSE_BRACKET = 0x5d;

/**
 * A Blob's bytes read into one buffer reused from receipt to receipt (grown to the largest), valid
 * until the next read: `blob.arrayBuffer()` made a new array per receipt (120 MB over 200 photos)
 * that waited for V8's collector. A BYOB reader fills the buffer (it moves to a new ArrayBuffer
 * object with each read, the memory stays); where the Blob's stream has none, arrayBuffer() it is.
 */
class BlobBytes {
  private buffer = new ArrayBuffer(0);

  async read(blob: Blob): Promise<Uint8Array<ArrayBuffer>> {
    const stream = blob.stream();
    let reader: ReadableStreamBYOBReader;
    try {
      reader = stream.getReader({ mode: 'byob' });
    } catch {
      return new Uint8Array(await blob.arrayBuffer());
    }
    if (this.buffer.byteLength <= blob.size) this.buffer = new ArrayBuffer(Math.max(blob.size + 1, this.buffer.byteLength * 2));
    let filled = 0;
    try {
      for (;;) {
        // One byte more than the Blob holds, so that the stream's end is read, not assumed.
        if (filled === this.buffer.byteLength) this.buffer = grown(this.buffer, filled);
        const { value, done } = await reader.read(new Uint8Array(this.buffer, filled, this.buffer.byteLength - filled));
        if (value) this.buffer = value.buffer;
        if (done) break;
        filled += value.byteLength;
      }
    } finally {
      reader.releaseLock();
    }
    return new Uint8Array(this.buffer, 0, filled);
  }
}

function grown(buffer: ArrayBuffer, filled: number): ArrayBuffer {
  const out = new ArrayBuffer(Math.max(buffer.byteLength * 2, 64 * 1024));
  new Uint8Array(out).set(new Uint8Array(buffer, 0, filled));
  return out;
}
