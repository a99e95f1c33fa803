/**
 * Composition root of the main-process core: builds one handler per contract call from small
 * dependencies. The Electron shell (src/main/index.ts) passes Electron-backed adapters; the e2e
 * harness passes Node ones. Keep every dependency a small interface so both can.
 */
import type { AppInfo } from '@shared/contract';
import type { CoreHandlers } from './ipc/handlers';

export interface AppCoreDeps {
  appInfo: AppInfo;
}

export function createAppCore(deps: AppCoreDeps): CoreHandlers {
  const appInfo = { ...deps.appInfo };
  return {
    appInfo: async () => appInfo,
  };
}
