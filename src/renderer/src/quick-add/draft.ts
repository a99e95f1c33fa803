/**
 * The quick-add form is a short version of the main form: one amount, one currency, project,
 * category, date, the two flags, a note and a receipt. It maps onto the main form's draft so that
 * validation (and every message) is the shared `validateExpenseForm`, never a copy.
 */
import { emptyDraft, type ExpenseFormDraft } from '@shared/validation';
import type { ExpenseFormTexts } from '@renderer/i18n/validation-text';

export interface QuickAddDraft {
  amount: string;
  /** ISO code; '' means the project's own currency. */
  currency: string;
  workspaceId: string;
  categoryId: string;
  date: string;
  billable: boolean;
  reimbursable: boolean;
  notes: string;
  receiptId: string | null;
}

export type QuickAddField = keyof QuickAddDraft;
export type QuickAddErrors = Partial<Record<QuickAddField, string>>;

/** What quick-add remembers between entries (the last ones used). */
export interface QuickAddMemory {
  workspaceId: string;
  categoryId: string;
  currency: string;
}

/** `defaults`: Settings → New expenses (billable, reimbursable). */
export function newQuickAddDraft(
  today: string,
  memory: Partial<QuickAddMemory>,
  defaultCurrency: string | null,
  defaults: { billable: boolean; reimbursable: boolean } = { billable: false, reimbursable: true },
): QuickAddDraft {
  return {
    amount: '',
    currency: memory.currency ?? defaultCurrency ?? '',
    workspaceId: memory.workspaceId ?? '',
    categoryId: memory.categoryId ?? '',
    date: today,
    billable: defaults.billable,
    reimbursable: defaults.reimbursable,
    notes: '',
    receiptId: null,
  };
}

/** A currency other than the project's is a foreign amount, which Kantata converts. */
export function isForeign(currency: string, projectCurrency: string | undefined): boolean {
  const code = currency.trim().toUpperCase();
  return code !== '' && code !== projectCurrency;
}

export function toFormDraft(q: QuickAddDraft, projectCurrency: string | undefined): ExpenseFormDraft {
  const foreign = isForeign(q.currency, projectCurrency);
  return {
    ...emptyDraft(q.date, q.workspaceId),
    categoryId: q.categoryId,
    amountMode: foreign ? 'foreign' : 'project',
    amount: foreign ? '' : q.amount,
    foreignValue: foreign ? q.amount : '',
    foreignCurrency: foreign ? q.currency.trim().toUpperCase() : '',
    notes: q.notes,
    billable: q.billable,
    reimbursable: q.reimbursable,
    receiptId: q.receiptId,
  };
}

/** The main form's messages, placed on the quick-add field they are about. */
export function toQuickAddErrors(errors: ExpenseFormTexts): QuickAddErrors {
  const out: QuickAddErrors = {};
  const amount = errors.amount ?? errors.foreignValue;
  if (amount) out.amount = amount;
  if (errors.foreignCurrency) out.currency = errors.foreignCurrency;
  if (errors.workspaceId) out.workspaceId = errors.workspaceId;
  if (errors.categoryId) out.categoryId = errors.categoryId;
  if (errors.date) out.date = errors.date;
  if (errors.notes) out.notes = errors.notes;
  return out;
}

export const QUICK_ADD_MEMORY_KEY = 'courier.quickAdd.last';

/** localStorage: same origin as the main window, survives restarts, tiny and synchronous. */
export function readQuickAddMemory(storage: Pick<Storage, 'getItem'> = localStorage): Partial<QuickAddMemory> {
  try {
    const value = JSON.parse(storage.getItem(QUICK_ADD_MEMORY_KEY) ?? '{}') as Record<string, unknown>;
    const out: Partial<QuickAddMemory> = {};
    for (const key of ['workspaceId', 'categoryId', 'currency'] as const) {
      if (typeof value[key] === 'string') out[key] = value[key];
    }
    return out;
  } catch {
    return {};
  }
}

export function writeQuickAddMemory(memory: QuickAddMemory, storage: Pick<Storage, 'setItem'> = localStorage): void {
  try {
    storage.setItem(QUICK_ADD_MEMORY_KEY, JSON.stringify(memory));
  } catch {
    // Full or disabled storage: the next quick add simply starts without the last choices.
  }
}
