// The application menu from the core's template; `action` items become clicks.
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { AppMenuAction, AppMenuItem } from '../core/tray/app-menu';

function toElectron(item: AppMenuItem, onAction: (action: AppMenuAction) => void): MenuItemConstructorOptions {
  if ('submenu' in item) {
    return {
      label: item.label,
      ...(item.role ? { role: item.role as MenuItemConstructorOptions['role'] } : {}),
      submenu: item.submenu.map((child) => toElectron(child, onAction)),
    };
  }
  if ('action' in item) {
    return { label: item.label, accelerator: item.accelerator, click: () => onAction(item.action) };
  }
  if ('role' in item) return { role: item.role as MenuItemConstructorOptions['role'] };
  return { type: 'separator' };
}

export function installAppMenu(template: AppMenuItem[], onAction: (action: AppMenuAction) => void): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(template.map((item) => toElectron(item, onAction))));
}
