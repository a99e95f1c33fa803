// Start at login through the OS login items (macOS, Windows; Electron has none on Linux).
import { app } from 'electron';
import { HIDDEN_SWITCH } from '../core/desktop/launch';
import type { LoginItemPort } from '../core/settings/settings-service';

export function electronLoginItem(platform: string): LoginItemPort {
  return {
    supported: platform === 'darwin' || platform === 'win32',
    set(enabled) {
      // Started by the OS at login: straight to the tray, no window in the user's face.
      app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_SWITCH] });
    },
  };
}
