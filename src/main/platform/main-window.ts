// The main window: hardened options from core/desktop, placement remembered across launches.
import { createRendererRecovery } from '../core/desktop/renderer-recovery';
import { sendEvent } from '../core/ipc/send-event';
import { log } from '../core/logging/log';
import { BrowserWindow, screen } from 'electron';
import { mainWindowOptions } from '../core/desktop/window-options';
import {
  createDebouncedSaver,
  parseWindowState,
  restoreWindowPlacement,
  windowStateToSave,
  type WindowState,
} from '../core/desktop/window-state';
import type { JsonStore } from '../core/desktop/json-file-store';

export interface MainWindowSetup {
  preloadPath: string;
  entryUrl: string;
  stateStore: JsonStore;
  iconPath?: string;
  /** False: stay hidden once loaded (started at login, into the tray). Default true. */
  showOnReady?: boolean;
}

export function createMainWindow(setup: MainWindowSetup): BrowserWindow {
  const placement = restoreWindowPlacement(parseWindowState(setup.stateStore.read()), screen.getAllDisplays());
  const window = new BrowserWindow(
    mainWindowOptions({ preloadPath: setup.preloadPath, bounds: placement.bounds, iconPath: setup.iconPath }),
  );

  const saver = createDebouncedSaver<WindowState>((state) => setup.stateStore.write(state), 500);
  const remember = (): void => {
    if (window.isDestroyed()) return;
    const state = windowStateToSave({
      normalBounds: window.getNormalBounds(),
      isMaximized: window.isMaximized(),
      isMinimized: window.isMinimized(),
      isFullScreen: window.isFullScreen(),
    });
    if (state) saver.schedule(state);
  };
  window.on('resize', remember);
  window.on('move', remember);
  window.on('maximize', remember);
  window.on('unmaximize', remember);
  window.on('close', () => {
    remember();
    saver.flush();
  });

  // A crashed renderer reloads, and the reloaded page shows a notice (rendererRecovered).
  const recovery = createRendererRecovery();
  window.webContents.on('render-process-gone', (_event, details) => {
    const decision = recovery.gone(details);
    if (decision === 'ignore' || window.isDestroyed()) return;
    log.error(`[window] the main window's renderer is gone (${details.reason}, exit ${details.exitCode}): ${decision}`);
    if (decision !== 'reload') return;
    window.webContents.once('did-finish-load', () => sendEvent(window.webContents, 'rendererRecovered', { reason: details.reason }));
    window.webContents.reload();
  });

  window.once('ready-to-show', () => {
    if (setup.showOnReady === false) return;
    if (placement.maximized) window.maximize();
    window.show();
  });
  void window.loadURL(setup.entryUrl);
  return window;
}

export function focusWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}
