/**
 * Whether receipts are read (Settings, kept by main), as one reactive value for the form. Outside
 * the app (component tests without window.courier) reading is on, as it is by default.
 */
import { ref } from 'vue';
import { DEFAULT_SETTINGS } from '@shared/settings';
import { courier, hasCourier } from '@renderer/bridge';

export const receiptReadingEnabled = ref<boolean>(DEFAULT_SETTINGS.receiptReading);
let following = false;

/** Loads the setting once and follows its changes. */
export function followReceiptReadingSetting(): void {
  if (following || !hasCourier()) return;
  following = true;
  const api = courier();
  api.on('settingsChanged', (state) => (receiptReadingEnabled.value = state.settings.receiptReading));
  void api
    .settingsGet()
    .then((state) => (receiptReadingEnabled.value = state.settings.receiptReading))
    .catch(() => undefined);
}
