/**
 * Schemas of the contract calls that put the user's data into files (CSV and PDF exports,
 * backups) and read backups back. The renderer builds the bytes; main asks the user where
 * (the shell's dialogs) and writes them atomically: the renderer never touches the file system.
 */
import { z } from 'zod';
import { BackupAccountSchema } from './backup-account';

/** What a saved file is: picks the dialog's title and file type filter. */
export const ExportKindSchema = z.enum(['csv', 'pdf']);
export type ExportKind = z.infer<typeof ExportKindSchema>;

export const FileSaveRequestSchema = z.object({
  kind: ExportKindSchema,
  /** The name the dialog proposes, e.g. "expenses-2026-12-04.csv" (no folder). */
  suggestedName: z.string().min(1).max(200),
  bytes: z.instanceof(Uint8Array),
});
/** `fileName` is the base name the user chose, or null when they cancelled. */
export const FileSaveResultSchema = z.object({ saved: z.boolean(), fileName: z.string().nullable() });
export type FileSaveResult = z.infer<typeof FileSaveResultSchema>;

/** Where a backup goes: a file the user picks, or the automatic backup folder (keeping the last N). */
export const BackupTargetSchema = z.discriminatedUnion('to', [
  z.object({ to: z.literal('dialog'), suggestedName: z.string().min(1).max(200) }),
  z.object({ to: z.literal('folder'), folder: z.string().min(1), keep: z.number().int().min(1).max(365) }),
]);
export type BackupTarget = z.infer<typeof BackupTargetSchema>;

/** A write or read session id (null: the user cancelled the dialog). */
export const FileSessionSchema = z.object({ sessionId: z.string().nullable(), fileName: z.string().nullable() });
export type FileSession = z.infer<typeof FileSessionSchema>;

export const FileChunkSchema = z.object({ sessionId: z.string().min(1), bytes: z.instanceof(Uint8Array) });
export const FileReadChunkSchema = z.object({ bytes: z.instanceof(Uint8Array), done: z.boolean() });

/**
 * Main's part of a backup: its ledgers of writes sent to Kantata whose outcome may still be in
 * doubt (sync/sent-creates.ts) and of receipt uploads (receipts/ledger.ts). Without them a restored
 * profile could send a create again that Kantata is still committing. And the account the book
 * belongs to (backup-account.ts), so a restore never hands it to another account. Never the token.
 */
export const MainBackupStateSchema = z.object({
  version: z.literal(1),
  sentCreates: z.unknown(),
  receiptUploads: z.unknown(),
  /** The Kantata account connected when the backup was made (absent in older backups; null: none). */
  account: BackupAccountSchema.nullable().optional(),
});
export type MainBackupState = z.infer<typeof MainBackupStateSchema>;

/**
 * Main's answer to a restore of its part: `refused` names why it kept its ledgers as they were
 * (the match of src/shared/backup-account.ts; the renderer words it in the user's language), null
 * when they were merged.
 */
export const MainRestoreResultSchema = z.object({ refused: z.enum(['other-account', 'not-connected']).nullable() });
export type MainRestoreResult = z.infer<typeof MainRestoreResultSchema>;
