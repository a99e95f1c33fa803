/**
 * The renderer's Dexie database. Every window of the app opens the same IndexedDB (one origin),
 * so liveQuery keeps them in step. Schema changes add a version with an upgrade; the old
 * versions stay declared so any user's database upgrades step by step.
 */
import Dexie, { type DexieOptions, type Table, type Transaction } from 'dexie';
import type { LocalExpense } from '@shared/model/expense';
import type {
  CategoryRow,
  ConflictRow,
  ExpenseBudgetRow,
  ExpenseRow,
  MetaRow,
  OutboxRow,
  ReceiptRow,
  RemoteReceiptRow,
  StoryRow,
  SubmissionOutboxRow,
  SubmissionRow,
  VendorRow,
  WorkspaceRow,
} from './schema';

export const DB_NAME = 'expense-courier';

/** Version 1 (the first release): expenses, outbox, projects, categories, meta. */
export const SCHEMA_V1 = {
  expenses: 'id, remoteId, date, workspaceId, syncState',
  outbox: '++seq, expenseId',
  workspaces: 'id',
  categories: 'id',
  meta: 'key',
} as const;

/** Version 2: paging/filter indexes, vendors, budgets, tasks, receipts, conflict log. */
export const SCHEMA_V2 = {
  expenses: 'id, remoteId, date, workspaceId, categoryId, syncState, updatedAt, [date+id]',
  outbox: '++seq, expenseId, kind',
  workspaces: 'id, title',
  categories: 'id, name',
  vendors: 'id, name',
  expenseBudgets: 'id, workspace_id',
  stories: 'id, workspace_id',
  receipts: 'id, hash, createdAt, attachmentId',
  conflicts: '++id, expenseId, at',
  meta: 'key',
} as const;

/**
 * Version 3: the expense indexes nothing queries are gone (date, workspaceId, categoryId,
 * updatedAt: the list filters in memory, and pages by [date+id]). Each index costs every write,
 * and a first download writes tens of thousands of rows.
 */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  expenses: 'id, remoteId, syncState, [date+id]',
} as const;

/**
 * Version 4: expense report submissions and their outbox. `*expenseIds` finds the report
 * that holds an expense.
 */
export const SCHEMA_V4 = {
  ...SCHEMA_V3,
  submissions: 'id, remoteId, status, *expenseIds',
  submissionOutbox: '++seq, submissionId',
} as const;

/**
 * Version 5: indexes for the duplicate check before saving (src/renderer/src/duplicates/find.ts):
 * the receipt an expense holds, and its amount by currency and date (the project amount, and the
 * amount paid in another currency). IndexedDB builds them from the stored rows during the upgrade.
 */
export const SCHEMA_V5 = {
  ...SCHEMA_V4,
  expenses: `${SCHEMA_V4.expenses}, receiptId, [currency+amountCents+date], [foreignAmount.currency+foreignAmount.value+date]`,
} as const;

/**
 * Version 6 (current), indexes and a table only:
 * - receipts made elsewhere, for the duplicate check: `remoteReceipts` keeps what pulls learned of
 *   Kantata receipt attachments (by `filesize`, and by `hash` once their bytes were downloaded
 *   once); `base.receipt_id` finds the expenses whose Kantata record holds one. Local receipts were
 *   hashed (SHA-256) when stored since version 2, their `hash` index is kept.
 * - the category a read receipt suggests from the user's history
 *   (src/renderer/src/receipt-reading/history.ts), so a window without the expense list in memory
 *   (quick-add) finds the expenses with a vendor, or whose notes name a merchant, without reading
 *   every row: `vendorId`, and `notes` (prefix ranges for the merchant's first word).
 */
export const SCHEMA_V6 = {
  ...SCHEMA_V5,
  expenses: `${SCHEMA_V5.expenses}, base.receipt_id, vendorId, notes`,
  remoteReceipts: 'id, filesize, hash',
} as const;

export const CURRENT_VERSION = 6;

/** A version-1 expense row: it had no receipts, foreign amounts, sync messages, merge base, lock or tombstone. */
export type ExpenseRowV1 = Omit<
  LocalExpense,
  'receiptId' | 'foreignAmount' | 'syncMessage' | 'base' | 'userCanEdit' | 'deleted'
>;

/** v1 -> v2: fill every field v1 did not have, so v2 code can rely on the full LocalExpense shape. */
export async function upgradeToV2(tx: Transaction): Promise<void> {
  await tx
    .table('expenses')
    .toCollection()
    .modify((row: Partial<LocalExpense> & ExpenseRowV1) => {
      row.receiptId ??= null;
      row.foreignAmount ??= null;
      row.syncMessage ??= null;
      row.base ??= null;
      row.userCanEdit ??= row.syncState !== 'locked';
      row.deleted ??= false;
    });
  const updatedAt = new Map<string, number>();
  await tx
    .table('expenses')
    .each((row: LocalExpense) => updatedAt.set(row.id, row.updatedAt));
  await tx
    .table('outbox')
    .toCollection()
    .modify((row: Partial<OutboxRow> & { expenseId: string }) => {
      row.kind ??= 'create';
      row.at ??= updatedAt.get(row.expenseId) ?? Date.now();
    });
  const now = Date.now();
  await tx
    .table('workspaces')
    .toCollection()
    .modify((row: Partial<WorkspaceRow>) => {
      row.expense_tracking ??= 'tasks';
      row.fetchedAt ??= now;
    });
  await tx
    .table('categories')
    .toCollection()
    .modify((row: Partial<CategoryRow>) => {
      row.fetchedAt ??= now;
    });
}

export class CourierDatabase extends Dexie {
  expenses!: Table<ExpenseRow, string>;
  outbox!: Table<OutboxRow, number>;
  workspaces!: Table<WorkspaceRow, string>;
  categories!: Table<CategoryRow, string>;
  vendors!: Table<VendorRow, string>;
  expenseBudgets!: Table<ExpenseBudgetRow, string>;
  stories!: Table<StoryRow, string>;
  receipts!: Table<ReceiptRow, string>;
  conflicts!: Table<ConflictRow, string>;
  meta!: Table<MetaRow, string>;
  submissions!: Table<SubmissionRow, string>;
  submissionOutbox!: Table<SubmissionOutboxRow, number>;
  remoteReceipts!: Table<RemoteReceiptRow, string>;

  /** `options` lets tests open it in a storage bucket with its own quota (Dexie's `indexedDB` option). */
  constructor(name: string = DB_NAME, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores(SCHEMA_V1);
    this.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
    // Only indexes dropped: the rows stay as they are.
    this.version(3).stores(SCHEMA_V3);
    // Only tables added.
    this.version(4).stores(SCHEMA_V4);
    // Only indexes added.
    this.version(5).stores(SCHEMA_V5);
    // A table and indexes added; receipt metadata arrives with the next pulls.
    this.version(6).stores(SCHEMA_V6);
  }
}
