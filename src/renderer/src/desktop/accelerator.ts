/**
 * Turns a key press in the Settings view into an Electron accelerator ("CommandOrControl+Shift+E"),
 * so the user sets the quick-add shortcut by pressing it rather than by spelling it. Main checks
 * it again (syntax, and whether another app holds it) and answers with a message.
 */
import { t } from '@renderer/i18n';

export function isMacPlatform(platform: string = typeof navigator === 'undefined' ? '' : navigator.platform): boolean {
  return /mac/i.test(platform);
}

const NAMED: Record<string, string> = {
  ' ': 'Space',
  '+': 'Plus',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Enter: 'Return',
  Escape: 'Escape',
  Tab: 'Tab',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Insert: 'Insert',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
};

export type KeyLike = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/** Null while only modifiers are held (the user is still pressing). */
export function acceleratorFromKey(event: KeyLike, mac: boolean = isMacPlatform()): string | null {
  if (['Control', 'Meta', 'Alt', 'Shift', 'AltGraph', 'OS'].includes(event.key)) return null;
  // The physical key, so Shift+E is "E" and Alt+E on a Mac (which types "´") is still "E".
  let key: string | undefined;
  if (/^Key[A-Z]$/.test(event.code)) key = event.code.slice(3);
  else if (/^Digit\d$/.test(event.code)) key = event.code.slice(5);
  else if (/^F\d{1,2}$/.test(event.key)) key = event.key;
  else key = NAMED[event.key] ?? (event.key.length === 1 ? event.key : undefined);
  if (!key) return null;
  const parts: string[] = [];
  const primary = mac ? event.metaKey : event.ctrlKey;
  if (primary) parts.push('CommandOrControl');
  if (mac && event.ctrlKey) parts.push('Control');
  if (!mac && event.metaKey) parts.push('Super');
  if (event.altKey) parts.push('Alt');
  if (event.shiftKey) parts.push('Shift');
  return [...parts, key].join('+');
}

/** "Ctrl+Shift+E" / "⇧⌘E" for showing an accelerator. */
export function displayAccelerator(accelerator: string, mac: boolean = isMacPlatform()): string {
  if (!accelerator) return t('settingsView.shortcutOff');
  const parts = accelerator.split('+');
  const key = parts.pop() ?? '';
  if (mac) {
    const symbols: Record<string, string> = { Control: '⌃', Alt: '⌥', Option: '⌥', Shift: '⇧', CommandOrControl: '⌘', CmdOrCtrl: '⌘', Command: '⌘', Cmd: '⌘', Super: '⌘' };
    const order = ['Control', 'Alt', 'Option', 'Shift', 'CommandOrControl', 'CmdOrCtrl', 'Command', 'Cmd', 'Super'];
    return order.filter((m) => parts.includes(m)).map((m) => symbols[m]).join('') + (key === 'Plus' ? '+' : key);
  }
  const words: Record<string, string> = { CommandOrControl: 'Ctrl', CmdOrCtrl: 'Ctrl', Control: 'Ctrl', Ctrl: 'Ctrl', Command: 'Win', Super: 'Win', Alt: 'Alt', Shift: 'Shift' };
  return [...new Set(parts.map((m) => words[m] ?? m)), key === 'Plus' ? '+' : key].join('+');
}

/** The same accelerator for `aria-keyshortcuts` ("Control+Shift+E", "Meta+Shift+E" on a Mac). */
export function ariaKeyShortcut(accelerator: string, mac: boolean = isMacPlatform()): string {
  const parts = accelerator.split('+');
  const key = parts.pop() ?? '';
  const names: Record<string, string> = {
    CommandOrControl: mac ? 'Meta' : 'Control',
    CmdOrCtrl: mac ? 'Meta' : 'Control',
    Command: 'Meta',
    Cmd: 'Meta',
    Super: 'Meta',
    Control: 'Control',
    Ctrl: 'Control',
    Alt: 'Alt',
    Option: 'Alt',
    Shift: 'Shift',
  };
  return [...new Set(parts.map((m) => names[m] ?? m)), key === 'Plus' ? '+' : key].join('+');
}
