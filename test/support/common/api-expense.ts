/** A Kantata expense as the API returns it, for tests: every field set, overrides on top. */
import type { ApiExpense } from '@shared/kantata/wire';

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
