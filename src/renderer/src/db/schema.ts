/**
 * Row types of the renderer's IndexedDB database ('expense-courier'). Reference rows are the API
 * records as Kantata sends them (snake_case wire fields) plus when they were fetched.
 */
import type { LocalExpense, OutboxEntry, ExpenseFields } from '@shared/model/expense';
import type { ApiExpenseBudget, ApiExpenseCategory, ApiStory, ApiVendor, ApiWorkspace } from '@shared/kantata/wire';

export type ExpenseRow = LocalExpense;
export type OutboxRow = OutboxEntry;

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
}

/** One entry of the conflict log: values a sync decision replaced, kept so the user can restore them. */
export interface ConflictRow {
  id?: number;
  expenseId: string;
  /** Local wall-clock ms when the conflict was recorded. */
  at: number;
  /** The values that lost, field by field (what "Restore" would write back). */
  lost: Partial<ExpenseFields>;
  /** The values that won. */
  kept: Partial<ExpenseFields>;
  /** 'local' when the server's values won over a local edit, 'remote' the other way round. */
  loser: 'local' | 'remote';
  message: string;
  /** Set when the user dismissed or restored it. */
  resolvedAt: number | null;
}

/** Account display info shown in the app (never the token: that stays in main). */
export interface AccountInfo {
  userId: string;
  fullName: string;
  email: string;
}

/** The meta table's keys and their value types. */
export interface MetaValues {
  /** The pull cursor the sync engine gives back each round (opaque to the renderer). */
  syncCursor: unknown;
  account: AccountInfo | null;
  /** Local wall-clock ms of the last completed sync round. */
  lastSyncAt: number | null;
}
export type MetaKey = keyof MetaValues;
export interface MetaRow<K extends MetaKey = MetaKey> {
  key: K;
  value: MetaValues[K];
}
