/** The words the user reads when a field is wrong: one place, so the form and quick-add say the same. */
import { formatMaxAmount } from '../money';

export const NOTES_MAX_LENGTH = 2000;

export const messages = {
  workspaceRequired: 'Choose a project',
  workspaceUnknown: 'This project is not in the downloaded list: choose another one',
  workspaceFixed: 'An expense already sent to Kantata cannot move to another project: duplicate it instead',
  dateRequired: 'Enter a date',
  dateInvalid: 'Date must be a real date like 2026-11-21',
  categoryRequired: 'Choose a category',
  amountRequired: 'Enter an amount',
  amountNotNumber: 'Enter the amount as a number, like 12.50',
  amountPositive: 'Enter an amount greater than 0',
  /** `baseUnit`: the project's currency_base_unit when the amount is in the project's currency. */
  amountTooLarge: (currency: string, locale: string, baseUnit?: number | null) =>
    `Amount too large: at most ${formatMaxAmount(currency, locale, baseUnit)}`,
  amountTooManyDecimals: (currency: string, digits: number) =>
    digits === 0
      ? `${currency} amounts have no decimals: enter a whole number`
      : `${currency} amounts have at most ${digits} decimal${digits === 1 ? '' : 's'}`,
  foreignCurrencyRequired: 'Enter the currency you paid in, like EUR',
  foreignCurrencyInvalid: 'Enter a 3-letter ISO currency code, like EUR or JPY',
  notesTooLong: `Notes are too long: at most ${NOTES_MAX_LENGTH.toLocaleString('en')} characters`,
  taskNotAllowed: 'This project tracks expenses by expense budget, not by task',
  budgetNotAllowed: 'This project tracks expenses by task, not by expense budget',
  taskOtherProject: 'This task belongs to another project',
  budgetOtherProject: 'This expense budget belongs to another project',
} as const;
