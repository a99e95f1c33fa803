/**
 * Composition root of the main-process core: builds one handler per contract call from small
 * dependencies. The Electron shell (src/main/index.ts) passes Electron-backed adapters; the e2e
 * harness passes Node ones. Keep every dependency a small interface so both can.
 */
import type { AppInfo } from '@shared/contract';
import type { CoreHandlers } from './ipc/handlers';
import { createDetachedDesktopCalls, type DesktopCalls } from './tray/desktop-calls';

export interface AppCoreDeps {
  appInfo: AppInfo;
  /** Quick-add, settings, queue report and quit calls (tray/desktop-calls.ts); default: detached, in memory. */
  desktop?: DesktopCalls;
}

export function createAppCore(deps: AppCoreDeps): CoreHandlers {
  const appInfo = { ...deps.appInfo };
  return {
    appInfo: async () => appInfo,
    ...(deps.desktop ?? createDetachedDesktopCalls()),
  };
}
