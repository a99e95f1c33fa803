// Applies core/desktop/chromium-features.ts to Electron's Chromium. Must run before the app is ready.
import { app } from 'electron';
import { DISABLED_CHROMIUM_FEATURES, mergeFeatureList } from '../core/desktop/chromium-features';

export function disableChromiumFeatures(): void {
  const current = app.commandLine.getSwitchValue('disable-features');
  app.commandLine.appendSwitch('disable-features', mergeFeatureList(current, DISABLED_CHROMIUM_FEATURES));
}
