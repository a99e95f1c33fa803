// The quick-add BrowserWindow behind the core's QuickAddWindowPort: created hidden, kept alive.
import { BrowserWindow, screen } from 'electron';
import type { QuickAddWindowPort } from '../core/quick-add/quick-add-controller';
import { quickAddUrl, quickAddWindowOptions, type Rect } from '../core/quick-add/window-options';
import { sendEvent } from '../core/ipc/send-event';

export interface QuickAddWindowSetup {
  preloadPath: string;
  entryUrl: string;
  platform: string;
  /** True once the app is really quitting: then a close is allowed to destroy the window. */
  isQuitting(): boolean;
  /** The window was destroyed anyway (renderer crash): the controller warms a new one. */
  onGone(): void;
}

export function createQuickAddWindow(setup: QuickAddWindowSetup): QuickAddWindowPort {
  const window = new BrowserWindow(quickAddWindowOptions({ preloadPath: setup.preloadPath, platform: setup.platform }));
  if (setup.platform === 'darwin') window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
  // The frame's close button hides it: the next quick add must not pay for a new window.
  window.on('close', (event) => {
    if (setup.isQuitting()) return;
    event.preventDefault();
    window.hide();
  });
  window.on('closed', setup.onGone);
  window.webContents.on('render-process-gone', () => {
    if (!window.isDestroyed()) window.destroy();
  });
  void window.loadURL(quickAddUrl(setup.entryUrl));
  return {
    isDestroyed: () => window.isDestroyed(),
    isVisible: () => window.isVisible(),
    setPosition: (x, y) => window.setPosition(x, y),
    show: () => window.show(),
    focus: () => window.focus(),
    hide: () => window.hide(),
    sendOpen: (payload) => void sendEvent(window.webContents, 'openQuickAdd', payload),
  };
}

/** The work area of the display under the pointer: quick-add opens where the user is. */
export function pointerWorkArea(): Rect {
  return screen.getDisplayNearestPoint(screen.getCursorScreenPoint()).workArea;
}
