/**
 * Browser-side seeding for tests and the bench: reference data as the sync engine would store it,
 * and N synthetic expenses written straight into Dexie in bulk (100,000 in a few seconds).
 */
import { newLocalExpense, type ExpenseFields, type LocalExpense, type SyncState } from '@shared/model/expense';
import type { CourierDatabase } from '@renderer/db/database';
import type { CategoryRow, ExpenseBudgetRow, StoryRow, VendorRow, WorkspaceRow } from '@renderer/db/schema';
import { simExpenseFields } from '../common/sim-expense-fields';

const FETCHED_AT = Date.UTC(2026, 10, 1);

function workspace(id: string, title: string, currency: string, symbol: string, tracking: 'tasks' | 'budgets'): WorkspaceRow {
  return {
    id,
    title,
    archived: false,
    can_create_line_items: true,
    currency,
    currency_symbol: symbol,
    currency_base_unit: currency === 'JPY' ? 1 : 100,
    require_expense_approvals: false,
    expense_tracking: tracking,
    updated_at: '2026-10-01T10:00:00Z',
    created_at: '2026-01-01T10:00:00Z',
    fetchedAt: FETCHED_AT,
  };
}

/** A valid taxi expense's fields (workspace w1, category c1): the starting point of many tests. */
export const taxiFields: ExpenseFields = simExpenseFields(
  { workspaceId: 'w1', categoryId: 'c1', category: 'Travel' },
  { date: '2026-11-21', amountCents: 1250, notes: 'Taxi' },
);

export const seedWorkspaces: WorkspaceRow[] = [
  workspace('w1', 'Apollo rollout', 'USD', '$', 'tasks'),
  workspace('w2', 'Berlin migration', 'EUR', '€', 'budgets'),
  workspace('w3', 'Tokyo discovery', 'JPY', '¥', 'tasks'),
];

export const seedCategories: CategoryRow[] = ['Travel', 'Mileage', 'Lodging', 'Food', 'Entertainment', 'Other'].map(
  (name, i) => ({ id: `c${i + 1}`, name, deleted_at: null, fetchedAt: FETCHED_AT }),
);

export const seedVendors: VendorRow[] = [
  { id: 'v1', name: 'Lufthansa', archived: false, in_use: true, fetchedAt: FETCHED_AT },
  { id: 'v2', name: 'Hilton', archived: false, in_use: true, fetchedAt: FETCHED_AT },
];

export const seedStories: StoryRow[] = [
  { id: 's1', workspace_id: 'w1', title: 'Kickoff workshop', story_type: 'task', updated_at: '2026-10-01T10:00:00Z', fetchedAt: FETCHED_AT },
  { id: 's2', workspace_id: 'w3', title: 'Site visit', story_type: 'task', updated_at: '2026-10-01T10:00:00Z', fetchedAt: FETCHED_AT },
];

export const seedBudgets: ExpenseBudgetRow[] = [
  { id: 'b1', workspace_id: 'w2', title: 'Travel budget', updated_at: '2026-10-01T10:00:00Z', fetchedAt: FETCHED_AT },
];

export async function seedReferenceData(db: CourierDatabase): Promise<void> {
  await db.transaction('rw', [db.workspaces, db.categories, db.vendors, db.stories, db.expenseBudgets], async () => {
    await db.workspaces.bulkPut(seedWorkspaces);
    await db.categories.bulkPut(seedCategories);
    await db.vendors.bulkPut(seedVendors);
    await db.stories.bulkPut(seedStories);
    await db.expenseBudgets.bulkPut(seedBudgets);
  });
}

const NOTES = ['Taxi to airport', 'Client dinner', 'Hotel two nights', 'Train ticket', 'Parking', 'Team lunch', 'Conference fee'];
const STATES: SyncState[] = ['synced', 'synced', 'synced', 'pending', 'error', 'conflict', 'locked'];

/** A deterministic synthetic expense number `i` (dates spread over ~3 years back from 2026-11-30). */
export function syntheticExpense(i: number, overrides: Partial<LocalExpense> = {}): LocalExpense {
  const ws = seedWorkspaces[i % seedWorkspaces.length]!;
  const cat = seedCategories[i % seedCategories.length]!;
  const day = new Date(Date.UTC(2026, 10, 30) - Math.floor(i / 90) * 86_400_000);
  const date = day.toISOString().slice(0, 10);
  const state = STATES[i % STATES.length]!;
  return {
    ...newLocalExpense(
      {
        workspaceId: ws.id,
        date,
        categoryId: cat.id,
        category: cat.name,
        amountCents: 100 + ((i * 7919) % 50_000),
        currency: ws.currency,
        foreignAmount: null,
        notes: `${NOTES[i % NOTES.length]} #${i}`,
        billable: i % 2 === 0,
        reimbursable: i % 3 !== 0,
        vendorId: i % 5 === 0 ? 'v1' : null,
        storyId: ws.expense_tracking === 'tasks' && i % 4 === 0 ? (ws.id === 'w1' ? 's1' : 's2') : null,
        expenseBudgetId: ws.expense_tracking === 'budgets' && i % 4 === 0 ? 'b1' : null,
        receiptId: null,
      },
      { id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, now: FETCHED_AT },
    ),
    // Any other state stands for a row that has been on the server.
    remoteId: state === 'pending' ? null : String(100_000 + i),
    syncState: state,
    syncMessage: state === 'error' ? 'Date is too far in the past' : state === 'conflict' ? 'Changed in Kantata too' : null,
    userCanEdit: state !== 'locked',
    ...overrides,
  };
}

/** Bulk-insert `count` synthetic expenses (no outbox rows: they stand for already-known data). */
export async function seedExpenses(db: CourierDatabase, count: number, start = 0): Promise<void> {
  const CHUNK = 10_000;
  // One transaction: one commit (and one change notification) for the whole batch.
  await db.transaction('rw', db.expenses, async () => {
    for (let from = start; from < start + count; from += CHUNK) {
      const rows: LocalExpense[] = [];
      for (let i = from; i < Math.min(start + count, from + CHUNK); i++) rows.push(syntheticExpense(i));
      await db.expenses.bulkPut(rows);
    }
  });
}

/** A fresh, uniquely named database for one test; delete it in afterEach. */
export function testDbName(label: string): string {
  return `test-${label}-${crypto.randomUUID()}`;
}
