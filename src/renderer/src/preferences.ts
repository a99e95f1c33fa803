/**
 * The settings the renderer itself applies, in every window: the theme (data-theme on <html>,
 * which picks the custom properties in styles.css; 'system' follows prefers-color-scheme), the
 * language (through userLocale, which vue-i18n and every Intl formatter follow), the date format
 * (userDateFormat: how dates are shown and typed), and what a new
 * expense starts with. Main keeps the settings; this follows settingsGet and settingsChanged.
 */
import { shallowRef } from 'vue';
import { DEFAULT_SETTINGS, type AppSettings } from '@shared/settings';
import { effectiveLocale } from '@shared/languages';
import { courier, hasCourier } from './bridge';
import { setUserDateFormat, setUserLocale } from './locale';

export const preferences = shallowRef<AppSettings>(DEFAULT_SETTINGS);

const systemLocale = (): string => (typeof navigator !== 'undefined' && navigator.language ? navigator.language : 'en-US');

export function applyPreferences(settings: AppSettings): void {
  preferences.value = settings;
  const root = document.documentElement;
  if (settings.theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = settings.theme;
  setUserLocale(effectiveLocale(settings.language, systemLocale()));
  setUserDateFormat(settings.dateFormat);
}

/** Apply the stored settings now and on every change; returns the unsubscribe. */
export function followPreferences(): () => void {
  if (!hasCourier()) return () => {};
  const api = courier();
  const off = api.on('settingsChanged', (state) => applyPreferences(state.settings));
  void api
    .settingsGet()
    .then((state) => applyPreferences(state.settings))
    .catch((error: unknown) => console.error('settings unavailable', error));
  return off;
}
