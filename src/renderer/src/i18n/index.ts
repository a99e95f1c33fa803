/**
 * The renderer's translations (vue-i18n, composition mode) and the Intl formatters that go with
 * them. The language follows `userLocale` (the OS language, or the one chosen in Settings), so
 * words, numbers, money and dates always come from the same locale.
 *
 * Components import `t` from here (no app.use needed, so every window and every test mount gets
 * the same instance); messages are compiled without eval, which the CSP forbids.
 */
import { watch } from 'vue';
import { createI18n } from 'vue-i18n';
import { formatDay } from '@shared/dates';
import { datePattern, formatDateInput } from '@shared/date-input';
import { languageOf, type Language } from '@shared/languages';
import { userDateFormat, userLocale } from '@renderer/locale';
import { en, type Catalogue } from './en';
import { de } from './de';
import { fr } from './fr';

export const catalogues: Record<Language, Catalogue> = { en, de, fr };

// French counts 0 and 1 as singular; English and German only 1 (vue-i18n's default).
const frenchPlural = (choice: number, choicesLength: number): number => (choicesLength < 2 ? 0 : Math.abs(choice) <= 1 ? 0 : 1);

export const i18n = createI18n({
  legacy: false,
  locale: languageOf(userLocale.value),
  fallbackLocale: 'en',
  messages: catalogues,
  pluralRules: { fr: frenchPlural },
  // A missing key is a bug the catalogue test catches; no console noise at run time.
  missingWarn: false,
  fallbackWarn: false,
});

watch(userLocale, (locale) => {
  i18n.global.locale.value = languageOf(locale);
});

export const t = i18n.global.t;
export const te = i18n.global.te;

/** A count in the user's locale ("1,234", "1.234", "1 234"). */
export function formatCount(n: number): string {
  return new Intl.NumberFormat(userLocale.value).format(n);
}

/** `t` for a counted phrase: the plural form for `n`, with `n` formatted in the user's locale. */
export function tc(key: string, n: number, named: Record<string, unknown> = {}): string {
  return t(key, { ...named, n: formatCount(n) }, n);
}

/** A percentage (0–100) in the user's locale ("42%", "42 %", "42 %"). */
export function formatPercent(percent: number): string {
  return new Intl.NumberFormat(userLocale.value, { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
}

/** A date and time in the user's locale ("4 Dec 2026, 17:40"). */
export function formatDateTime(ms: number): string {
  return new Intl.DateTimeFormat(userLocale.value, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/**
 * A calendar day (ISO yyyy-mm-dd) as the user reads dates: the locale's medium style ("Dec 25,
 * 2026") when the date format follows the language, else the chosen order ("25/12/2026").
 */
export function formatDayLocal(iso: string): string {
  if (userDateFormat.value === 'locale') return formatDay(iso, userLocale.value);
  return formatDateInput(iso, datePattern(userLocale.value, userDateFormat.value));
}

/** The sidebar name of a screen: the catalogue's when it has one, else the screen's own. */
export function screenLabel(screen: { id: string; label: string; labelKey?: string }): string {
  const key = screen.labelKey ?? `nav.${screen.id}`;
  return te(key) ? t(key) : screen.label;
}
