import type { ApiExpense } from '@shared/kantata/wire';
import { newLocalExpense, type LocalExpense } from '@shared/model/expense';
import { simExpenseFields } from '../../support/common/sim-expense-fields';

export { apiExpense } from '../../support/common/api-expense';

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
