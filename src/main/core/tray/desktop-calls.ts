/**
 * The contract calls of the desktop integration (quick-add window, settings, queue report, quit
 * flow), built over the small controllers of tray/, quick-add/ and settings/. The Electron shell
 * passes real ones; the e2e harness and unit tests use `createDetachedDesktopCalls` (no windows,
 * settings in memory).
 */
import type { AppView, QueueStatus } from '@shared/contract';
import type { SyncTriggerReason } from '@shared/protocol/round';
import type { CoreHandlers } from '../ipc/handlers';
import { createShortcutBinding } from '../quick-add/global-shortcut';
import { createSettingsService, memoryJsonStore, type SettingsService } from '../settings/settings-service';

export type DesktopCallName = 'quickAddClose' | 'quickAddSaved' | 'quickAddOpenMain' | 'settingsGet' | 'settingsSet' | 'reportQueueStatus' | 'quitReady';
export type DesktopCalls = Pick<CoreHandlers, DesktopCallName>;

export interface DesktopCallDeps {
  closeQuickAdd(): void;
  /** Show the main window at a view (navigate). */
  openMain(view: AppView): void;
  settings: SettingsService;
  /** Ask the leading window for a round (syncRequested). */
  requestSync(reason: SyncTriggerReason): void;
  queueReported(status: QueueStatus): void;
  quitParked(): void;
}

export function createDesktopCalls(deps: DesktopCallDeps): DesktopCalls {
  return {
    quickAddClose: async () => {
      deps.closeQuickAdd();
      return null;
    },
    quickAddOpenMain: async ({ view }) => {
      deps.closeQuickAdd();
      deps.openMain(view);
      return null;
    },
    quickAddSaved: async () => {
      // Another window wrote: the leading window sends it, as after any local write.
      deps.requestSync('local-write');
      return null;
    },
    settingsGet: async () => deps.settings.state(),
    settingsSet: async (patch) => deps.settings.update(patch),
    reportQueueStatus: async (status) => {
      deps.queueReported(status);
      return null;
    },
    quitReady: async () => {
      deps.quitParked();
      return null;
    },
  };
}

/** Desktop calls with nothing behind them but memory: for the e2e harness and tests. */
export function createDetachedDesktopCalls(): DesktopCalls & { settingsService: SettingsService } {
  const shortcut = createShortcutBinding({ register: () => 'registered', unregister: () => {} }, () => {}, process.platform);
  const settingsService = createSettingsService({
    store: memoryJsonStore(),
    loginItem: { supported: false, set: () => {} },
    shortcut,
  });
  settingsService.start();
  const calls = createDesktopCalls({
    closeQuickAdd: () => {},
    openMain: () => {},
    settings: settingsService,
    requestSync: () => {},
    queueReported: () => {},
    quitParked: () => {},
  });
  return { ...calls, settingsService };
}
