/**
 * The shape of a storable expense (ExpenseFields) as a zod schema: what the repository checks
 * before any write, whatever window or code path produced the fields.
 */
import { z } from 'zod';
import type { ExpenseFields } from '../model/expense';
import { isIsoDate } from '../dates';
import { isCurrencyCode, MAX_MINOR_UNITS } from '../money';
import { messages, NOTES_MAX_LENGTH } from './messages';

const id = z.string().min(1);

export const ExpenseFormFieldsSchema = z
  .object({
    workspaceId: z.string().min(1, messages.workspaceRequired.key),
    date: z.string().refine(isIsoDate, messages.dateInvalid.key),
    categoryId: z.string().min(1, messages.categoryRequired.key),
    category: z.string().min(1, messages.categoryRequired.key),
    amountCents: z.number().int().min(0).max(MAX_MINOR_UNITS),
    currency: z.string().refine(isCurrencyCode, messages.foreignCurrencyInvalid.key),
    foreignAmount: z
      .object({
        value: z.string().regex(/^\d+(\.\d+)?$/, messages.amountNotNumber.key),
        currency: z.string().refine(isCurrencyCode, messages.foreignCurrencyInvalid.key),
      })
      .nullable(),
    notes: z.string().max(NOTES_MAX_LENGTH, messages.notesTooLong.key),
    billable: z.boolean(),
    reimbursable: z.boolean(),
    vendorId: id.nullable(),
    storyId: id.nullable(),
    expenseBudgetId: id.nullable(),
    receiptId: id.nullable(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.foreignAmount === null && f.amountCents <= 0) {
      ctx.addIssue({ code: 'custom', path: ['amountCents'], message: messages.amountPositive.key });
    }
    if (f.foreignAmount !== null && !(Number(f.foreignAmount.value) > 0)) {
      ctx.addIssue({ code: 'custom', path: ['foreignAmount'], message: messages.amountPositive.key });
    }
    if (f.storyId !== null && f.expenseBudgetId !== null) {
      ctx.addIssue({ code: 'custom', path: ['expenseBudgetId'], message: messages.taskAndBudget.key });
    }
  });

// A compile-time check that the schema and the model agree.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _fieldsMatchModel: Same<z.infer<typeof ExpenseFormFieldsSchema>, ExpenseFields> = true;
void _fieldsMatchModel;

/** The fields the repository refused, each with its message key (`validation.*` in the catalogues). */
export class InvalidExpenseError extends Error {
  constructor(readonly issues: Partial<Record<keyof ExpenseFields, string>>) {
    super(`Invalid expense: ${Object.entries(issues).map(([k, v]) => `${k}: ${v}`).join('; ')}`);
    this.name = 'InvalidExpenseError';
  }
}

/** Returns the fields, or throws InvalidExpenseError naming each bad field. */
export function assertExpenseFields(fields: unknown): ExpenseFields {
  const r = ExpenseFormFieldsSchema.safeParse(fields);
  if (r.success) return r.data;
  const issues: Partial<Record<keyof ExpenseFields, string>> = {};
  for (const issue of r.error.issues) {
    const key = String(issue.path[0] ?? 'base') as keyof ExpenseFields;
    issues[key] ??= issue.message;
  }
  throw new InvalidExpenseError(issues);
}
