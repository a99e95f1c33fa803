import { describe, expect, it } from 'vitest';
import { validateExpenseForm } from '@shared/validation';
import { validationTexts } from '@renderer/i18n/validation-text';
import { acceleratorFromKey, ariaKeyShortcut, displayAccelerator, isMacPlatform } from '@renderer/desktop/accelerator';
import { isQuickAddRoute } from '@renderer/router';
import {
  newQuickAddDraft,
  readQuickAddMemory,
  toFormDraft,
  toQuickAddErrors,
  writeQuickAddMemory,
  QUICK_ADD_MEMORY_KEY,
} from '@renderer/quick-add/draft';
import { parseAccelerator } from '../../../src/main/core/quick-add/global-shortcut';

const key = (k: string, code: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
  key: k,
  code,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('shortcut capture in Settings', () => {
  it('turns a key press into an accelerator main accepts', () => {
    const linux = acceleratorFromKey(key('E', 'KeyE', { ctrlKey: true, shiftKey: true }), false);
    expect(linux).toBe('CommandOrControl+Shift+E');
    expect(parseAccelerator(linux!)).toEqual({ ok: true, accelerator: 'CommandOrControl+Shift+E' });
    // On a Mac, Cmd is the primary modifier and Option+E types "´": the physical key counts.
    expect(acceleratorFromKey(key('´', 'KeyE', { metaKey: true, altKey: true }), true)).toBe('CommandOrControl+Alt+E');
    expect(acceleratorFromKey(key('F9', 'F9'), false)).toBe('F9');
    expect(acceleratorFromKey(key('Shift', 'ShiftLeft', { shiftKey: true }), false)).toBeNull();
  });

  it('shows accelerators the way each OS writes them', () => {
    expect(displayAccelerator('CommandOrControl+Shift+E', false)).toBe('Ctrl+Shift+E');
    expect(displayAccelerator('CommandOrControl+Shift+E', true)).toBe('⇧⌘E');
    expect(displayAccelerator('', false)).toBe('Off');
  });

  it('labels shortcuts per platform: ⌘ on macOS, Ctrl elsewhere, also for assistive technology', () => {
    expect(isMacPlatform('MacIntel')).toBe(true);
    expect(isMacPlatform('Win32')).toBe(false);
    expect(isMacPlatform('Linux x86_64')).toBe(false);
    expect(displayAccelerator('CommandOrControl+N', true)).toBe('⌘N');
    expect(displayAccelerator('CommandOrControl+N', false)).toBe('Ctrl+N');
    expect(displayAccelerator('CommandOrControl+Click', true)).toBe('⌘Click');
    expect(displayAccelerator('CommandOrControl+Click', false)).toBe('Ctrl+Click');
    expect(ariaKeyShortcut('CommandOrControl+N', true)).toBe('Meta+N');
    expect(ariaKeyShortcut('CommandOrControl+N', false)).toBe('Control+N');
    expect(ariaKeyShortcut('CommandOrControl+Shift+E', false)).toBe('Control+Shift+E');
  });
});

describe('quick-add route', () => {
  it('is recognised from the hash the window loads', () => {
    expect(isQuickAddRoute('#/quick-add')).toBe(true);
    expect(isQuickAddRoute('#/quick-addx')).toBe(false);
    expect(isQuickAddRoute('')).toBe(false);
  });
});

describe('quick-add draft', () => {
  const context = {
    locale: 'en-US',
    workspaces: [{ id: 'w1', currency: 'USD', expenseTracking: 'tasks' as const }],
    categories: [{ id: 'c1', name: 'Travel' }],
  };

  it('starts from the remembered choices, else the default currency, with today and reimbursable on', () => {
    expect(newQuickAddDraft('2026-11-21', { workspaceId: 'w1', categoryId: 'c1' }, 'EUR')).toEqual({
      amount: '',
      currency: 'EUR',
      workspaceId: 'w1',
      categoryId: 'c1',
      date: '2026-11-21',
      billable: false,
      reimbursable: true,
      notes: '',
      receiptId: null,
    });
    expect(newQuickAddDraft('2026-11-21', { currency: 'CHF' }, 'EUR').currency).toBe('CHF');
  });

  it('is an amount in the project currency, or a foreign amount in any other', () => {
    const draft = { ...newQuickAddDraft('2026-11-21', { workspaceId: 'w1', categoryId: 'c1' }, null), amount: '12.50' };
    expect(validateExpenseForm(toFormDraft(draft, 'USD'), context)).toMatchObject({ ok: true, fields: { amountCents: 1250, foreignAmount: null } });
    expect(validateExpenseForm(toFormDraft({ ...draft, currency: 'usd' }, 'USD'), context)).toMatchObject({ ok: true, fields: { amountCents: 1250 } });
    expect(validateExpenseForm(toFormDraft({ ...draft, currency: 'eur' }, 'USD'), context)).toMatchObject({
      ok: true,
      fields: { amountCents: 0, foreignAmount: { value: '12.50', currency: 'EUR' } },
    });
  });

  it("puts the main form's messages on the quick-add fields", () => {
    const draft = { ...newQuickAddDraft('2026-11-21', { workspaceId: 'w1' }, null), currency: 'EURO', amount: '' };
    const result = validateExpenseForm(toFormDraft(draft, 'USD'), context);
    expect(result.ok).toBe(false);
    expect(toQuickAddErrors(result.ok ? {} : validationTexts(result.errors))).toEqual({
      amount: 'Enter an amount',
      currency: 'Enter a 3-letter ISO currency code, like EUR or JPY',
      categoryId: 'Choose a category',
    });
  });

  it('remembers the last choices in storage and survives a damaged entry', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    writeQuickAddMemory({ workspaceId: 'w1', categoryId: 'c1', currency: 'EUR' }, storage);
    expect(readQuickAddMemory(storage)).toEqual({ workspaceId: 'w1', categoryId: 'c1', currency: 'EUR' });
    store.set(QUICK_ADD_MEMORY_KEY, '{oops');
    expect(readQuickAddMemory(storage)).toEqual({});
  });
});
