/**
 * The configurable global shortcut that opens quick-add. Electron's `globalShortcut.register`
 * answers false when another app holds the combination and throws on a malformed one; this turns
 * both into a result the Settings view can show, and never leaves the user without a working
 * shortcut because a new one failed: the old registration stays until the new one succeeds.
 */
import { DEFAULT_QUICK_ADD_SHORTCUT, type ShortcutStatus } from '@shared/settings';

/** The part of Electron's `globalShortcut` this needs; the adapter maps a throw to 'invalid'. */
export interface ShortcutRegistry {
  register(accelerator: string, onPress: () => void): 'registered' | 'taken' | 'invalid';
  unregister(accelerator: string): void;
}

/** process.platform values ("darwin", "win32", "linux"). */
export type Platform = string;

const MODIFIERS: Record<string, 'CommandOrControl' | 'Command' | 'Control' | 'Alt' | 'AltGr' | 'Shift' | 'Super'> = {
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  command: 'Command',
  cmd: 'Command',
  control: 'Control',
  ctrl: 'Control',
  alt: 'Alt',
  option: 'Alt',
  altgr: 'AltGr',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super',
};
const MODIFIER_ORDER = ['CommandOrControl', 'Command', 'Control', 'Alt', 'AltGr', 'Shift', 'Super'];

const NAMED_KEYS = [
  'Plus', 'Space', 'Tab', 'Backspace', 'Delete', 'Insert', 'Return', 'Enter', 'Up', 'Down', 'Left', 'Right',
  'Home', 'End', 'PageUp', 'PageDown', 'Escape', 'Esc', 'PrintScreen',
  'num0', 'num1', 'num2', 'num3', 'num4', 'num5', 'num6', 'num7', 'num8', 'num9',
  'numdec', 'numadd', 'numsub', 'nummult', 'numdiv',
];
const NAMED_BY_LOWER = new Map(NAMED_KEYS.map((k) => [k.toLowerCase(), k]));
const PUNCTUATION = new Set([...')!@#$%^&*(:;=<,_->.?/~`{][|\\}"\'']);

function normaliseKey(raw: string): string | undefined {
  if (/^[a-z0-9]$/i.test(raw)) return raw.toUpperCase();
  if (/^f([1-9]|1\d|2[0-4])$/i.test(raw)) return raw.toUpperCase();
  if (raw.length === 1 && PUNCTUATION.has(raw)) return raw;
  return NAMED_BY_LOWER.get(raw.toLowerCase());
}

export type ParsedAccelerator = { ok: true; accelerator: string } | { ok: false; problem: string };

/**
 * Checks and normalises an accelerator ("ctrl+shift+e" -> "Control+Shift+E"). A global shortcut
 * takes the key from every other app, so a plain key or Shift+key (which would swallow typing)
 * is refused; function keys may stand alone.
 */
export function parseAccelerator(text: string): ParsedAccelerator {
  const parts = text.split('+').map((p) => p.trim());
  // "Ctrl++" means Ctrl and the plus key.
  if (text.trim().endsWith('++')) parts.splice(-2, 2, 'Plus');
  if (parts.length === 0 || parts.some((p) => p === '')) return { ok: false, problem: 'it is empty or has an empty part' };
  const keyText = parts.pop()!;
  const modifiers = new Set<string>();
  for (const part of parts) {
    const modifier = MODIFIERS[part.toLowerCase()];
    if (!modifier) return { ok: false, problem: `"${part}" is not a modifier (Ctrl, Alt, Shift, Cmd)` };
    modifiers.add(modifier);
  }
  const key = normaliseKey(keyText);
  if (!key) return { ok: false, problem: `"${keyText}" is not a key` };
  const isFunctionKey = /^F\d+$/.test(key);
  const strong = [...modifiers].some((m) => m !== 'Shift');
  if (!isFunctionKey && !strong) return { ok: false, problem: 'it needs Ctrl, Alt or Cmd, or it would take over normal typing' };
  const ordered = MODIFIER_ORDER.filter((m) => modifiers.has(m));
  return { ok: true, accelerator: [...ordered, key].join('+') };
}

/** How the app shows a shortcut: "Ctrl+Shift+E" on Windows/Linux, "⇧⌘E" on macOS. */
export function formatAccelerator(accelerator: string, platform: Platform): string {
  const parsed = parseAccelerator(accelerator);
  if (!parsed.ok) return accelerator;
  const parts = parsed.accelerator.split('+');
  const key = parts.pop()!;
  if (platform === 'darwin') {
    const symbol: Record<string, string> = { Control: '⌃', Alt: '⌥', AltGr: '⌥', Shift: '⇧', CommandOrControl: '⌘', Command: '⌘', Super: '⌘' };
    const order = ['Control', 'Alt', 'AltGr', 'Shift', 'CommandOrControl', 'Command', 'Super'];
    return [...order.filter((m) => parts.includes(m)).map((m) => symbol[m]), key === 'Plus' ? '+' : key].join('');
  }
  const word: Record<string, string> = { CommandOrControl: 'Ctrl', Command: 'Win', Control: 'Ctrl', Alt: 'Alt', AltGr: 'AltGr', Shift: 'Shift', Super: 'Win' };
  return [...new Set(parts.map((m) => word[m]))].concat(key === 'Plus' ? '+' : key).join('+');
}

export function shortcutTakenMessage(accelerator: string, platform: Platform): string {
  return `${formatAccelerator(accelerator, platform)} is already used by another app, so it cannot open quick add. Choose another shortcut in Settings.`;
}

export function shortcutInvalidMessage(text: string, problem: string): string {
  return `"${text}" cannot be a shortcut: ${problem}. Try a combination like Ctrl+Shift+E.`;
}

export interface ShortcutBinding {
  /** What is in force (or why the last attempt failed). */
  status(): ShortcutStatus;
  /**
   * Switch to `text` ('' turns the shortcut off). On failure the previous shortcut stays
   * registered and the result says why; `accelerator` is then the one that was asked for.
   */
  apply(text: string): ShortcutStatus;
  dispose(): void;
}

export function createShortcutBinding(registry: ShortcutRegistry, onPress: () => void, platform: Platform): ShortcutBinding {
  let registered = '';
  let last: ShortcutStatus = { ok: true, accelerator: '' };

  function apply(text: string): ShortcutStatus {
    if (text.trim() === '') {
      if (registered) registry.unregister(registered);
      registered = '';
      return (last = { ok: true, accelerator: '' });
    }
    const parsed = parseAccelerator(text);
    if (!parsed.ok) {
      return (last = { ok: false, accelerator: text, reason: 'invalid', message: shortcutInvalidMessage(text, parsed.problem) });
    }
    if (parsed.accelerator === registered) return (last = { ok: true, accelerator: registered });
    const outcome = registry.register(parsed.accelerator, onPress);
    if (outcome === 'taken') {
      return (last = { ok: false, accelerator: parsed.accelerator, reason: 'taken', message: shortcutTakenMessage(parsed.accelerator, platform) });
    }
    if (outcome === 'invalid') {
      return (last = {
        ok: false,
        accelerator: parsed.accelerator,
        reason: 'invalid',
        message: shortcutInvalidMessage(text, 'this system does not accept that combination'),
      });
    }
    if (registered) registry.unregister(registered);
    registered = parsed.accelerator;
    return (last = { ok: true, accelerator: registered });
  }

  return {
    status: () => last,
    apply,
    dispose() {
      if (registered) registry.unregister(registered);
      registered = '';
    },
  };
}

export { DEFAULT_QUICK_ADD_SHORTCUT };
