/**
 * Writes a backup: every table read in pages of rows (by primary key) and streamed as a ZIP to
 * main in chunks while it is built, receipts' bytes one file at a time, then main's ledgers and
 * the manifest. Memory stays bounded by a part and a chunk, whatever the size of the book.
 * writeBackup owns the file's session with main; buildBackup makes the bytes, on this thread or,
 * in the app, in a worker (build-in-worker.ts says why).
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
import { eachRowInPages } from './pages';
import { deflateRaw, EntryZip } from './entry-zip';
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
  /** Where the file's bytes are made (default: this thread, buildBackup itself; the app: a worker). */
  build?: BackupBuilder;
};

export interface BackupWriteResult {
  /** Null when the user cancelled the dialog. */
  fileName: string | null;
  rowCounts: Record<string, number>;
}

/** Where a backup's bytes go while it is built, and where main's part of it comes from. */
export interface BackupSink {
  /**
   * Takes the next bytes of the file, and must be done with them (copied them) when it settles.
   * It may answer an array of the same size to fill next: the bytes handed back after they
   * crossed to another thread and were sent from there (null: the same array stays usable).
   */
  send(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer> | null>;
  /** Main's ledgers and the settings: asked for once every row has been read. */
  main(): Promise<BackupMain>;
}

/** Builds the backup of `db` into `sink`; answers the rows written per table. */
export type BackupBuilder = (db: Dexie, sink: BackupSink, app: BackupHeader['app']) => Promise<Record<string, number>>;

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
    const sink: BackupSink = {
      send: async (bytes) => {
        await port.backupWriteChunk({ sessionId, bytes });
        return null;
      },
      main: async () => ({ main: await port.backupMainState(), settings: await port.settings() }),
    };
    const rowCounts = await (port.build ?? buildBackup)(db, sink, app);
    const end = await port.backupWriteEnd({ sessionId, commit: true });
    return { fileName: end.fileName, rowCounts };
  } catch (error) {
    await port.backupWriteEnd({ sessionId, commit: false }).catch(() => undefined);
    throw error;
  }
}

/** The backup file's bytes, made as the tables are read and handed to `sink` in chunks. */
export async function buildBackup(db: Dexie, sink: BackupSink, app: BackupHeader['app']): Promise<Record<string, number>> {
  const output = new ChunkedOutput((bytes) => sink.send(bytes));
  const zip = new EntryZip((piece) => output.push(piece));

  const manifest: BackupManifest = { entries: {}, rowCounts: {} };
  const text = new JsonArrayBytes();
  const add = async (name: string, bytes: Uint8Array<ArrayBuffer>, compress: boolean): Promise<void> => {
    manifest.entries[name] = { sha256: await sha256Hex(bytes), size: bytes.byteLength };
    zip.add(name, bytes, compress ? await deflateRaw(bytes) : null);
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
    let blobBytes = 0;
    const flush = async (): Promise<void> => {
      if (text.rows === 0) return;
      const bytes = text.close();
      blobBytes = 0;
      await add(partEntry(table.name, part++), bytes, true);
      text.clear();
    };
    // Each row becomes its JSON text's UTF-8 bytes in `text` as soon as the cursor reads it (no
    // row object outlives V8's young generation). Blobs cannot be read inside the read
    // transaction, so from a page's first row with a Blob on, its rows wait for the page's end.
    const waiting: Array<Record<string, unknown>> = [];
    await eachRowInPages(
      table,
      ROWS_PER_PART,
      (row) => {
        if (waiting.length > 0 || hasBlob(row as Record<string, unknown>)) waiting.push(row as Record<string, unknown>);
        else text.append(JSON.stringify(row));
        rows++;
      },
      async () => {
        let index = rows - waiting.length;
        for (const row of waiting.splice(0)) {
          const out = await withBlobsOut(row, `blobs/${table.name}/${index++}`, add);
          text.append(JSON.stringify(out.row));
          blobBytes += out.blobBytes;
          // A part's Blob entries are held by the reader until the part arrives: keep that small.
          if (blobBytes >= PART_BLOB_BYTES) await flush();
        }
        await flush();
      },
    );
    await flush();
    manifest.rowCounts[table.name] = rows;
  }

  await add(MAIN_ENTRY, json(await sink.main()), true);
  const manifestBytes = json(manifest);
  zip.add(MANIFEST_ENTRY, manifestBytes, await deflateRaw(manifestBytes));
  zip.end();
  await output.finish();
  return manifest.rowCounts;
}

/** A part is closed once the Blob files of its rows reach this size. */
const PART_BLOB_BYTES = 8 * 1024 * 1024;
/** Tables read after every other, in this order (see the top of this file). */
const LAST_TABLES = ['expenses', 'receipts', 'submissions', 'outbox', 'submissionOutbox'];

function inBackupOrder(tables: readonly Table[]): Table[] {
  const rank = (t: Table): number => LAST_TABLES.indexOf(t.name);
  return [...tables].sort((a, b) => rank(a) - rank(b));
}

/** Whether a field of the row holds a Blob (a plain loop: this runs for every row of the book). */
function hasBlob(row: Record<string, unknown>): boolean {
  for (const field in row) if (row[field] instanceof Blob) return true;
  return false;
}

/** The row with each Blob field written as its own entry and replaced by a reference. */
async function withBlobsOut(
  row: Record<string, unknown>,
  prefix: string,
  add: (name: string, bytes: Uint8Array<ArrayBuffer>, compress: boolean) => Promise<void>,
): Promise<{ row: Record<string, unknown>; blobBytes: number }> {
  let out: Record<string, unknown> | null = null;
  let blobBytes = 0;
  for (const field in row) {
    const value = row[field];
    if (!(value instanceof Blob)) continue;
    const name = `${prefix}/${field}`;
    // Receipt files are JPEG, PNG, WebP or PDF: already compressed.
    await add(name, await bytesOf(value), false);
    blobBytes += value.size;
    out ??= { ...row };
    out[field] = { $blob: name, type: value.type } satisfies BlobRef;
  }
  return { row: out ?? row, blobBytes };
}

/**
 * What EntryZip writes, copied into one reused buffer of CHUNK_BYTES (or the one the sink hands
 * back in its place) and sent to main each time it fills: no piece is joined into a new array, and none is referenced once drain() returns, so
 * the caller may reuse the bytes it added (a receipt's buffer, a part's text).
 */
class ChunkedOutput {
  private readonly pieces: Uint8Array[] = [];
  private chunk = new Uint8Array(CHUNK_BYTES);
  private filled = 0;

  constructor(private readonly send: BackupSink['send']) {}

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
          this.chunk = (await this.send(this.chunk)) ?? this.chunk;
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
 * A Blob's bytes. `blob.arrayBuffer()`, not a BYOB reader filling one reused buffer: a garbage
 * collection during such a read (a Blob stream's reader with a read pending) left the read
 * pending for ever in Chromium, and the backup with it. The array is garbage once its entry is
 * sent; in the backup's worker, its collections come soon and cheap.
 */
async function bytesOf(blob: Blob): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await blob.arrayBuffer());
}
