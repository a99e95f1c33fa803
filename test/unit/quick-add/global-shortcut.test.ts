import { describe, expect, it } from 'vitest';
import {
  createShortcutBinding,
  formatAccelerator,
  parseAccelerator,
  type ShortcutRegistry,
} from '../../../src/main/core/quick-add/global-shortcut';
import { DEFAULT_QUICK_ADD_SHORTCUT } from '@shared/settings';

/** Electron's globalShortcut at the boundary: some combinations belong to other apps. */
function fakeRegistry(takenByOthers: string[] = []) {
  const held = new Map<string, () => void>();
  const registry: ShortcutRegistry = {
    register(accelerator, onPress) {
      if (takenByOthers.includes(accelerator) || held.has(accelerator)) return 'taken';
      held.set(accelerator, onPress);
      return 'registered';
    },
    unregister(accelerator) {
      held.delete(accelerator);
    },
  };
  return { registry, held, press: (accelerator: string) => held.get(accelerator)?.() };
}

describe('accelerator parsing', () => {
  it('normalises names and order', () => {
    expect(parseAccelerator('ctrl+shift+e')).toEqual({ ok: true, accelerator: 'Control+Shift+E' });
    expect(parseAccelerator('Shift+CmdOrCtrl+e')).toEqual({ ok: true, accelerator: 'CommandOrControl+Shift+E' });
    expect(parseAccelerator('Alt+F4')).toEqual({ ok: true, accelerator: 'Alt+F4' });
    expect(parseAccelerator('F9')).toEqual({ ok: true, accelerator: 'F9' });
    expect(parseAccelerator('Ctrl++')).toEqual({ ok: true, accelerator: 'Control+Plus' });
  });

  it('refuses what is not a shortcut, or would swallow typing', () => {
    expect(parseAccelerator('E')).toMatchObject({ ok: false, problem: expect.stringContaining('needs Ctrl, Alt or Cmd') });
    expect(parseAccelerator('Shift+E')).toMatchObject({ ok: false });
    expect(parseAccelerator('Ctrl+Hyper+E')).toMatchObject({ ok: false, problem: '"Hyper" is not a modifier (Ctrl, Alt, Shift, Cmd)' });
    expect(parseAccelerator('Ctrl+Shift+')).toMatchObject({ ok: false });
    expect(parseAccelerator('Ctrl+Banana')).toMatchObject({ ok: false, problem: '"Banana" is not a key' });
  });

  it('shows shortcuts the way each OS writes them', () => {
    expect(formatAccelerator(DEFAULT_QUICK_ADD_SHORTCUT, 'win32')).toBe('Ctrl+Shift+E');
    expect(formatAccelerator(DEFAULT_QUICK_ADD_SHORTCUT, 'linux')).toBe('Ctrl+Shift+E');
    expect(formatAccelerator(DEFAULT_QUICK_ADD_SHORTCUT, 'darwin')).toBe('⇧⌘E');
    expect(formatAccelerator('Control+Alt+K', 'darwin')).toBe('⌃⌥K');
  });
});

describe('shortcut binding', () => {
  it('registers the default and calls back on a press', () => {
    const fake = fakeRegistry();
    let pressed = 0;
    const binding = createShortcutBinding(fake.registry, () => pressed++, 'linux');
    expect(binding.apply(DEFAULT_QUICK_ADD_SHORTCUT)).toEqual({ ok: true, accelerator: 'CommandOrControl+Shift+E' });
    fake.press('CommandOrControl+Shift+E');
    expect(pressed).toBe(1);
  });

  it('reports a shortcut taken by another app with a clear message', () => {
    const fake = fakeRegistry(['CommandOrControl+Shift+E']);
    const binding = createShortcutBinding(fake.registry, () => {}, 'win32');
    expect(binding.apply(DEFAULT_QUICK_ADD_SHORTCUT)).toEqual({
      ok: false,
      accelerator: 'CommandOrControl+Shift+E',
      reason: 'taken',
      message: 'Ctrl+Shift+E is already used by another app, so it cannot open quick add. Choose another shortcut in Settings.',
    });
    expect(binding.status()).toMatchObject({ ok: false, reason: 'taken' });
  });

  it('keeps the working shortcut when the new one is taken or invalid, and swaps when it is free', () => {
    const fake = fakeRegistry(['Control+Alt+X']);
    const binding = createShortcutBinding(fake.registry, () => {}, 'linux');
    binding.apply(DEFAULT_QUICK_ADD_SHORTCUT);
    expect(binding.apply('Ctrl+Alt+X')).toMatchObject({ ok: false, reason: 'taken' });
    expect(binding.apply('Q')).toMatchObject({ ok: false, reason: 'invalid', message: expect.stringContaining('"Q" cannot be a shortcut') });
    expect([...fake.held.keys()]).toEqual(['CommandOrControl+Shift+E']);
    expect(binding.apply('Ctrl+Alt+J')).toEqual({ ok: true, accelerator: 'Control+Alt+J' });
    expect([...fake.held.keys()]).toEqual(['Control+Alt+J']);
  });

  it('re-applying the same shortcut is not a conflict with itself', () => {
    const fake = fakeRegistry();
    const binding = createShortcutBinding(fake.registry, () => {}, 'linux');
    binding.apply('Ctrl+Alt+J');
    expect(binding.apply('control+alt+j')).toEqual({ ok: true, accelerator: 'Control+Alt+J' });
  });

  it('turns off with an empty shortcut, and maps a refused combination to invalid', () => {
    const fake = fakeRegistry();
    const binding = createShortcutBinding(fake.registry, () => {}, 'linux');
    binding.apply('Ctrl+Alt+J');
    expect(binding.apply('')).toEqual({ ok: true, accelerator: '' });
    expect(fake.held.size).toBe(0);
    const refusing = createShortcutBinding({ register: () => 'invalid', unregister: () => {} }, () => {}, 'linux');
    expect(refusing.apply('Ctrl+Alt+J')).toMatchObject({ ok: false, reason: 'invalid' });
  });
});
