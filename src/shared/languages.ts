/**
 * The languages the app speaks, and how the Settings choice turns into a locale. One definition
 * for main (tray, menus, notifications) and the renderer (vue-i18n), so both follow one setting.
 */
export const LANGUAGES = ['en', 'de', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Settings: follow the system, or one of ours. */
export const LANGUAGE_PREFERENCES = ['system', ...LANGUAGES] as const;
export type LanguagePreference = (typeof LANGUAGE_PREFERENCES)[number];

/** The catalogue language for a BCP 47 locale ("de-AT" → de); English when we have none. */
export function languageOf(locale: string): Language {
  const base = locale.toLowerCase().split(/[-_]/)[0] ?? '';
  return (LANGUAGES as readonly string[]).includes(base) ? (base as Language) : 'en';
}

/**
 * The locale words, numbers and dates use: the system's when the user follows it, else the chosen
 * language, keeping the system's region when it is the same language (de-AT stays de-AT).
 */
export function effectiveLocale(preference: LanguagePreference, systemLocale: string): string {
  if (preference === 'system') return systemLocale;
  return languageOf(systemLocale) === preference ? systemLocale : preference;
}
