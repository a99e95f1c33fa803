// The tray icon: renders the core's TrayView (menu, icon variant, tooltip, macOS title).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { trayIconFile, type TrayAction, type TrayView } from '../core/tray/tray-view';

export interface AppTrayHandlers {
  onAction(action: TrayAction): void;
  /** macOS: files dropped on the icon. */
  onDropFiles(paths: string[]): void;
}

export interface AppTray {
  render(view: TrayView): void;
  destroy(): void;
}

export function createAppTray(iconDir: string, platform: string, handlers: AppTrayHandlers): AppTray {
  const imageFor = (file: string): Electron.NativeImage => {
    const path = join(iconDir, file);
    // Variant icons may be missing from a build: fall back to the plain one, never to no icon.
    return nativeImage.createFromPath(existsSync(path) ? path : join(iconDir, trayIconFile('idle', platform)));
  };
  const tray = new Tray(imageFor(trayIconFile('idle', platform)));
  // Windows has a click distinct from the menu: it opens quick-add, the most common use.
  if (platform === 'win32') tray.on('click', () => handlers.onAction('quickAdd'));
  tray.on('drop-files', (_event, paths) => handlers.onDropFiles(paths));

  return {
    render(view) {
      const template: MenuItemConstructorOptions[] = view.menu.map((item) => {
        if (item.type === 'separator') return { type: 'separator' };
        if (item.type === 'status') return { label: item.label, enabled: false };
        return {
          label: item.label,
          enabled: item.enabled,
          ...(item.accelerator ? { accelerator: item.accelerator, registerAccelerator: false } : {}),
          click: () => handlers.onAction(item.action),
        };
      });
      tray.setContextMenu(Menu.buildFromTemplate(template));
      tray.setImage(imageFor(trayIconFile(view.icon, platform)));
      tray.setToolTip(view.tooltip);
      if (platform === 'darwin') tray.setTitle(view.title);
    },
    destroy: () => tray.destroy(),
  };
}
