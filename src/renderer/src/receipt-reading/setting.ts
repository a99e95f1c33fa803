/**
 * Whether receipts are read, and with which language data (Settings, kept by main), as reactive
 * values for the forms. Outside the app (component tests without window.courier) reading is on,
 * in English, as it is by default.
 */
import { ref } from 'vue';
import { DEFAULT_SETTINGS, type AppSettings, type ReceiptReadingLanguage } from '@shared/settings';
import { courier, hasCourier } from '@renderer/bridge';

export const receiptReadingEnabled = ref<boolean>(DEFAULT_SETTINGS.receiptReading);
export const receiptReadingLanguage = ref<ReceiptReadingLanguage>(DEFAULT_SETTINGS.receiptReadingLanguage);
/** The bridge whose settings are followed (the app has one; a test that installs another is followed anew). */
let following: unknown = null;

function follow(settings: AppSettings): void {
  receiptReadingEnabled.value = settings.receiptReading;
  receiptReadingLanguage.value = settings.receiptReadingLanguage;
}

/** Loads the settings once and follows their changes. */
export function followReceiptReadingSetting(): void {
  if (!hasCourier()) return;
  const api = courier();
  if (following === api) return;
  following = api;
  api.on('settingsChanged', (state) => follow(state.settings));
  void api
    .settingsGet()
    .then((state) => follow(state.settings))
    .catch(() => undefined);
}
