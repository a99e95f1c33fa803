/** The user's locale for amounts and dates (the OS/browser language; tests may pin it). */
import { ref } from 'vue';

export const userLocale = ref<string>(typeof navigator !== 'undefined' && navigator.language ? navigator.language : 'en-US');

export function setUserLocale(locale: string): void {
  userLocale.value = locale;
}
