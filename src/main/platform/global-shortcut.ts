// Electron's globalShortcut behind the core's ShortcutRegistry.
import { globalShortcut } from 'electron';
import type { ShortcutRegistry } from '../core/quick-add/global-shortcut';

export const electronShortcutRegistry: ShortcutRegistry = {
  register(accelerator, onPress) {
    try {
      // false: another application holds the combination.
      return globalShortcut.register(accelerator, onPress) ? 'registered' : 'taken';
    } catch {
      // Electron throws on an accelerator it cannot convert for this OS.
      return 'invalid';
    }
  },
  unregister(accelerator) {
    globalShortcut.unregister(accelerator);
  },
};
