/** The user's locale for amounts and dates (the OS/browser language; tests may pin it). */
import { ref } from 'vue';
import type { DateFormatPreference } from '@shared/date-input';

// Read through globalThis: Node tests (the PDF report, validation texts) load this module too.
const platformLanguage = (globalThis as { navigator?: { language?: string } }).navigator?.language;

export const userLocale = ref<string>(platformLanguage || 'en-US');

export function setUserLocale(locale: string): void {
  userLocale.value = locale;
}

/** Settings → Date format: how dates are shown and typed ('locale' follows userLocale). */
export const userDateFormat = ref<DateFormatPreference>('locale');

export function setUserDateFormat(format: DateFormatPreference): void {
  userDateFormat.value = format;
}
