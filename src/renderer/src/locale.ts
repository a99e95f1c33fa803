/** The user's locale for amounts and dates (the OS/browser language; tests may pin it). */
import { ref } from 'vue';

// Through globalThis: the backup modules that use the catalogues also run (and typecheck) in Node.
const browserLanguage = (globalThis as { navigator?: { language?: string } }).navigator?.language;
export const userLocale = ref<string>(browserLanguage || 'en-US');

export function setUserLocale(locale: string): void {
  userLocale.value = locale;
}
