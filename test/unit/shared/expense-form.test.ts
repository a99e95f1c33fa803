import { describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import {
  assertExpenseFields,
  draftFromExpense,
  emptyDraft,
  InvalidExpenseError,
  validateExpenseForm,
  type ExpenseFormContext,
  type ExpenseFormDraft,
} from '@shared/validation';
import { formatAmountForInput } from '@shared/money';
import { todayIso } from '@shared/dates';
import { i18n } from '@renderer/i18n';
import { setUserLocale } from '@renderer/locale';
import { validationTexts } from '@renderer/i18n/validation-text';

const ctx: ExpenseFormContext = {
  locale: 'en-US',
  workspaces: [
    { id: 'w-usd', currency: 'USD', expenseTracking: 'tasks' },
    { id: 'w-jpy', currency: 'JPY', expenseTracking: 'budgets' },
  ],
  categories: [{ id: 'c1', name: 'Travel' }],
  stories: [{ id: 's1', workspaceId: 'w-usd' }, { id: 's2', workspaceId: 'w-other' }],
  budgets: [{ id: 'b1', workspaceId: 'w-jpy' }],
};

function draft(over: Partial<ExpenseFormDraft> = {}): ExpenseFormDraft {
  return { ...emptyDraft('2026-11-21', 'w-usd'), categoryId: 'c1', amount: '12.50', ...over };
}

/** The messages as the user reads them (the renderer's catalogue words the shared keys). */
function errorsOf(d: ExpenseFormDraft, c = ctx) {
  setUserLocale('en-US');
  const r = validateExpenseForm(d, c);
  return r.ok ? {} : validationTexts(r.errors);
}

describe('validateExpenseForm', () => {
  it('builds storable fields from a valid draft', () => {
    const r = validateExpenseForm(draft({ notes: 'Taxi', storyId: 's1', vendorId: 'v1' }), ctx);
    expect(r).toEqual({
      ok: true,
      fields: {
        workspaceId: 'w-usd',
        date: '2026-11-21',
        categoryId: 'c1',
        category: 'Travel',
        amountCents: 1250,
        currency: 'USD',
        foreignAmount: null,
        notes: 'Taxi',
        billable: false,
        reimbursable: true,
        vendorId: 'v1',
        storyId: 's1',
        expenseBudgetId: null,
        receiptId: null,
      },
    });
  });

  it('reports every missing required field at once with its own message', () => {
    expect(errorsOf(draft({ workspaceId: '', date: '', categoryId: '', amount: '' }))).toEqual({
      workspaceId: 'Choose a project',
      date: 'Enter a date',
      categoryId: 'Choose a category',
      amount: 'Enter an amount',
    });
  });

  it('says what is wrong with dates and amounts', () => {
    // The example is today's date, written the way the user types dates (en-US here).
    const [year, month, day] = todayIso().split('-');
    expect(errorsOf(draft({ date: '2026-02-30' })).date).toBe(`Type the date as ${month}/${day}/${year}`);
    expect(errorsOf(draft({ date: '21.11.2026' })).date).toBe(`Type the date as ${month}/${day}/${year}`);
    expect(errorsOf(draft({ amount: '0' })).amount).toBe('Enter an amount greater than 0');
    expect(errorsOf(draft({ amount: '-3' })).amount).toBe('Enter an amount greater than 0');
    expect(errorsOf(draft({ amount: '21474836.48' })).amount).toBe('Amount too large: at most 21,474,836.47');
    expect(errorsOf(draft({ amount: 'ten' })).amount).toBe('Enter the amount as a number, like 12.50');
    expect(errorsOf(draft({ amount: '1.234' })).amount).toBe('USD amounts have at most 2 decimals');
    expect(errorsOf(draft({ workspaceId: 'w-jpy', storyId: '', amount: '10.5' })).amount).toBe(
      'JPY amounts have no decimals: enter a whole number',
    );
    expect(errorsOf(draft({ notes: 'x'.repeat(2001) })).notes).toBe('Notes are too long: at most 2,000 characters');
  });

  it('gives keys and values that read in German and French too, with plurals and local numbers', async () => {
    const r = validateExpenseForm(draft({ amount: '1.234', notes: 'x'.repeat(2001) }), ctx);
    expect(r.ok ? null : r.errors).toEqual({
      amount: { key: 'amountTooManyDecimals', params: { currency: 'USD', n: 2 } },
      notes: { key: 'notesTooLong', params: { n: 2000 } },
    });
    try {
      setUserLocale('de-DE');
      await nextTick();
      expect(i18n.global.locale.value).toBe('de');
      expect(validationTexts(r.ok ? {} : r.errors)).toEqual({
        amount: 'Beträge in USD haben höchstens 2 Nachkommastellen',
        notes: 'Notizen zu lang: höchstens 2.000 Zeichen',
      });
      setUserLocale('fr-FR');
      await nextTick();
      expect(validationTexts(r.ok ? {} : r.errors).notes).toBe('Notes trop longues : au plus 2\u202f000 caractères');
      expect(validationTexts({ amount: { key: 'amountTooManyDecimals', params: { currency: 'KWD', n: 1 } } }).amount).toBe(
        'Les montants en KWD ont au plus 1 décimale',
      );
    } finally {
      setUserLocale('en-US');
      await nextTick();
    }
  });

  it('uses the project currency minor units and the user locale', () => {
    const r = validateExpenseForm(draft({ workspaceId: 'w-jpy', amount: '1.200' }), { ...ctx, locale: 'de-DE' });
    expect(r.ok && r.fields).toMatchObject({ amountCents: 1200, currency: 'JPY' });
  });

  it('reads HUF and IQD project amounts with their ISO 4217 decimals (2 and 3), not the locale data digits', () => {
    const c: ExpenseFormContext = {
      ...ctx,
      workspaces: [
        { id: 'w-huf', currency: 'HUF', expenseTracking: 'tasks', currencyBaseUnit: 100 },
        { id: 'w-iqd', currency: 'IQD', expenseTracking: 'tasks' },
      ],
    };
    for (const [amount, locale] of [['1234,56', 'hu-HU'], ['1234.56', 'hu-HU'], ['1234.56', 'en-US'], ['1 234,56', 'hu-HU']] as const) {
      const r = validateExpenseForm(draft({ workspaceId: 'w-huf', amount }), { ...c, locale });
      expect(r.ok && r.fields, `${amount} ${locale}`).toMatchObject({ amountCents: 123456, currency: 'HUF' });
    }
    expect(errorsOf(draft({ workspaceId: 'w-huf', amount: '1234,567' }), { ...c, locale: 'hu-HU' }).amount).toBe(
      'HUF amounts have at most 2 decimals',
    );
    expect(errorsOf(draft({ workspaceId: 'w-huf', amount: '21474836.48' }), c).amount).toBe('Amount too large: at most 21,474,836.47');
    const iqd = validateExpenseForm(draft({ workspaceId: 'w-iqd', amount: '1.25' }), c);
    expect(iqd.ok && iqd.fields).toMatchObject({ amountCents: 1250, currency: 'IQD' });
    expect(errorsOf(draft({ workspaceId: 'w-iqd', amount: '2147483.648' }), c).amount).toBe('Amount too large: at most 2,147,483.647');
  });

  it("reads the project amount with the project's currency_base_unit when it has one", () => {
    const c: ExpenseFormContext = { ...ctx, workspaces: [{ id: 'w-huf', currency: 'HUF', expenseTracking: 'tasks', currencyBaseUnit: 1 }] };
    const r = validateExpenseForm(draft({ workspaceId: 'w-huf', amount: '1234' }), c);
    expect(r.ok && r.fields).toMatchObject({ amountCents: 1234, currency: 'HUF' });
    expect(errorsOf(draft({ workspaceId: 'w-huf', amount: '1234.56' }), c).amount).toBe('HUF amounts have no decimals: enter a whole number');
    expect(errorsOf(draft({ workspaceId: 'w-huf', amount: '2147483648' }), c).amount).toBe('Amount too large: at most 2,147,483,647');
    // A foreign amount in the same currency follows ISO 4217 (the base unit is the project's).
    const foreign = validateExpenseForm(draft({ workspaceId: 'w-huf', amountMode: 'foreign', foreignValue: '1234.56', foreignCurrency: 'HUF' }), c);
    expect(foreign.ok && foreign.fields).toMatchObject({ amountCents: 0, foreignAmount: { value: '1234.56', currency: 'HUF' } });
  });

  it('takes a foreign amount with an ISO 4217 code instead of the project amount', () => {
    const r = validateExpenseForm(draft({ amountMode: 'foreign', amount: '', foreignValue: '12,5', foreignCurrency: 'eur' }), {
      ...ctx,
      locale: 'de-DE',
    });
    expect(r.ok && r.fields).toMatchObject({ amountCents: 0, foreignAmount: { value: '12.50', currency: 'EUR' } });
    expect(errorsOf(draft({ amountMode: 'foreign', foreignValue: '5', foreignCurrency: 'XYZ' })).foreignCurrency).toBe(
      'Enter a 3-letter ISO currency code, like EUR or JPY',
    );
    expect(errorsOf(draft({ amountMode: 'foreign', foreignValue: '', foreignCurrency: '' }))).toEqual({
      foreignCurrency: 'Enter the currency you paid in, like EUR',
      foreignValue: 'Enter an amount',
    });
  });

  it('takes a task or an expense budget according to the project', () => {
    expect(errorsOf(draft({ expenseBudgetId: 'b1' })).expenseBudgetId).toBe(
      'This project tracks expenses by task, not by expense budget',
    );
    expect(errorsOf(draft({ workspaceId: 'w-jpy', amount: '100', storyId: 's1' })).storyId).toBe(
      'This project tracks expenses by expense budget, not by task',
    );
    expect(errorsOf(draft({ storyId: 's2' })).storyId).toBe('This task belongs to another project');
    const r = validateExpenseForm(draft({ workspaceId: 'w-jpy', amount: '100', expenseBudgetId: 'b1' }), ctx);
    expect(r.ok && r.fields).toMatchObject({ expenseBudgetId: 'b1', storyId: null });
  });

  it('keeps a synced expense in its project', () => {
    const original = { remoteId: '55', workspaceId: 'w-usd', categoryId: 'c1', category: 'Travel' };
    expect(errorsOf(draft({ workspaceId: 'w-jpy', amount: '100' }), { ...ctx, original }).workspaceId).toMatch(/cannot move/);
  });

  it('round-trips an expense through draftFromExpense', () => {
    const r = validateExpenseForm(draft({ amountMode: 'foreign', foreignValue: '7.5', foreignCurrency: 'GBP' }), ctx);
    if (!r.ok) throw new Error('expected valid');
    const back = draftFromExpense(r.fields, (m, c) => formatAmountForInput(m, c, 'en-US'));
    expect(back).toMatchObject({ amountMode: 'foreign', foreignValue: '7.50', foreignCurrency: 'GBP', amount: '' });
    expect(validateExpenseForm(back, ctx)).toEqual(r);
  });

  it("shows the project amount with the project's base unit and a foreign amount with ISO digits", () => {
    const c: ExpenseFormContext = { ...ctx, workspaces: [{ id: 'w-huf', currency: 'HUF', expenseTracking: 'tasks', currencyBaseUnit: 1 }] };
    const r = validateExpenseForm(draft({ workspaceId: 'w-huf', amount: '1234' }), c);
    if (!r.ok) throw new Error('expected valid');
    const format = (m: number, cur: string, baseUnit: number | null) => formatAmountForInput(m, cur, 'en-US', baseUnit);
    expect(draftFromExpense(r.fields, format, 1).amount).toBe('1234');
    expect(validateExpenseForm(draftFromExpense(r.fields, format, 1), c)).toEqual(r);
    const withForeign = { ...r.fields, amountCents: 0, foreignAmount: { value: '1234.5', currency: 'HUF' } };
    expect(draftFromExpense(withForeign, format, 1)).toMatchObject({ amountMode: 'foreign', foreignValue: '1234.50', amount: '' });
    expect(draftFromExpense({ ...r.fields, currency: 'HUF', amountCents: 123456 }, format).amount).toBe('1234.56');
  });
});

describe('assertExpenseFields (the repository guard)', () => {
  it('rejects out-of-range cents and bad dates with field names', () => {
    const r = validateExpenseForm(draft(), ctx);
    if (!r.ok) throw new Error('expected valid');
    expect(assertExpenseFields(r.fields)).toEqual(r.fields);
    expect(() => assertExpenseFields({ ...r.fields, amountCents: 2 ** 31 })).toThrow(InvalidExpenseError);
    try {
      assertExpenseFields({ ...r.fields, date: '2026-02-30', amountCents: 0 });
    } catch (e) {
      expect((e as InvalidExpenseError).issues).toEqual({
        date: 'dateInvalid',
        amountCents: 'amountPositive',
      });
    }
    expect.assertions(3);
  });
});
