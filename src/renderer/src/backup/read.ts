/**
 * Reads a backup file from main in chunks and stages it in a scratch database: every entry is
 * checked against the manifest, and a backup from an older database version is upgraded by the
 * app's own upgrade steps (the scratch database is opened at the backup's version, filled, then
 * opened as the current CourierDatabase). Nothing of the user's data is touched here: a damaged,
 * foreign or newer file is refused with a BackupError that says which.
 */
import Dexie, { type DexieOptions } from 'dexie';
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import type { CourierApi } from '@shared/contract';
import type { BackupAccount } from '@shared/backup-account';
import type { AccountInfo } from '@renderer/db/schema';
import { CourierDatabase, CURRENT_VERSION, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5, SCHEMA_V6 } from '@renderer/db/database';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupHeader,
  BackupMain,
  BackupManifest,
  BlobRef,
  HEADER_ENTRY,
  MAIN_ENTRY,
  MANIFEST_ENTRY,
  PART_ENTRY,
  sha256Hex,
} from './format';
import { t } from '@renderer/i18n';

export type BackupReadPort = Pick<CourierApi, 'backupReadBegin' | 'backupReadChunk' | 'backupReadEnd'>;

export type BackupProblem = 'not-a-backup' | 'damaged' | 'newer' | 'other-account' | 'not-connected';

export class BackupError extends Error {
  constructor(
    readonly problem: BackupProblem,
    message: string,
    /** What exactly is wrong with the file, for "Details". */
    readonly detail: string | null = null,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

/** The tables of each database version a backup may come from (database.ts keeps them all). */
const SCHEMAS: Record<number, Record<string, string>> = { 1: SCHEMA_V1, 2: SCHEMA_V2, 3: SCHEMA_V3, 4: SCHEMA_V4, 5: SCHEMA_V5, 6: SCHEMA_V6 };

/** A verified backup, upgraded to the current version, waiting in its own database. */
export interface StagedBackup {
  fileName: string;
  header: BackupHeader;
  main: BackupMain;
  rowCounts: Record<string, number>;
  /**
   * The Kantata account the book belongs to: as main recorded it, or for a backup older than
   * that, the user the book's own account row names (host unknown). Null: it never synced.
   */
  owner: BackupAccount | null;
  /** That user's name as the book knew it, for messages. */
  ownerName: string | null;
  scratch: CourierDatabase;
  /** Deletes the scratch database. */
  discard(): Promise<void>;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * Asks main for a file (open dialog) and stages it; null when the user cancelled. `dexieOptions`
 * opens the scratch database where the app's is (tests: fake-indexeddb).
 */
export async function readBackup(port: BackupReadPort, dexieOptions?: DexieOptions): Promise<StagedBackup | null> {
  const session = await port.backupReadBegin();
  if (!session.sessionId) return null;
  const fileName = session.fileName ?? 'The file';
  try {
    return await stage(port, session.sessionId, fileName, dexieOptions);
  } finally {
    await port.backupReadEnd({ sessionId: session.sessionId }).catch(() => undefined);
  }
}

interface Entry {
  name: string;
  bytes: Uint8Array<ArrayBuffer>;
}

async function stage(port: BackupReadPort, sessionId: string, fileName: string, dexieOptions?: DexieOptions): Promise<StagedBackup> {
  const notABackup = (): BackupError => new BackupError('not-a-backup', t('backup.notABackup', { file: fileName }));
  const damaged = (detail: string): BackupError => new BackupError('damaged', t('backup.damaged', { file: fileName }), detail);

  // Entries complete synchronously inside the unzipper's callbacks; they are handled between pushes.
  const done: Entry[] = [];
  let unzipError: Error | null = null;
  const unzip = new Unzip((file: UnzipFile) => {
    const parts: Uint8Array[] = [];
    file.ondata = (error, chunk, final) => {
      if (error) {
        unzipError = error;
        return;
      }
      parts.push(chunk);
      if (final) done.push({ name: file.name, bytes: concat(parts) });
    };
    file.start();
  });
  unzip.register(UnzipInflate);

  let header: BackupHeader | null = null;
  let main: BackupMain | null = null;
  let manifest: BackupManifest | null = null;
  const seen = new Map<string, string>();
  const rowCounts: Record<string, number> = {};
  let scratchName: string | null = null;
  let scratch: Dexie | null = null;
  const blobs = new Map<string, Blob>();

  const fail = async (error: BackupError): Promise<never> => {
    await (scratch as Dexie | null)?.delete().catch(() => undefined);
    throw error;
  };

  const parseJson = (entry: Entry): unknown => {
    try {
      return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(entry.bytes)) as unknown;
    } catch {
      throw damaged(`${entry.name} is unreadable`);
    }
  };

  const handle = async (entry: Entry): Promise<void> => {
    if (!header) {
      if (entry.name !== HEADER_ENTRY) throw notABackup();
      const parsed = BackupHeader.safeParse(safeJson(entry.bytes));
      if (!parsed.success || parsed.data.format !== BACKUP_FORMAT) throw notABackup();
      header = parsed.data;
      if (header.formatVersion > BACKUP_FORMAT_VERSION || header.schemaVersion > CURRENT_VERSION) {
        throw new BackupError('newer', t('backup.newer', { file: fileName }));
      }
      const schema = SCHEMAS[header.schemaVersion];
      if (!schema) throw notABackup();
      scratchName = `expense-courier-restore-${crypto.randomUUID()}`;
      scratch = new Dexie(scratchName, dexieOptions);
      scratch.version(header.schemaVersion).stores(schema);
      await scratch.open();
      seen.set(entry.name, await sha256Hex(entry.bytes));
      return;
    }
    if (seen.has(entry.name)) throw damaged(`${entry.name} appears twice`);
    if (entry.name === MANIFEST_ENTRY) {
      const parsed = BackupManifest.safeParse(parseJson(entry));
      if (!parsed.success) throw damaged('its table of contents is unreadable');
      manifest = parsed.data;
      seen.set(entry.name, '');
      return;
    }
    if (manifest) throw damaged(`${entry.name} follows the table of contents`);
    seen.set(entry.name, await sha256Hex(entry.bytes));
    if (entry.name === MAIN_ENTRY) {
      const parsed = BackupMain.safeParse(parseJson(entry));
      if (!parsed.success) throw damaged('its sync records are unreadable');
      main = parsed.data;
    } else if (entry.name.startsWith('blobs/')) {
      blobs.set(entry.name, new Blob([entry.bytes]));
    } else {
      const table = PART_ENTRY.exec(entry.name)?.[1];
      const rows = parseJson(entry);
      if (!table || !Array.isArray(rows)) throw damaged(`${entry.name} is not part of a backup`);
      if (!scratch!.tables.some((t) => t.name === table)) throw damaged(`${entry.name} names an unknown table`);
      rowCounts[table] = (rowCounts[table] ?? 0) + rows.length;
      // A row's Blob entries come before its part (write.ts): each is stored with its row and let go.
      await scratch!.table(table).bulkPut((rows as Record<string, unknown>[]).map((row) => withBlobsIn(row, blobs, damaged)));
    }
  };

  // The ZIP's closing record (end of central directory): without it the file was cut short.
  let tail: Uint8Array = new Uint8Array(0);
  try {
    let first = true;
    for (;;) {
      const chunk = await port.backupReadChunk({ sessionId });
      tail = lastBytes(tail, chunk.bytes, EOCD_SIZE);
      if (first && !chunk.done) {
        if (chunk.bytes.byteLength < 4 || ZIP_MAGIC.some((b, i) => chunk.bytes[i] !== b)) throw notABackup();
        first = false;
      }
      if (first && chunk.done) throw notABackup();
      try {
        unzip.push(chunk.bytes, chunk.done);
      } catch {
        throw damaged('its contents cannot be unpacked');
      }
      if (unzipError) throw damaged('its contents cannot be unpacked');
      for (const entry of done.splice(0)) await handle(entry);
      if (chunk.done) break;
    }
    if (!header) throw notABackup();
    const m = manifest as BackupManifest | null;
    if (!m || !isEndOfZip(tail, seen.size)) throw damaged('it ends early');
    for (const [name, expected] of Object.entries(m.entries)) {
      const got = seen.get(name);
      if (got === undefined) throw damaged(`${name} is missing`);
      if (got !== expected.sha256) throw damaged(`${name} does not match its checksum`);
    }
    for (const name of seen.keys()) if (name !== MANIFEST_ENTRY && !(name in m.entries)) throw damaged(`${name} is not listed`);
    if (!main) throw damaged('its sync records are missing');
    if (blobs.size > 0) throw damaged(`${[...blobs.keys()][0]} belongs to no row`);
    for (const [table, count] of Object.entries(m.rowCounts)) {
      if ((rowCounts[table] ?? 0) !== count) throw damaged(`${table} holds ${rowCounts[table] ?? 0} rows instead of ${count}`);
    }
  } catch (error) {
    if (error instanceof BackupError) return fail(error);
    await fail(damaged(error instanceof Error ? error.message : String(error)));
  }

  // The app's own upgrade steps bring an older backup to the current version.
  (scratch as Dexie | null)?.close();
  const upgraded = new CourierDatabase(scratchName!, dexieOptions);
  try {
    await upgraded.open();
  } catch (error) {
    await upgraded.delete().catch(() => undefined);
    throw damaged(`its data cannot be upgraded: ${error instanceof Error ? error.message : String(error)}`);
  }
  const staged = main as BackupMain | null;
  const bookAccount = (await upgraded.meta.get('account'))?.value as AccountInfo | null | undefined;
  const owner = staged!.main.account ?? (bookAccount?.userId ? { userId: bookAccount.userId, host: null } : null);
  return {
    fileName,
    header: header!,
    main: staged!,
    rowCounts,
    owner,
    ownerName: bookAccount && bookAccount.userId === owner?.userId ? bookAccount.fullName || bookAccount.email : null,
    scratch: upgraded,
    discard: () => upgraded.delete(),
  };
}

function withBlobsIn(
  row: Record<string, unknown>,
  blobs: Map<string, Blob>,
  damaged: (detail: string) => BackupError,
): Record<string, unknown> {
  let out: Record<string, unknown> | null = null;
  for (const [field, value] of Object.entries(row)) {
    // Only a reference is checked against its schema: parsing every field of every row took half the staging time.
    if (typeof value !== 'object' || value === null || !('$blob' in value)) continue;
    const ref = BlobRef.safeParse(value);
    if (!ref.success) continue;
    const blob = blobs.get(ref.data.$blob);
    if (!blob) throw damaged(`${ref.data.$blob} is missing`);
    blobs.delete(ref.data.$blob);
    out ??= { ...row };
    out[field] = new Blob([blob], { type: ref.data.type });
  }
  return out ?? row;
}

const EOCD_SIZE = 22;

function lastBytes(previous: Uint8Array, next: Uint8Array, n: number): Uint8Array {
  if (next.byteLength >= n) return next.slice(next.byteLength - n);
  const joined = concat([previous, next]);
  return joined.slice(Math.max(0, joined.byteLength - n));
}

/** The file ends with the ZIP's end-of-central-directory record (no comment), listing `entries` files. */
function isEndOfZip(tail: Uint8Array, entries: number): boolean {
  if (tail.byteLength !== EOCD_SIZE) return false;
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  return view.getUint32(0, true) === 0x06054b50 && view.getUint16(10, true) === entries;
}

function safeJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    return null;
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
