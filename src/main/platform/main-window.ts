// The main window: hardened options from core/desktop, placement remembered across launches.
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
