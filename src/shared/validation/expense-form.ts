/**
 * The expense form as the user fills it (strings as typed), and the one function that turns it
 * into storable ExpenseFields or into one specific message per wrong field. The main window's form
 * and the quick-add window both call `validateExpenseForm`: same rules, same words.
 */
import { z } from 'zod';
import type { ExpenseFields, LocalExpense } from '../model/expense';
import { isIsoDate } from '../dates';
import { decimalStringToMinor, isCurrencyCode, minorToDecimalString, parseAmount, type AmountParseResult } from '../money';
import { messages, NOTES_MAX_LENGTH, type FieldMessage } from './messages';

export type ExpenseTracking = 'tasks' | 'budgets';

export interface ExpenseFormDraft {
  workspaceId: string;
  date: string;
  categoryId: string;
  /** 'project': `amount` in the project's currency; 'foreign': `foreignValue` in `foreignCurrency`. */
  amountMode: 'project' | 'foreign';
  amount: string;
  foreignValue: string;
  foreignCurrency: string;
  notes: string;
  billable: boolean;
  reimbursable: boolean;
  vendorId: string;
  storyId: string;
  expenseBudgetId: string;
  receiptId: string | null;
}

export type ExpenseFormField = keyof ExpenseFormDraft;
/** One message per wrong field, as a key and values the renderer puts into words. */
export type ExpenseFormErrors = Partial<Record<ExpenseFormField, FieldMessage>>;

/** What the form needs to know about the reference data (from the Dexie reference tables). */
export interface ExpenseFormContext {
  locale: string;
  /**
   * `currencyBaseUnit`: the project's `currency_base_unit` (minor units per major unit of its
   * currency); amounts in the project currency are read with it. Missing: ISO 4217 digits.
   */
  workspaces: ReadonlyArray<{ id: string; currency: string; expenseTracking: ExpenseTracking; currencyBaseUnit?: number | null }>;
  categories: ReadonlyArray<{ id: string; name: string }>;
  stories?: ReadonlyArray<{ id: string; workspaceId: string }>;
  budgets?: ReadonlyArray<{ id: string; workspaceId: string }>;
  /** The expense being edited, if any: its synced project cannot change, its category name is a fallback. */
  original?: Pick<LocalExpense, 'remoteId' | 'workspaceId' | 'categoryId' | 'category'> | null;
}

export type ExpenseFormResult =
  | { ok: true; fields: ExpenseFields }
  | { ok: false; errors: ExpenseFormErrors };

export function emptyDraft(today: string, workspaceId = ''): ExpenseFormDraft {
  return {
    workspaceId,
    date: today,
    categoryId: '',
    amountMode: 'project',
    amount: '',
    foreignValue: '',
    foreignCurrency: '',
    notes: '',
    billable: false,
    reimbursable: true,
    vendorId: '',
    storyId: '',
    expenseBudgetId: '',
    receiptId: null,
  };
}

function amountMessage(
  r: Exclude<AmountParseResult, { ok: true }>,
  currency: string,
  locale: string,
  baseUnit: number | null = null,
): FieldMessage {
  switch (r.error) {
    case 'empty':
      return messages.amountRequired;
    case 'negative':
      return messages.amountPositive;
    case 'too-many-decimals':
      return messages.amountTooManyDecimals(currency, r.minorDigits);
    case 'too-large':
      return messages.amountTooLarge(currency, locale, baseUnit);
    default:
      return messages.amountNotNumber;
  }
}

// Types only: the field rules run in the transform so that every wrong field is reported at once.
const draftShape = z.object({
  workspaceId: z.string(),
  date: z.string(),
  categoryId: z.string(),
  amountMode: z.enum(['project', 'foreign']),
  amount: z.string(),
  foreignValue: z.string(),
  foreignCurrency: z.string(),
  notes: z.string(),
  billable: z.boolean(),
  reimbursable: z.boolean(),
  vendorId: z.string(),
  storyId: z.string(),
  expenseBudgetId: z.string(),
  receiptId: z.string().nullable(),
});

/** The schema for a given context: zod checks the shape and the field rules, then builds ExpenseFields. */
export function expenseFormSchema(ctx: ExpenseFormContext) {
  return draftShape.transform((d, z2): ExpenseFields => {
    const issue = (path: ExpenseFormField, m: FieldMessage) =>
      z2.issues.push({ code: 'custom', path: [path], message: m.key, params: { message: m }, input: d });
    const workspace = ctx.workspaces.find((w) => w.id === d.workspaceId);
    if (d.workspaceId.trim() === '') issue('workspaceId', messages.workspaceRequired);
    else if (!workspace) issue('workspaceId', messages.workspaceUnknown);
    const date = d.date.trim();
    if (date === '') issue('date', messages.dateRequired);
    else if (!isIsoDate(date)) issue('date', messages.dateInvalid);
    if (d.notes.length > NOTES_MAX_LENGTH) issue('notes', messages.notesTooLong);
    const original = ctx.original;
    if (original?.remoteId && original.workspaceId !== d.workspaceId) issue('workspaceId', messages.workspaceFixed);

    const category =
      ctx.categories.find((c) => c.id === d.categoryId)?.name ??
      (original && original.categoryId === d.categoryId ? original.category : undefined);
    if (!category) issue('categoryId', messages.categoryRequired);

    const currency = workspace?.currency ?? 'USD';
    const baseUnit = workspace?.currencyBaseUnit ?? null;
    let amountCents = 0;
    let foreignAmount: ExpenseFields['foreignAmount'] = null;
    if (d.amountMode === 'project') {
      const r = parseAmount(d.amount, currency, ctx.locale, baseUnit);
      if (!r.ok) issue('amount', amountMessage(r, currency, ctx.locale, baseUnit));
      else if (r.minor <= 0) issue('amount', messages.amountPositive);
      else amountCents = r.minor;
    } else {
      const code = d.foreignCurrency.trim().toUpperCase();
      const codeOk = code !== '' && isCurrencyCode(code);
      if (code === '') issue('foreignCurrency', messages.foreignCurrencyRequired);
      else if (!codeOk) issue('foreignCurrency', messages.foreignCurrencyInvalid);
      const r = parseAmount(d.foreignValue, codeOk ? code : 'USD', ctx.locale);
      if (!r.ok) issue('foreignValue', amountMessage(r, codeOk ? code : 'USD', ctx.locale));
      else if (r.minor <= 0) issue('foreignValue', messages.amountPositive);
      else if (codeOk) foreignAmount = { value: minorToDecimalString(r.minor, code), currency: code };
    }

    const tracking = workspace?.expenseTracking ?? 'tasks';
    const storyId = d.storyId.trim() || null;
    const expenseBudgetId = d.expenseBudgetId.trim() || null;
    if (storyId && tracking === 'budgets') issue('storyId', messages.taskNotAllowed);
    if (expenseBudgetId && tracking === 'tasks') issue('expenseBudgetId', messages.budgetNotAllowed);
    const story = storyId ? ctx.stories?.find((s) => s.id === storyId) : undefined;
    if (story && story.workspaceId !== d.workspaceId) issue('storyId', messages.taskOtherProject);
    const budget = expenseBudgetId ? ctx.budgets?.find((b) => b.id === expenseBudgetId) : undefined;
    if (budget && budget.workspaceId !== d.workspaceId) issue('expenseBudgetId', messages.budgetOtherProject);

    return {
      workspaceId: d.workspaceId.trim(),
      date,
      categoryId: d.categoryId.trim(),
      category: category ?? '',
      amountCents,
      currency,
      foreignAmount,
      notes: d.notes,
      billable: d.billable,
      reimbursable: d.reimbursable,
      vendorId: d.vendorId.trim() || null,
      storyId,
      expenseBudgetId,
      receiptId: d.receiptId,
    };
  });
}

/** Validate a draft: the storable fields, or the first specific message for each wrong field. */
export function validateExpenseForm(draft: ExpenseFormDraft, ctx: ExpenseFormContext): ExpenseFormResult {
  const r = expenseFormSchema(ctx).safeParse(draft);
  if (r.success) return { ok: true, fields: r.data };
  const errors: ExpenseFormErrors = {};
  for (const issue of r.error.issues) {
    const key = issue.path[0] as ExpenseFormField | undefined;
    const message = issue.code === 'custom' ? (issue.params?.message as FieldMessage | undefined) : undefined;
    if (key && message) errors[key] ??= message;
  }
  return { ok: false, errors };
}

/**
 * A draft that shows an existing expense in the form (amounts in the user's locale).
 * `formatAmount` writes minor units as typed text (formatAmountForInput); it is given
 * `projectBaseUnit` (the project's currency_base_unit) for the amount in the project's currency,
 * and null (ISO 4217) for a foreign amount.
 */
export function draftFromExpense(
  e: ExpenseFields,
  formatAmount: (minor: number, currency: string, baseUnit: number | null) => string,
  projectBaseUnit: number | null = null,
): ExpenseFormDraft {
  const foreignMinor = e.foreignAmount ? decimalStringToMinor(e.foreignAmount.value, e.foreignAmount.currency) : null;
  return {
    workspaceId: e.workspaceId,
    date: e.date,
    categoryId: e.categoryId,
    amountMode: e.foreignAmount ? 'foreign' : 'project',
    amount: e.foreignAmount && e.amountCents === 0 ? '' : formatAmount(e.amountCents, e.currency, projectBaseUnit),
    foreignValue:
      e.foreignAmount && foreignMinor !== null ? formatAmount(foreignMinor, e.foreignAmount.currency, null) : (e.foreignAmount?.value ?? ''),
    foreignCurrency: e.foreignAmount?.currency ?? '',
    notes: e.notes,
    billable: e.billable,
    reimbursable: e.reimbursable,
    vendorId: e.vendorId ?? '',
    storyId: e.storyId ?? '',
    expenseBudgetId: e.expenseBudgetId ?? '',
    receiptId: e.receiptId,
  };
}
