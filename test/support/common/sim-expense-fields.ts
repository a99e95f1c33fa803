/**
 * The expense fields the sync tests save against a simulator world (its project and category),
 * shared by the Node tests (test/sync) and the browser ones (test/support/browser/sync-world.ts).
 * Plain TypeScript: no Node or DOM API.
 */
import type { ExpenseFields } from '@shared/model/expense';

export interface SimProjectRefs {
  workspaceId: string;
  categoryId: string;
  category: string;
}

export function simExpenseFields(world: SimProjectRefs, overrides: Partial<ExpenseFields> = {}): ExpenseFields {
  return {
    workspaceId: world.workspaceId,
    date: '2026-03-14',
    categoryId: world.categoryId,
    category: world.category,
    amountCents: 1234,
    currency: 'USD',
    foreignAmount: null,
    notes: 'taxi',
    billable: true,
    reimbursable: true,
    vendorId: null,
    storyId: null,
    expenseBudgetId: null,
    receiptId: null,
    ...overrides,
  };
}
