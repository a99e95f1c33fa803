// electron-updater behind the core update flow (core/updates/update-flow.ts): the flow decides,
// this file only hands it Electron's updater and the install's policy file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import electronUpdater from 'electron-updater';
import log from 'electron-log/main';
import { managedUpdatePolicy, type UpdaterPort } from '../core/updates/update-flow';

export function electronUpdaterPort(): UpdaterPort {
  const { autoUpdater } = electronUpdater;
  autoUpdater.logger = log;
  return autoUpdater as unknown as UpdaterPort;
}

export function installPolicy(): { managedOff: boolean; feedUrl: string } {
  return managedUpdatePolicy(process.env, () => {
    try {
      return readFileSync(join(process.resourcesPath, 'policy.json'), 'utf8');
    } catch {
      return null;
    }
  });
}

