/**
 * Where Debian's Chromium is and how to launch it on these machines (see DESIGN.md): the only
 * browser tests, e2e and the benchmark use. Never a downloaded browser.
 */
import { existsSync } from 'node:fs';
import { disableFeaturesSwitch } from '../../../src/main/core/desktop/chromium-features';

/** Switches for running headless on these machines, nothing that changes how pages run. */
export const stockChromiumLaunchArgs: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** What tests and benchmarks launch: the above plus the Chromium features the app turns off, as the shell does. */
export const chromiumLaunchArgs: string[] = [...stockChromiumLaunchArgs, disableFeaturesSwitch()];

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found) {
    throw new Error('Chromium not found: install Debian\'s chromium (apt-get install -y chromium) or set CHROMIUM_PATH.');
  }
  return found;
}
