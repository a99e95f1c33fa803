/**
 * What the user is told when a field is wrong, as a message key and its values: one place, so the
 * form and quick-add say the same. The words live in the renderer's catalogues (`validation.*` in
 * src/renderer/src/i18n/), which `validationText` (src/renderer/src/i18n/validation-text.ts) reads:
 * this module runs in both processes and cannot import vue-i18n.
 */
import { formatMaxAmount } from '../money';

export const NOTES_MAX_LENGTH = 2000;

export type ValidationKey =
  | 'workspaceRequired'
  | 'workspaceUnknown'
  | 'workspaceFixed'
  | 'dateRequired'
  | 'dateInvalid'
  | 'categoryRequired'
  | 'amountRequired'
  | 'amountNotNumber'
  | 'amountPositive'
  | 'amountTooLarge'
  | 'amountNoDecimals'
  | 'amountTooManyDecimals'
  | 'foreignCurrencyRequired'
  | 'foreignCurrencyInvalid'
  | 'notesTooLong'
  | 'taskNotAllowed'
  | 'budgetNotAllowed'
  | 'taskOtherProject'
  | 'budgetOtherProject'
  | 'taskAndBudget';

/** A message for one field: the catalogue key under `validation.` and the values it names. */
export interface FieldMessage {
  key: ValidationKey;
  params?: Readonly<Record<string, string | number>>;
}

const plain = (key: ValidationKey): FieldMessage => ({ key });

export const messages = {
  workspaceRequired: plain('workspaceRequired'),
  workspaceUnknown: plain('workspaceUnknown'),
  workspaceFixed: plain('workspaceFixed'),
  dateRequired: plain('dateRequired'),
  dateInvalid: plain('dateInvalid'),
  categoryRequired: plain('categoryRequired'),
  amountRequired: plain('amountRequired'),
  amountNotNumber: plain('amountNotNumber'),
  amountPositive: plain('amountPositive'),
  /** `baseUnit`: the project's currency_base_unit when the amount is in the project's currency. */
  amountTooLarge: (currency: string, locale: string, baseUnit?: number | null): FieldMessage => ({
    key: 'amountTooLarge',
    params: { max: formatMaxAmount(currency, locale, baseUnit) },
  }),
  amountTooManyDecimals: (currency: string, digits: number): FieldMessage =>
    digits === 0 ? { key: 'amountNoDecimals', params: { currency } } : { key: 'amountTooManyDecimals', params: { currency, n: digits } },
  foreignCurrencyRequired: plain('foreignCurrencyRequired'),
  foreignCurrencyInvalid: plain('foreignCurrencyInvalid'),
  notesTooLong: { key: 'notesTooLong', params: { n: NOTES_MAX_LENGTH } } satisfies FieldMessage,
  taskNotAllowed: plain('taskNotAllowed'),
  budgetNotAllowed: plain('budgetNotAllowed'),
  taskOtherProject: plain('taskOtherProject'),
  budgetOtherProject: plain('budgetOtherProject'),
  taskAndBudget: plain('taskAndBudget'),
} as const;
