/**
 * Dates in the user's format, in real Chromium (its own ICU): the parse/format module per locale
 * and per Settings → Date format, the date field (typing, the calendar, the message for a date
 * it cannot read, with today's date as the example), Filters, the list, and axe on each state.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { defineComponent, h, ref } from 'vue';
import { datePattern, formatDateInput, parseDateInput, type DateFormatPreference } from '@shared/date-input';
import { DEFAULT_SETTINGS } from '@shared/settings';
import { applyPreferences } from '@renderer/preferences';
import { setUserLocale } from '@renderer/locale';
import LocaleDateInput from '@renderer/components/LocaleDateInput.vue';
import ExpensesView from '@renderer/views/ExpensesView.vue';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';
import { seedExpenses, seedReferenceData, syntheticExpense } from '../../support/browser/seed';
import { axeReport } from '../../support/browser/axe';
import { todayInLocale } from '../../support/browser/dates';

let m: Mounted | null = null;
afterEach(async () => {
  await m?.cleanup();
  m = null;
});

const TODAY = '2026-12-04';

describe('typed dates per locale (order from Intl)', () => {
  const cases: Array<[string, string, string]> = [
    ['en-US', '12/25/2026', '12/25/2026'],
    ['en-GB', '25/12/2026', '25/12/2026'],
    ['de', '25.12.2026', '25.12.2026'],
    ['de-CH', '25.12.2026', '25.12.2026'],
    ['fr', '25/12/2026', '25/12/2026'],
  ];
  it.each(cases)('%s writes 2026-12-25 as %s and reads it back', (locale, typed, shown) => {
    const pattern = datePattern(locale);
    expect(formatDateInput('2026-12-25', pattern)).toBe(shown);
    // What the app writes is what Intl writes for a numeric date in that locale.
    expect(shown).toBe(todayInLocale(locale, new Date(2026, 11, 25)));
    expect(parseDateInput(typed, pattern, TODAY)).toEqual({ ok: true, iso: '2026-12-25' });
  });

  it('reads the day before the month in de, en-GB and fr, and the month first in en-US', () => {
    expect(parseDateInput('4.12.2026', datePattern('de'), TODAY)).toEqual({ ok: true, iso: '2026-12-04' });
    expect(parseDateInput('4/12/2026', datePattern('en-GB'), TODAY)).toEqual({ ok: true, iso: '2026-12-04' });
    expect(parseDateInput('4/12/2026', datePattern('fr'), TODAY)).toEqual({ ok: true, iso: '2026-12-04' });
    expect(parseDateInput('4/12/2026', datePattern('en-US'), TODAY)).toEqual({ ok: true, iso: '2026-04-12' });
  });

  it('takes any separator, a two-digit year, no year (this year), and ISO in every locale', () => {
    const de = datePattern('de');
    expect(parseDateInput('25-12-2026', de, TODAY)).toEqual({ ok: true, iso: '2026-12-25' });
    expect(parseDateInput('25 12 26', de, TODAY)).toEqual({ ok: true, iso: '2026-12-25' });
    expect(parseDateInput('25.12.', de, TODAY)).toEqual({ ok: true, iso: '2026-12-25' });
    expect(parseDateInput('2026-12-25', datePattern('en-US'), TODAY)).toEqual({ ok: true, iso: '2026-12-25' });
  });

  it('refuses what is not a real date, and tells empty from wrong', () => {
    const us = datePattern('en-US');
    expect(parseDateInput('02/30/2026', us, TODAY)).toEqual({ ok: false, reason: 'invalid' });
    expect(parseDateInput('13/01/2026', us, TODAY)).toEqual({ ok: false, reason: 'invalid' });
    expect(parseDateInput('Dec 25 2026', us, TODAY)).toEqual({ ok: false, reason: 'invalid' });
    expect(parseDateInput('12/25/202', us, TODAY)).toEqual({ ok: false, reason: 'invalid' });
    expect(parseDateInput('1225', us, TODAY)).toEqual({ ok: false, reason: 'invalid' });
    expect(parseDateInput('  ', us, TODAY)).toEqual({ ok: false, reason: 'empty' });
  });

  const formats: Array<[DateFormatPreference, string, string]> = [
    ['dmy', '25/12/2026', '25.12.2026'],
    ['mdy', '12/25/2026', '12.25.2026'],
    ['ymd', '2026-12-25', '2026/12/25'],
  ];
  it.each(formats)('the Settings choice %s overrides the locale: %s (and reads %s)', (format, shown, alsoTyped) => {
    for (const locale of ['en-US', 'de', 'fr']) {
      const pattern = datePattern(locale, format);
      expect(formatDateInput('2026-12-25', pattern)).toBe(shown);
      expect(parseDateInput(shown, pattern, TODAY)).toEqual({ ok: true, iso: '2026-12-25' });
      expect(parseDateInput(alsoTyped, pattern, TODAY)).toEqual({ ok: true, iso: '2026-12-25' });
    }
  });
});

/** One date field bound to a ref, as the form binds it. */
function mountField(initial: string, props: Record<string, unknown> = {}) {
  const value = ref(initial);
  const Host = defineComponent({
    setup: () => () =>
      h('main', [
        h('h1', 'Dates'),
        h('div', { class: 'field' }, [
          h('label', { for: 'the-date' }, 'Date'),
          h(LocaleDateInput, { id: 'the-date', modelValue: value.value, 'onUpdate:modelValue': (v: string) => (value.value = v), ...props }),
        ]),
      ]),
  });
  return { value, Host };
}

const text = () => document.querySelector<HTMLInputElement>('#the-date')!;

describe('the date field', () => {
  it('shows the ISO value in the user\'s order and stores what they type as ISO', async () => {
    const { value, Host } = mountField('2026-12-25');
    m = await mountWithDb(Host);
    expect(text().value).toBe('12/25/2026');
    expect(text().placeholder).toBe('MM/DD/YYYY');
    await userEvent.fill(text(), '1/2/2027');
    expect(value.value).toBe('2027-01-02');
    await userEvent.tab();
    expect(text().value).toBe('01/02/2027');
    expect((await axeReport()).violations).toEqual([]);
  });

  it('follows the language: German order and letters, then Settings → Date format', async () => {
    const { value, Host } = mountField('2026-12-25');
    m = await mountWithDb(Host);
    setUserLocale('de-DE');
    await until(() => text().value === '25.12.2026', 'German order');
    expect(text().placeholder).toBe('TT.MM.JJJJ');
    applyPreferences({ ...DEFAULT_SETTINGS, language: 'de', dateFormat: 'ymd' });
    await until(() => text().value === '2026-12-25', 'year first');
    applyPreferences({ ...DEFAULT_SETTINGS, language: 'fr', dateFormat: 'locale' });
    await until(() => text().value === '25/12/2026', 'French order');
    expect(text().placeholder).toBe('JJ/MM/AAAA');
    await userEvent.fill(text(), '3/4/2027');
    expect(value.value).toBe('2027-04-03');
  });

  it('the calendar sets the value: its button opens the picker, a picked day is shown in the user\'s order', async () => {
    const { value, Host } = mountField('2026-12-25');
    m = await mountWithDb(Host);
    const button = document.querySelector<HTMLButtonElement>('[data-date-pick]')!;
    expect(button.getAttribute('aria-label')).toBe('Choose a date from a calendar');
    expect(button.tabIndex).toBe(-1);
    const native = document.querySelector<HTMLInputElement>('[data-date-native]')!;
    expect(native.value).toBe('2026-12-25');
    let opened = 0;
    native.showPicker = () => void opened++;
    await userEvent.click(button);
    expect(opened).toBe(1);
    text().focus();
    await userEvent.keyboard('{Alt>}{ArrowDown}{/Alt}');
    expect(opened).toBe(2);
    // What Chromium's picker does when a day is chosen: set the value, fire change.
    native.value = '2027-03-09';
    native.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => value.value === '2027-03-09', 'picked value');
    expect(text().value).toBe('03/09/2027');
    expect(document.activeElement).toBe(text());
  });

  it('says how to type a date it cannot read, with today as the example, and keeps the text', async () => {
    const { value, Host } = mountField('', { ownMessage: true });
    m = await mountWithDb(Host);
    await userEvent.fill(text(), '31/12/2026');
    await userEvent.tab();
    const message = await until(() => document.querySelector('[data-date-message]'), 'message');
    expect(message.textContent).toBe(`Type the date as ${todayInLocale('en-US')}`);
    expect(text().getAttribute('aria-invalid')).toBe('true');
    expect(text().getAttribute('aria-describedby')).toBe(message.id);
    expect(text().value).toBe('31/12/2026');
    expect(value.value).toBe('31/12/2026');
    expect((await axeReport()).violations).toEqual([]);
    await userEvent.fill(text(), '12/31/2026');
    await until(() => !document.querySelector('[data-date-message]'), 'message gone');
    expect(value.value).toBe('2026-12-31');
  });

  it('in German, the example is today in German order', async () => {
    const { Host } = mountField('', { ownMessage: true });
    m = await mountWithDb(Host);
    applyPreferences({ ...DEFAULT_SETTINGS, language: 'de' });
    await until(() => text().placeholder === 'TT.MM.JJJJ', 'German letters');
    await userEvent.fill(text(), '12.31.2026');
    await userEvent.tab();
    const message = await until(() => document.querySelector('[data-date-message]'), 'message');
    expect(message.textContent).toBe(`Geben Sie das Datum so ein: ${todayInLocale('de')}`);
  });
});

describe('dates in the list, the form and Filters', () => {
  it('the list shows dates in the chosen format; Filters read typed dates and explain a wrong one', async () => {
    m = await mountWithDb(ExpensesView);
    await seedReferenceData(m.db);
    await seedExpenses(m.db, 3);
    const first = syntheticExpense(0);
    const rowDate = () => m!.host.querySelector(`[data-testid="expense-row"][data-id="${first.id}"] .date`)?.textContent;
    await until(() => rowDate(), 'rows');
    const [y, mo, d] = first.date.split('-');
    applyPreferences({ ...DEFAULT_SETTINGS, dateFormat: 'dmy' });
    await until(() => rowDate() === `${d}/${mo}/${y}`, 'day first in the list');

    await userEvent.click(m.host.querySelector<HTMLElement>('button[aria-controls="filters-panel"]')!);
    const from = await until(() => m!.host.querySelector<HTMLInputElement>('#f-from'), 'filters');
    await userEvent.fill(from, `${d}/${mo}/${y}`);
    await userEvent.tab();
    expect(m.host.querySelector('[data-date-message]')).toBeNull();
    await userEvent.fill(from, '45/45/2026');
    await userEvent.tab();
    const message = await until(() => m!.host.querySelector('[data-date-message]'), 'filter message');
    const now = new Date();
    const today = `${String(now.getDate()).padStart(2, '0')}/${String(now.getMonth() + 1).padStart(2, '0')}/${now.getFullYear()}`;
    expect(message.textContent).toBe(`Type the date as ${today}`);
    expect((await axeReport(m.host)).violations).toEqual([]);
  });
});
