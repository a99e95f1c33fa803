/**
 * The backup file: a ZIP (fflate) holding the whole local book, written and read as a stream so
 * neither side ever holds the file whole. Every entry has its sizes in its local header (no data
 * descriptors, entry-zip.ts), so a streaming reader never has to guess where an entry ends; past
 * 4 GiB or 65,535 entries the file carries ZIP64 records (entry-zip.ts).
 *
 *   header.json             first: what this is and which database version wrote it
 *   tables/<table>/<n>.json the rows of each table in primary-key order, at most ROWS_PER_PART
 *                           per part, fewer when their Blob files pass 8 MB (JSON array)
 *   blobs/<table>/<n>       the bytes of each Blob field (receipt files, thumbnails), stored as is;
 *                           the row holds { $blob: "<entry>", type } in its place
 *   main.json               main's part (ledgers of writes in doubt, receipt uploads, the Kantata
 *                           account the book belongs to) and the settings
 *   manifest.json           last: SHA-256 and size of every other entry, and the row counts
 *
 * Restore checks every entry against the manifest, so a damaged or cut-short file is refused
 * before anything changes. Never the Kantata token: main never hands it out.
 */
import { z } from 'zod';
import { AppSettingsSchema } from '@shared/settings';
import { MainBackupStateSchema } from '@shared/files';

export const BACKUP_FORMAT = 'expense-courier-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const BACKUP_EXTENSION = 'ecbackup';
export const ROWS_PER_PART = 500;

export const HEADER_ENTRY = 'header.json';
export const MAIN_ENTRY = 'main.json';
export const MANIFEST_ENTRY = 'manifest.json';

export const BackupHeader = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().positive(),
  /** The Dexie version of the database the rows come from (older ones are upgraded on restore). */
  schemaVersion: z.number().int().positive(),
  createdAt: z.string(),
  app: z.object({ name: z.string(), version: z.string() }).nullable(),
});
export type BackupHeader = z.infer<typeof BackupHeader>;

export const BackupMain = z.object({
  main: MainBackupStateSchema,
  settings: AppSettingsSchema.nullable(),
});
export type BackupMain = z.infer<typeof BackupMain>;

export const BackupManifest = z.object({
  entries: z.record(z.string(), z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().min(0) })),
  rowCounts: z.record(z.string(), z.number().int().min(0)),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

/** A Blob field in a stored row. */
export const BlobRef = z.object({ $blob: z.string().startsWith('blobs/'), type: z.string() });
export type BlobRef = z.infer<typeof BlobRef>;

export const partEntry = (table: string, part: number): string => `tables/${table}/${String(part).padStart(5, '0')}.json`;
export const PART_ENTRY = /^tables\/([A-Za-z][A-Za-z0-9]*)\/\d{5}\.json$/;

export function backupFileName(today: string): string {
  return `expense-courier-${today}.${BACKUP_EXTENSION}`;
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}
