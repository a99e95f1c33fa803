/**
 * The words for the shared validation's messages (src/shared/validation/messages.ts gives a key and
 * its values; the catalogues' `validation` section holds the sentence in each language).
 */
import type { ExpenseFormErrors, ExpenseFormField, FieldMessage } from '@shared/validation';
import { formatCount, t, tc } from './index';
import { invalidDateMessage } from './date-input';

/** The form's messages as the user reads them, one per wrong field. */
export type ExpenseFormTexts = Partial<Record<ExpenseFormField, string>>;

export function validationText(m: FieldMessage): string {
  const key = `validation.${m.key}`;
  const params = { ...m.params };
  // The example is today's date in the user's own date format, so it can be checked at a glance.
  if (m.key === 'dateInvalid') return invalidDateMessage();
  if (typeof params.n === 'number') return tc(key, params.n, params);
  if (typeof params.max === 'number') params.max = formatCount(params.max);
  return t(key, params);
}

export function validationTexts(errors: ExpenseFormErrors): ExpenseFormTexts {
  const out: ExpenseFormTexts = {};
  for (const [field, m] of Object.entries(errors) as [ExpenseFormField, FieldMessage][]) out[field] = validationText(m);
  return out;
}
