/**
 * The quick-add window: small, on top, out of the taskbar, created hidden at start-up and kept
 * (hidden, never destroyed) between uses, so opening it is a show() of a page that is already
 * rendered rather than a window creation plus a page load (the < 100 ms target of issue 6).
 * It loads the same renderer bundle from the same origin as the main window, so it writes to
 * the same IndexedDB, with the `#/quick-add` route.
 */
import { secureWebPreferences, type SecureWebPreferences } from '../desktop/window-options';

export const QUICK_ADD_ROUTE = '#/quick-add';
export const QUICK_ADD_SIZE = { width: 440, height: 560 } as const;
export const QUICK_ADD_TITLE = 'Quick add expense';

export interface QuickAddWebPreferences extends SecureWebPreferences {
  /** A hidden window must keep its page live (timers, liveQuery) so it is current when shown. */
  backgroundThrottling: false;
}

export interface QuickAddWindowOptions {
  width: number;
  height: number;
  x?: number;
  y?: number;
  title: string;
  show: false;
  /** Render while hidden, so the first show has a painted page. */
  paintWhenInitiallyHidden: true;
  frame: boolean;
  resizable: false;
  minimizable: false;
  maximizable: false;
  fullscreenable: false;
  alwaysOnTop: true;
  skipTaskbar: true;
  backgroundColor: string;
  webPreferences: QuickAddWebPreferences;
}

export function quickAddWindowOptions(input: { preloadPath: string; platform: string }): QuickAddWindowOptions {
  return {
    ...QUICK_ADD_SIZE,
    title: QUICK_ADD_TITLE,
    show: false,
    paintWhenInitiallyHidden: true,
    // Frameless reads as a panel on macOS; elsewhere the frame gives the usual move/close affordances.
    frame: input.platform !== 'darwin',
    resizable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    alwaysOnTop: true,
    skipTaskbar: true,
    backgroundColor: '#ffffff',
    webPreferences: { ...secureWebPreferences(input.preloadPath), backgroundThrottling: false },
  };
}

/** The main window's entry URL with the quick-add route (same document, same origin). */
export function quickAddUrl(entryUrl: string): string {
  return `${entryUrl.replace(/#.*$/, '')}${QUICK_ADD_ROUTE}`;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where it appears: on the display the pointer is on (where the user is looking), centred
 * horizontally, a fifth down from the top like a launcher, always inside the work area.
 */
export function quickAddPosition(workArea: Rect, size: { width: number; height: number } = QUICK_ADD_SIZE): { x: number; y: number } {
  const x = workArea.x + Math.round((workArea.width - size.width) / 2);
  const y = workArea.y + Math.round(Math.max(0, workArea.height - size.height) / 5);
  return {
    x: Math.max(workArea.x, x),
    y: Math.min(Math.max(workArea.y, y), workArea.y + Math.max(0, workArea.height - size.height)),
  };
}
