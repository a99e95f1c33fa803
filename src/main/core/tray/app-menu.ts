/**
 * The application menu as a plain template: the platform's usual roles (so copy/paste, undo,
 * window management and Quit behave natively) plus the app's commands with their shortcuts.
 * The adapter (src/main/platform/app-menu.ts) builds it with Menu.buildFromTemplate, turning
 * `action` items into clicks.
 */
import { PRODUCT_NAME } from '../desktop/window-options';

export type AppMenuAction = 'newExpense' | 'quickAdd' | 'search' | 'syncNow' | 'settings' | 'exportDiagnostics';

export type AppMenuItem =
  | { role: string }
  | { type: 'separator' }
  | { action: AppMenuAction; label: string; accelerator?: string }
  | { label: string; role?: string; submenu: AppMenuItem[] };

/** Accelerators of the app's commands (Electron syntax; CommandOrControl is Cmd on macOS). */
export const APP_MENU_ACCELERATORS: Readonly<Record<Exclude<AppMenuAction, 'quickAdd' | 'exportDiagnostics'>, string>> = {
  newExpense: 'CommandOrControl+N',
  search: 'CommandOrControl+F',
  // The app has no page reload in production: R means "refresh from Kantata".
  syncNow: 'CommandOrControl+R',
  settings: 'CommandOrControl+,',
};

const sep = { type: 'separator' } as const;

export function appMenuTemplate(input: { platform: string; isDev?: boolean }): AppMenuItem[] {
  const mac = input.platform === 'darwin';
  const settings: AppMenuItem = { action: 'settings', label: mac ? 'Settings…' : 'Settings', accelerator: APP_MENU_ACCELERATORS.settings };
  const file: AppMenuItem = {
    label: 'File',
    submenu: [
      { action: 'newExpense', label: 'New expense', accelerator: APP_MENU_ACCELERATORS.newExpense },
      // No accelerator: the global shortcut (configurable) already opens it from anywhere.
      { action: 'quickAdd', label: 'Quick add expense…' },
      sep,
      { action: 'syncNow', label: 'Sync now', accelerator: APP_MENU_ACCELERATORS.syncNow },
      sep,
      ...(mac ? [{ role: 'close' }] : [settings, sep, { role: 'quit' }]),
    ],
  };
  const view: AppMenuItem = {
    label: 'View',
    submenu: [
      { action: 'search', label: 'Search', accelerator: APP_MENU_ACCELERATORS.search },
      sep,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      sep,
      { role: 'togglefullscreen' },
      ...(input.isDev ? [sep, { role: 'toggleDevTools' }] : []),
    ],
  };
  const menu: AppMenuItem[] = [];
  if (mac) {
    menu.push({
      label: PRODUCT_NAME,
      role: 'appMenu',
      submenu: [{ role: 'about' }, sep, settings, sep, { role: 'services' }, sep, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, sep, { role: 'quit' }],
    });
  }
  menu.push(file, { role: 'editMenu' }, view, { role: 'windowMenu' });
  const exportDiagnostics: AppMenuItem = { action: 'exportDiagnostics', label: 'Export diagnostics…' };
  menu.push({ label: 'Help', role: 'help', submenu: mac ? [exportDiagnostics] : [exportDiagnostics, sep, { role: 'about' }] });
  return menu;
}
