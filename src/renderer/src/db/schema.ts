/**
 * Row types of the renderer's IndexedDB database ('expense-courier'). Reference rows are the API
 * records as Kantata sends them (snake_case wire fields) plus when they were fetched.
 */
import type { LocalExpense, OutboxEntry } from '@shared/model/expense';
import type { AppSettings } from '@shared/settings';
import type { LocalSubmission, SubmissionOutboxEntry } from '@shared/model/submission';
import type { ConflictEntry } from '@shared/protocol/round';
import type { ReferenceCursors } from '@shared/protocol/reference';
import type { ReceiptAttachment } from '@shared/protocol/receipt-attachments';
import type { ApiExpenseBudget, ApiExpenseCategory, ApiStory, ApiVendor, ApiWorkspace } from '@shared/kantata/wire';

export type ExpenseRow = LocalExpense;
export type OutboxRow = OutboxEntry;
export type SubmissionRow = LocalSubmission;
export type SubmissionOutboxRow = SubmissionOutboxEntry;

interface Fetched {
  /** Local wall-clock ms when this row was downloaded. */
  fetchedAt: number;
}
export type WorkspaceRow = ApiWorkspace & Fetched;
export type CategoryRow = ApiExpenseCategory & Fetched;
export type VendorRow = ApiVendor & Fetched;
export type ExpenseBudgetRow = ApiExpenseBudget & Fetched;
export type StoryRow = ApiStory & Fetched;

/** A receipt file kept locally until (and after) it is uploaded as a Kantata attachment. */
export interface ReceiptRow {
  /** Client UUID. */
  id: string;
  /** Hex SHA-256 of the bytes: the same file attached twice is stored and uploaded once. */
  hash: string;
  blob: Blob;
  mime: string;
  size: number;
  name: string;
  createdAt: number;
  /** The Kantata attachment id once uploaded, else null. */
  attachmentId: string | null;
  /**
   * An attachment id Kantata refused for an expense (deleted there): the next upload sends the
   * bytes again instead of reusing it. Set once; a second refusal is left to the user.
   */
  refusedAttachmentId?: string | null;
  /** Preview image (WebP) for the list and the form; null when none can be made (HEIC). */
  thumbnail?: Blob | null;
  /** Pages of a PDF receipt; null for photos. */
  pageCount?: number | null;
}

/**
 * A Kantata receipt attachment held by a pulled expense (one recorded on another device or in
 * Kantata's web UI), as the pull side-loaded it: enough to spot a receipt with the same bytes
 * before a save without downloading every file.
 */
export interface RemoteReceiptRow extends ReceiptAttachment {
  /** Hex SHA-256 of its bytes once downloaded (at most once), else null. */
  hash: string | null;
  /** Local wall-clock ms when the pull brought it. */
  fetchedAt: number;
}

/**
 * One entry of the conflict log: the sync engine's decision with both versions
 * (ConflictEntry, src/shared/protocol/round.ts; its id is `${roundId}:${expenseId}`, so applying
 * the same round twice writes the same row), plus when it was stored and whether the user
 * has dealt with it.
 */
export interface ConflictRow extends ConflictEntry {
  /** Local wall-clock ms when the entry was stored. */
  at: number;
  /** Set when the user restored the other version or dismissed the entry. */
  resolvedAt: number | null;
}

/** Account display info shown in the app (never the token: that stays in main). */
export interface AccountInfo {
  userId: string;
  fullName: string;
  email: string;
}

export interface AutoBackupConfig {
  enabled: boolean;
  /** The folder main writes to (chosen with its folder dialog). */
  folder: string;
  /** How many of the newest automatic backups to keep. */
  keep: number;
  /** Local wall-clock ms of the last automatic backup, and the last failure's message. */
  lastAt: number | null;
  lastError: string | null;
}

/** The meta table's keys and their value types. */
export interface MetaValues {
  /** The pull cursor the sync engine gives back each round (opaque to the renderer). */
  syncCursor: unknown;
  account: AccountInfo | null;
  /** Local wall-clock ms of the last completed sync round. */
  lastSyncAt: number | null;
  /** Incremental reference-data cursors the sync engine gives back (null: download everything). */
  referenceCursors: ReferenceCursors | null;
  /** Client ids seen on two server records: sent as `checkClientIds` until main has checked them. */
  duplicateChecks: string[];
  /** The submissions pull cursor the sync engine gives back (null or absent: pull every submission). */
  submissionCursor: string | null;
  /** The automatic daily backup (Settings → Backup and restore); absent or null: off. */
  autoBackup: AutoBackupConfig | null;
  /**
   * The journal of a restore replacing the book (backup/restore.ts): present from the moment the
   * user's confirmed restore starts until it is over, so one cut short is finished or rolled back
   * at the next start (backup/restore-recovery.ts).
   */
  restoreInProgress: RestoreJournal | null;
}

/**
 * Where a restore got to. 'prepared': the book is untouched (a cut-short restore is rolled back);
 * 'copying': main's ledgers are merged and the book was emptied, it is being filled from the
 * staged copy `scratchName` (finished from it); 'copied': only the settings and clean-up remain.
 * Marks written before restores could finish themselves have neither `scratchName` nor `phase`.
 */
export interface RestoreJournal {
  fileName: string;
  startedAt: number;
  scratchName?: string;
  phase?: 'prepared' | 'copying' | 'copied';
  /** The backup's settings, applied when the copy is done. */
  settings?: AppSettings | null;
}
export type MetaKey = keyof MetaValues;
export interface MetaRow<K extends MetaKey = MetaKey> {
  key: K;
  value: MetaValues[K];
}
