/**
 * Writes a backup: one consistent snapshot of every table (one read transaction), streamed as a
 * ZIP to main in chunks while it is built, then main's ledgers and the manifest. Main's ledgers
 * are asked for after the snapshot: a create sent meanwhile is then in doubt in the backup, never
 * unknown to it (doubt costs a look-up; ignorance could cost a duplicate).
 */
import type Dexie from 'dexie';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
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

/** Chunks are sent to main once this many bytes are waiting (few calls, bounded memory). */
const SEND_BYTES = 2 * 1024 * 1024;

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
  // The ZIP writer calls back synchronously; its output waits here until sent.
  let waiting: Uint8Array[] = [];
  let waitingBytes = 0;
  let zipError: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) zipError = error;
    else {
      waiting.push(chunk);
      waitingBytes += chunk.byteLength;
    }
  });
  const send = async (force = false): Promise<void> => {
    if (zipError) throw zipError;
    if (waitingBytes === 0 || (!force && waitingBytes < SEND_BYTES)) return;
    const bytes = new Uint8Array(waitingBytes);
    let at = 0;
    for (const c of waiting) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    waiting = [];
    waitingBytes = 0;
    await port.backupWriteChunk({ sessionId, bytes });
  };

  const manifest: BackupManifest = { entries: {}, rowCounts: {} };
  const add = async (name: string, bytes: Uint8Array<ArrayBuffer>, compress: boolean): Promise<void> => {
    manifest.entries[name] = { sha256: await sha256Hex(bytes), size: bytes.byteLength };
    const file = compress ? new ZipDeflate(name, { level: 3 }) : new ZipPassThrough(name);
    zip.add(file);
    file.push(bytes, true);
    await send();
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

  // One snapshot: a sync round applying meanwhile lands wholly before or wholly after it.
  const snapshot = await db.transaction('r', db.tables, () => Promise.all(db.tables.map(async (t) => [t.name, await t.toArray()] as const)));
  for (const [table, rows] of snapshot) {
    manifest.rowCounts[table] = rows.length;
    for (let start = 0, part = 0; start < rows.length; start += ROWS_PER_PART, part++) {
      const stored: unknown[] = [];
      for (const [index, row] of rows.slice(start, start + ROWS_PER_PART).entries()) {
        stored.push(await withBlobsOut(row as Record<string, unknown>, `blobs/${table}/${start + index}`, add));
      }
      await add(partEntry(table, part), json(stored), true);
    }
  }

  const main: BackupMain = { main: await port.backupMainState(), settings: await port.settings() };
  await add(MAIN_ENTRY, json(main), true);
  const manifestFile = new ZipDeflate(MANIFEST_ENTRY, { level: 3 });
  zip.add(manifestFile);
  manifestFile.push(json(manifest), true);
  zip.end();
  await send(true);
  return manifest.rowCounts;
}

/** The row with each Blob field written as its own entry and replaced by a reference. */
async function withBlobsOut(
  row: Record<string, unknown>,
  prefix: string,
  add: (name: string, bytes: Uint8Array<ArrayBuffer>, compress: boolean) => Promise<void>,
): Promise<Record<string, unknown>> {
  let out: Record<string, unknown> | null = null;
  for (const [field, value] of Object.entries(row)) {
    if (!(value instanceof Blob)) continue;
    const name = `${prefix}/${field}`;
    // Receipt files are JPEG, PNG, WebP or PDF: already compressed.
    await add(name, new Uint8Array(await value.arrayBuffer()), false);
    out ??= { ...row };
    out[field] = { $blob: name, type: value.type } satisfies BlobRef;
  }
  return out ?? row;
}
