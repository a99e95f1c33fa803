import type { ApiExpense } from '@shared/kantata/wire';
import { newLocalExpense, type LocalExpense } from '@shared/model/expense';
import { simExpenseFields } from '../../support/common/sim-expense-fields';

export function apiExpense(overrides: Partial<ApiExpense> = {}): ApiExpense {
  return {
    id: '1001',
    created_at: '2026-03-01T10:00:00.000Z',
    updated_at: '2026-03-01T10:00:00.000Z',
    date: '2026-03-01',
    notes: 'taxi',
    category: 'Travel',
    amount_in_cents: 1200,
    currency: 'USD',
    currency_symbol: '$',
    currency_base_unit: 100,
    user_can_edit: true,
    is_invoiced: false,
    is_billable: true,
    reimbursable: true,
    taxable: false,
    receipt_id: null,
    vendor_id: null,
    story_id: null,
    expense_category_id: '1',
    expense_budget_id: null,
    role_id: null,
    workspace_id: '10',
    user_id: '7',
    active_submission_id: null,
    recent_submission_id: null,
    foreign_exchange_amount: null,
    ...overrides,
  };
}

export function localExpense(overrides: Partial<LocalExpense> = {}): LocalExpense {
  return {
    ...newLocalExpense(
      simExpenseFields({ workspaceId: '10', categoryId: '1', category: 'Travel' }, { date: '2026-03-01', amountCents: 1200 }),
      { id: 'c-1', now: 1 },
    ),
    ...overrides,
  };
}

/** A local row synced with `server` (remoteId, base and values from it). */
export function syncedLocal(server: ApiExpense, overrides: Partial<LocalExpense> = {}): LocalExpense {
  return localExpense({
    remoteId: server.id,
    base: server,
    notes: server.notes ?? '',
    amountCents: server.amount_in_cents,
    date: server.date,
    syncState: 'synced',
    ...overrides,
  });
}
