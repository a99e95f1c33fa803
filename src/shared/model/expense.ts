/**
 * The local expense as the app records it (renderer's Dexie `expenses` table), and the outbox
 * operation queued with every change. Field names are the app's; the mapping to the API's wire
 * names lives in one place (src/shared/kantata/mapping.ts).
 */
import { z } from 'zod';
import type { ApiExpense } from '../kantata/wire';
import { decimalFromApi } from '../money';

/** What the user sees for each row. */
export const SyncStateSchema = z.enum([
  'pending', // saved locally, not yet on the server (or a newer local edit is queued)
  'synced', // equals its server record after the last round
  'conflict', // a sync decision overwrote values the user may want back (see the conflict log)
  'error', // the server refused it (422/403...) with a message; the user must act
  'locked', // user_can_edit false on the server: submitted, approved or invoiced
]);
export type SyncState = z.infer<typeof SyncStateSchema>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A server expense as stored/returned; checked for its identity fields only (unknown keys pass). */
export const ApiExpenseSchema = z.custom<ApiExpense>(
  (v) => isRecord(v) && typeof v.id === 'string' && typeof v.updated_at === 'string' && typeof v.workspace_id === 'string',
  { message: 'expected a Kantata expense record' },
);

export const ForeignAmountSchema = z.object({
  /**
   * Decimal string in the foreign currency's units, e.g. "12.50". A number (Kantata's schema type,
   * kept by rows stored before decoding) is read as one.
   */
  value: z.union([z.string(), z.number()]).transform(decimalFromApi),
  /** ISO 4217 code. */
  currency: z.string(),
});
export type ForeignAmount = z.output<typeof ForeignAmountSchema>;

/**
 * The fields a user edits; each maps to one API attribute. The one list of them: the types, the
 * field names, the round protocol's checks and the synced fields are all derived from it.
 */
export const ExpenseFieldsSchema = z.object({
  workspaceId: z.string(),
  /** YYYY-MM-DD */
  date: z.string(),
  categoryId: z.string(),
  /** The category's name (the API requires both). */
  category: z.string(),
  /** int32 cents in the project's currency. */
  amountCents: z.number().int(),
  /** The project's currency (ISO 4217); informative, the server decides it from the project. */
  currency: z.string(),
  /** When set, the server converts it and it overrides amountCents. */
  foreignAmount: ForeignAmountSchema.nullable(),
  notes: z.string(),
  billable: z.boolean(),
  reimbursable: z.boolean(),
  vendorId: z.string().nullable(),
  /** A task; a project takes a task or an expense budget, never both. */
  storyId: z.string().nullable(),
  expenseBudgetId: z.string().nullable(),
  /** The local receipt row's id (receipts table), or null. */
  receiptId: z.string().nullable(),
});
export type ExpenseFields = z.output<typeof ExpenseFieldsSchema>;

export type ExpenseFieldName = keyof ExpenseFields;

/** In the schema's order (SYNCED_FIELDS keeps it). */
export const EXPENSE_FIELD_NAMES: readonly ExpenseFieldName[] = ExpenseFieldsSchema.keyof().options;

export const LocalExpenseSchema = ExpenseFieldsSchema.extend({
  /** Client-generated UUID: the primary key, and the external_reference service_model_ref. */
  id: z.string().min(1),
  /** The server's id once known. */
  remoteId: z.string().nullable(),
  syncState: SyncStateSchema,
  /** The server's (or the engine's) message when syncState is 'error' or 'conflict'. */
  syncMessage: z.string().nullable(),
  /** Local wall-clock ms of creation and of the last local edit. */
  createdAt: z.number(),
  updatedAt: z.number(),
  /** The last server version this record was reconciled with: the merge base for conflicts. */
  base: ApiExpenseSchema.nullable(),
  /** False when the server says the expense is locked. */
  userCanEdit: z.boolean(),
  /** Deleted locally, waiting for the server delete to settle: hidden from the list. */
  deleted: z.boolean(),
});
export type LocalExpense = z.output<typeof LocalExpenseSchema>;

/**
 * A new expense as recorded before it ever reaches the server: pending, with no server id and no
 * merge base. `id` defaults to a fresh UUID, `now` (its creation and edit time) to the clock.
 */
export function newLocalExpense(fields: ExpenseFields, options: { id?: string; now?: number } = {}): LocalExpense {
  const now = options.now ?? Date.now();
  return {
    ...fields,
    id: options.id ?? crypto.randomUUID(),
    remoteId: null,
    syncState: 'pending',
    syncMessage: null,
    createdAt: now,
    updatedAt: now,
    base: null,
    userCanEdit: true,
    deleted: false,
  };
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
  /** How many sync rounds this row was handed to main in (set by the renderer's sync executor before sending). */
  attempts?: number;
  /** Local ms before which the engine does not try this row again (backoff after a persistent failure). */
  notBefore?: number;
}
