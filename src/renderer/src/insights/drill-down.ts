/**
 * What a click on a bar, a slice, a table row or a tile means for the list: the one filter model
 * of the list (expense-list/list-model.ts, held by the expenses store) narrowed to that group.
 * The other filters stay as they are, so the list shows exactly the expenses the group summed.
 */
import type { ExpenseFilters } from '@renderer/expense-list/list-model';
import { monthRange } from './aggregate';

export type DrillTarget =
  | { kind: 'month'; key: string }
  | { kind: 'project'; key: string }
  | { kind: 'category'; key: string }
  | { kind: 'state'; state: 'pending' | 'error' }
  | { kind: 'billable'; billable: boolean };

export function filterFor(target: DrillTarget): Partial<ExpenseFilters> {
  switch (target.kind) {
    case 'month':
      return monthRange(target.key);
    case 'project':
      return { workspaceId: target.key };
    case 'category':
      return { categoryId: target.key };
    case 'state':
      return { syncState: target.state };
    case 'billable':
      return { billable: target.billable ? 'yes' : 'no' };
  }
}

export function applyDrill(filters: ExpenseFilters, target: DrillTarget): void {
  Object.assign(filters, filterFor(target));
}
