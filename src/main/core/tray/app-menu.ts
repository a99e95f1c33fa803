/**
 * The application menu as a plain template: the platform's usual roles (so copy/paste, undo,
 * window management and Quit behave natively) plus the app's commands with their shortcuts.
 * The adapter (src/main/platform/app-menu.ts) builds it with Menu.buildFromTemplate, turning
 * `action` items into clicks.
 */
import { PRODUCT_NAME } from '../desktop/window-options';
import { mainText } from '../i18n/main-text';

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

/** `locale`: the app's language (Settings → Language, else the system's); English by default. */
export function appMenuTemplate(input: { platform: string; isDev?: boolean; locale?: string }): AppMenuItem[] {
  const mac = input.platform === 'darwin';
  const text = (key: Parameters<typeof mainText>[1]): string => mainText(input.locale ?? 'en', key);
  const settings: AppMenuItem = { action: 'settings', label: text(mac ? 'menu.settingsMac' : 'menu.settings'), accelerator: APP_MENU_ACCELERATORS.settings };
  const file: AppMenuItem = {
    label: text('menu.file'),
    submenu: [
      { action: 'newExpense', label: text('menu.newExpense'), accelerator: APP_MENU_ACCELERATORS.newExpense },
      // No accelerator: the global shortcut (configurable) already opens it from anywhere.
      { action: 'quickAdd', label: text('menu.quickAdd') },
      sep,
      { action: 'syncNow', label: text('menu.syncNow'), accelerator: APP_MENU_ACCELERATORS.syncNow },
      sep,
      ...(mac ? [{ role: 'close' }] : [settings, sep, { role: 'quit' }]),
    ],
  };
  const view: AppMenuItem = {
    label: text('menu.view'),
    submenu: [
      { action: 'search', label: text('menu.search'), accelerator: APP_MENU_ACCELERATORS.search },
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
  const exportDiagnostics: AppMenuItem = { action: 'exportDiagnostics', label: text('menu.exportDiagnostics') };
  menu.push({ label: text('menu.help'), role: 'help', submenu: mac ? [exportDiagnostics] : [exportDiagnostics, sep, { role: 'about' }] });
  return menu;
}
