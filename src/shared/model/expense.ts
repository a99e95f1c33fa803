/**
 * The local expense as the app records it (renderer's Dexie `expenses` table), and the outbox
 * operation queued with every change. Field names are the app's; the mapping to the API's wire
 * names lives in one place (src/shared/kantata/mapping.ts).
 */
import type { ApiExpense } from '../kantata/wire';

/** What the user sees for each row. */
export type SyncState =
  | 'pending' // saved locally, not yet on the server (or a newer local edit is queued)
  | 'synced' // equals its server record after the last round
  | 'conflict' // a sync decision overwrote values the user may want back (see the conflict log)
  | 'error' // the server refused it (422/403...) with a message; the user must act
  | 'locked'; // user_can_edit false on the server: submitted, approved or invoiced

export interface ForeignAmount {
  /** Decimal string in the foreign currency's units, e.g. "12.50". */
  value: string;
  /** ISO 4217 code. */
  currency: string;
}

/** The fields a user edits; each maps to one API attribute. */
export interface ExpenseFields {
  workspaceId: string;
  /** YYYY-MM-DD */
  date: string;
  categoryId: string;
  /** The category's name (the API requires both). */
  category: string;
  /** int32 cents in the project's currency. */
  amountCents: number;
  /** The project's currency (ISO 4217); informative, the server decides it from the project. */
  currency: string;
  /** When set, the server converts it and it overrides amountCents. */
  foreignAmount: ForeignAmount | null;
  notes: string;
  billable: boolean;
  reimbursable: boolean;
  vendorId: string | null;
  /** A task; a project takes a task or an expense budget, never both. */
  storyId: string | null;
  expenseBudgetId: string | null;
  /** The local receipt row's id (receipts table), or null. */
  receiptId: string | null;
}

export type ExpenseFieldName = keyof ExpenseFields;

export const EXPENSE_FIELD_NAMES: readonly ExpenseFieldName[] = [
  'workspaceId',
  'date',
  'categoryId',
  'category',
  'amountCents',
  'currency',
  'foreignAmount',
  'notes',
  'billable',
  'reimbursable',
  'vendorId',
  'storyId',
  'expenseBudgetId',
  'receiptId',
] as const;

export interface LocalExpense extends ExpenseFields {
  /** Client-generated UUID: the primary key, and the external_reference service_model_ref. */
  id: string;
  /** The server's id once known. */
  remoteId: string | null;
  syncState: SyncState;
  /** The server's (or the engine's) message when syncState is 'error' or 'conflict'. */
  syncMessage: string | null;
  /** Local wall-clock ms of creation and of the last local edit. */
  createdAt: number;
  updatedAt: number;
  /** The last server version this record was reconciled with: the merge base for conflicts. */
  base: ApiExpense | null;
  /** False when the server says the expense is locked. */
  userCanEdit: boolean;
  /** Deleted locally, waiting for the server delete to settle: hidden from the list. */
  deleted: boolean;
}

export type OutboxKind = 'create' | 'update' | 'delete';

/** One queued local change; the outbox is ordered by its auto-increment `seq`. */
export interface OutboxEntry {
  seq?: number;
  expenseId: string;
  kind: OutboxKind;
  /** For updates: only the fields this edit changed, with their new values. */
  changes?: Partial<ExpenseFields>;
  /** Local wall-clock ms when the user made the change (corrected for skew by the engine). */
  at: number;
  /** How many sync rounds this row was handed to main in (set by the renderer's sync runner before sending). */
  attempts?: number;
  /** Local ms before which the engine does not try this row again (backoff after a persistent failure). */
  notBefore?: number;
}
