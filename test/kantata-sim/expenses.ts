import type { ApiError, ApiExpenseWrite, ApiExternalReferenceWrite } from '@shared/kantata/wire';
import type { SimClock } from './clock';
import { currencyBaseUnit, isLocked } from './serialize';
import type { SimExpense, SimStore, SimUser } from './store';

/**
 * Expense rules shared by the HTTP API and the admin interface ("someone else" edits go through
 * the same validation, so the data a test seeds is data the real API would hold).
 */

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** USD per unit, for the simulated foreign-exchange conversion. */
const USD_PER_UNIT: Record<string, number> = {
  USD: 1, EUR: 1.08, GBP: 1.27, CAD: 0.73, AUD: 0.66, CHF: 1.12, JPY: 0.0067, SEK: 0.095, NZD: 0.6, INR: 0.012, SGD: 0.74, MYR: 0.21,
  // Currencies whose ISO minor units differ from common display digits (HUF 2, IQD 3, KWD 3).
  HUF: 0.0028, IQD: 0.00076, KWD: 3.25,
};

export type ExpenseInput = ApiExpenseWrite & Record<string, unknown>;

function err(field: string, message: string, index?: number): ApiError {
  const e: ApiError = { type: 'validation', field, message };
  if (index !== undefined) e.index = index;
  return e;
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** A foreign key as the API accepts it: a string or number id. */
function idOf(v: unknown): string | null {
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  if (typeof v === 'string' && /^\d+$/.test(v)) return v;
  return null;
}

export function isIsoDate(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

function parseCents(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return null;
}

function isBool(v: unknown): boolean {
  return typeof v === 'boolean';
}

export class ExpenseRules {
  constructor(
    private readonly store: SimStore,
    private readonly clock: SimClock,
  ) {}

  private label(field: string): string {
    const labels: Record<string, string> = {
      workspace_id: 'Workspace', date: 'Date', expense_category_id: 'Expense category', category: 'Category',
      amount_in_cents: 'Amount in cents',
    };
    return labels[field] ?? field;
  }

  /** Validation of a create (all required fields) or an update (only what is present). */
  validate(user: SimUser, input: ExpenseInput, existing: SimExpense | null, index?: number): ApiError[] {
    const errors: ApiError[] = [];
    const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(input, k);
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return [err('base', 'Expense must be an object', index)];
    }

    if (!existing) {
      const required = ['workspace_id', 'date', 'expense_category_id', 'category'];
      if (isBlank(input.foreign_exchange_amount)) required.push('amount_in_cents');
      for (const f of required) if (isBlank(input[f])) errors.push(err(f, `${this.label(f)} can't be blank`, index));
    }

    // Workspace: must exist, be visible and take expenses; never changes after create.
    let workspaceId = existing?.workspace_id ?? null;
    if (existing && has('workspace_id') && idOf(input.workspace_id) !== existing.workspace_id) {
      errors.push(err('workspace_id', 'Workspace cannot be changed', index));
    } else if (!existing && !isBlank(input.workspace_id)) {
      workspaceId = idOf(input.workspace_id);
      const ws = workspaceId ? this.store.workspaces.get(workspaceId) : undefined;
      if (!ws) {
        errors.push(err('workspace_id', 'Workspace does not exist or is not visible to you', index));
        workspaceId = null;
      } else if (ws.archived || !ws.can_create_line_items) {
        errors.push(err('workspace_id', 'You cannot create expenses in this project', index));
      }
    }
    const ws = workspaceId ? this.store.workspaces.get(workspaceId) : undefined;

    if (has('date') && !isBlank(input.date) && !isIsoDate(input.date)) {
      errors.push(err('date', 'Date is not a valid date (expected YYYY-MM-DD)', index));
    } else if (existing && has('date') && isBlank(input.date)) {
      errors.push(err('date', "Date can't be blank", index));
    }

    if (has('amount_in_cents') && !isBlank(input.amount_in_cents)) {
      const cents = parseCents(input.amount_in_cents);
      if (cents === null) errors.push(err('amount_in_cents', 'Amount in cents must be an integer', index));
      else if (cents < INT32_MIN || cents > INT32_MAX) errors.push(err('amount_in_cents', 'Amount in cents is out of range', index));
    } else if (existing && has('amount_in_cents')) {
      errors.push(err('amount_in_cents', "Amount in cents can't be blank", index));
    }

    if (has('category') && !isBlank(input.category) && typeof input.category !== 'string') {
      errors.push(err('category', 'Category must be a string', index));
    } else if (existing && has('category') && isBlank(input.category)) {
      errors.push(err('category', "Category can't be blank", index));
    }

    if (has('expense_category_id') && !isBlank(input.expense_category_id)) {
      const id = idOf(input.expense_category_id);
      const cat = id ? this.store.categories.get(id) : undefined;
      if (!cat || cat.deleted_at) errors.push(err('expense_category_id', 'Expense category does not exist or is inactive', index));
    } else if (existing && has('expense_category_id')) {
      errors.push(err('expense_category_id', "Expense category can't be blank", index));
    }

    if (has('notes') && input.notes !== null && typeof input.notes !== 'string') {
      errors.push(err('notes', 'Notes must be a string', index));
    }
    for (const f of ['billable', 'reimbursable'] as const) {
      if (has(f) && !isBool(input[f])) errors.push(err(f, `${f} must be true or false`, index));
    }

    if (has('vendor_id') && !isBlank(input.vendor_id)) {
      const id = idOf(input.vendor_id);
      if (!id || !this.store.vendors.has(id)) errors.push(err('vendor_id', 'Vendor does not exist', index));
    }

    if (has('receipt_id') && !isBlank(input.receipt_id)) {
      const id = idOf(input.receipt_id);
      const a = id ? this.store.attachments.get(id) : undefined;
      if (!a || a.deleted_at || a.direct || a.type !== 'receipt' || a.user_id !== user.id) {
        errors.push(err('receipt_id', 'Receipt does not refer to an existing receipt attachment', index));
      }
    }

    if (has('user_id') && !isBlank(input.user_id) && idOf(input.user_id) !== user.id) {
      errors.push(err('user_id', 'You can only log expenses for yourself', index));
    }

    // A project takes tasks or expense budgets, never both.
    const storyId = has('story_id') ? input.story_id : existing?.story_id;
    const budgetId = has('expense_budget_id') ? input.expense_budget_id : existing?.expense_budget_id;
    if (ws) {
      const tracking = ws.expense_tracking ?? 'tasks';
      if (!isBlank(storyId)) {
        const story = this.store.stories.get(idOf(storyId) ?? '');
        if (tracking !== 'tasks') errors.push(err('story_id', 'This project tracks expenses by budget, not by task', index));
        else if (!story || story.workspace_id !== ws.id) errors.push(err('story_id', 'Task does not exist in this project', index));
      }
      if (!isBlank(budgetId)) {
        const budget = this.store.budgets.get(idOf(budgetId) ?? '');
        if (tracking !== 'budgets') errors.push(err('expense_budget_id', 'This project tracks expenses by task, not by budget', index));
        else if (!budget || budget.workspace_id !== ws.id) errors.push(err('expense_budget_id', 'Expense budget does not exist in this project', index));
      }
    }

    if (has('foreign_exchange_amount') && input.foreign_exchange_amount !== null) {
      const fx = input.foreign_exchange_amount as { source_value?: unknown; source_currency?: unknown };
      const value = typeof fx?.source_value === 'number' ? String(fx.source_value) : fx?.source_value;
      if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value)) {
        errors.push(err('foreign_exchange_amount', 'Source value must be a decimal number', index));
      }
      if (typeof fx?.source_currency !== 'string' || !(fx.source_currency in USD_PER_UNIT)) {
        errors.push(err('foreign_exchange_amount', 'Source currency is not supported', index));
      }
    }

    if (has('external_reference') && input.external_reference !== null) {
      const ref = input.external_reference as Partial<ApiExternalReferenceWrite> | undefined;
      for (const f of ['service_name', 'service_model', 'service_model_ref'] as const) {
        if (typeof ref?.[f] !== 'string' || ref[f] === '') errors.push(err('external_reference', `External reference ${f} can't be blank`, index));
      }
    }
    return errors;
  }

  private applyFields(e: SimExpense, input: ExpenseInput): void {
    const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(input, k);
    if (has('date')) e.date = input.date as string;
    if (has('notes')) e.notes = (input.notes as string | null) ?? null;
    if (has('category')) e.category = input.category as string;
    if (has('amount_in_cents')) e.amount_in_cents = parseCents(input.amount_in_cents) ?? e.amount_in_cents;
    if (has('expense_category_id')) e.expense_category_id = idOf(input.expense_category_id);
    if (has('billable')) e.is_billable = input.billable as boolean;
    if (has('reimbursable')) e.reimbursable = input.reimbursable as boolean;
    if (has('receipt_id')) e.receipt_id = isBlank(input.receipt_id) ? null : idOf(input.receipt_id);
    if (has('vendor_id')) e.vendor_id = isBlank(input.vendor_id) ? null : idOf(input.vendor_id);
    if (has('story_id')) e.story_id = isBlank(input.story_id) ? null : idOf(input.story_id);
    if (has('expense_budget_id')) e.expense_budget_id = isBlank(input.expense_budget_id) ? null : idOf(input.expense_budget_id);
    if (has('foreign_exchange_amount')) {
      const fx = input.foreign_exchange_amount;
      if (!fx) e.foreign_exchange_amount = null;
      else {
        const target = this.store.workspaces.get(e.workspace_id)?.currency ?? 'USD';
        const rate = (USD_PER_UNIT[fx.source_currency] ?? 1) / (USD_PER_UNIT[target] ?? 1);
        const value = String(fx.source_value);
        e.foreign_exchange_amount = {
          date: e.date, rate: Math.round(rate * 1e6) / 1e6, source_currency: fx.source_currency, source_value: value,
        };
        // The foreign amount overrides amount_in_cents.
        e.amount_in_cents = Math.round(Number(value) * rate * currencyBaseUnit(target));
      }
    }
  }

  private addReference(expenseId: string, ref: ApiExternalReferenceWrite, stamp: string): void {
    const id = this.store.nextId('external_reference');
    this.store.addReference({
      id, subject_type: 'Expense', subject_id: expenseId, service_name: ref.service_name,
      service_model: ref.service_model, service_model_ref: ref.service_model_ref, created_at: stamp, updated_at: stamp,
    });
  }

  /** Creates a validated expense. */
  create(user: SimUser, input: ExpenseInput): SimExpense {
    const stamp = this.clock.stamp();
    const e: SimExpense = {
      id: this.store.nextId('expense'), created_at: stamp, updated_at: stamp, date: '', notes: null, category: '',
      amount_in_cents: 0, is_invoiced: false, is_billable: true, reimbursable: true, taxable: false, receipt_id: null,
      vendor_id: null, story_id: null, expense_category_id: null, expense_budget_id: null, role_id: null,
      workspace_id: idOf(input.workspace_id)!, user_id: user.id, active_submission_id: null, recent_submission_id: null,
      submission_status: null, foreign_exchange_amount: null,
    };
    this.applyFields(e, input);
    this.store.expenses.set(e.id, e);
    if (input.external_reference) this.addReference(e.id, input.external_reference, stamp);
    return e;
  }

  update(e: SimExpense, input: ExpenseInput): SimExpense {
    this.store.touch();
    this.applyFields(e, input);
    e.updated_at = this.clock.stamp();
    if (input.external_reference) this.addReference(e.id, input.external_reference, e.updated_at);
    return e;
  }

  /** Hard delete, as Kantata does: no tombstone. References go with the expense. */
  delete(e: SimExpense): void {
    this.store.expenses.delete(e.id);
    this.store.deleteReferencesOf(e.id);
  }

  lock(e: SimExpense, how: 'submit' | 'approve' | 'invoice'): SimExpense {
    this.store.touch();
    if (how === 'invoice') e.is_invoiced = true;
    else {
      if (!e.active_submission_id) {
        e.active_submission_id = this.store.nextId('submission');
        e.recent_submission_id = e.active_submission_id;
      }
      e.submission_status = how === 'approve' ? 'approved' : 'pending';
    }
    e.updated_at = this.clock.stamp();
    return e;
  }

  /** Rejects/cancels the submission and un-invoices: the expense becomes editable again. */
  unlock(e: SimExpense): SimExpense {
    this.store.touch();
    e.active_submission_id = null;
    e.submission_status = null;
    e.is_invoiced = false;
    e.updated_at = this.clock.stamp();
    return e;
  }

  isLocked(e: SimExpense): boolean {
    return isLocked(e);
  }
}
