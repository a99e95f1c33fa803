import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseStoredSettings } from '@shared/settings';
import { createJsonFileStore } from '../../../src/main/core/desktop/json-file-store';
import { createShortcutBinding, type ShortcutRegistry } from '../../../src/main/core/quick-add/global-shortcut';
import { createSettingsService, memoryJsonStore, type LoginItemPort } from '../../../src/main/core/settings/settings-service';
import { createDesktopCalls, createDetachedDesktopCalls } from '../../../src/main/core/tray/desktop-calls';

const dir = mkdtempSync(join(tmpdir(), 'settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function setup(options: { stored?: unknown; taken?: string[]; loginSupported?: boolean } = {}) {
  const held = new Set<string>();
  const registry: ShortcutRegistry = {
    register: (a) => (options.taken?.includes(a) ? 'taken' : (held.add(a), 'registered')),
    unregister: (a) => void held.delete(a),
  };
  const loginCalls: boolean[] = [];
  const loginItem: LoginItemPort = { supported: options.loginSupported ?? true, set: (on) => void loginCalls.push(on) };
  const store = memoryJsonStore(options.stored);
  const service = createSettingsService({ store, loginItem, shortcut: createShortcutBinding(registry, () => {}, 'linux') });
  return { service, store, held, loginCalls };
}

describe('stored settings', () => {
  it('start with login off, notifications and updates on, the default shortcut, no default currency, the system language and theme', () => {
    expect(parseStoredSettings(undefined)).toEqual({
      startAtLogin: false,
      quickAddShortcut: 'CommandOrControl+Shift+E',
      defaultCurrency: null,
      notifications: true,
      autoUpdate: true,
      receiptReading: true,
      receiptReadingLanguage: 'eng',
      language: 'system',
      theme: 'system',
      defaultBillable: false,
      defaultReimbursable: true,
      dateFormat: 'locale',
    });
  });

  it('keep a chosen date format, and fall back to following the language for an unknown one', () => {
    expect(parseStoredSettings({ dateFormat: 'dmy' }).dateFormat).toBe('dmy');
    expect(parseStoredSettings({ dateFormat: 'dd.mm.yy' }).dateFormat).toBe('locale');
  });

  it('keep what is valid from a damaged or older file and drop unknown keys', () => {
    expect(parseStoredSettings({ startAtLogin: 'yes', defaultCurrency: 'EUR', notifications: false, theme: 'dark', accent: 'pink' })).toEqual({
      ...DEFAULT_SETTINGS,
      defaultCurrency: 'EUR',
      notifications: false,
      theme: 'dark',
    });
    expect(parseStoredSettings({ theme: 'sepia', language: 'tlh' })).toMatchObject({ theme: 'system', language: 'system' });
    expect(parseStoredSettings({ defaultCurrency: 'euro' }).defaultCurrency).toBeNull();
    expect(parseStoredSettings('garbage')).toEqual(DEFAULT_SETTINGS);
    expect(parseStoredSettings({ receiptReading: false, receiptReadingLanguage: 'klingon' })).toMatchObject({
      receiptReading: false,
      receiptReadingLanguage: 'eng',
    });
  });
});

describe('settings service', () => {
  it('registers the stored shortcut at start and reports the state', () => {
    const { service, held } = setup();
    expect(service.start()).toEqual({
      settings: DEFAULT_SETTINGS,
      shortcut: { ok: true, accelerator: 'CommandOrControl+Shift+E' },
      startAtLoginSupported: true,
      about: { version: 'development', electron: null, chrome: null, node: process.versions.node },
    });
    expect([...held]).toEqual(['CommandOrControl+Shift+E']);
  });

  it('reports a taken shortcut at start without losing the setting', () => {
    const { service } = setup({ taken: ['CommandOrControl+Shift+E'] });
    const state = service.start();
    expect(state.shortcut).toMatchObject({ ok: false, reason: 'taken' });
    expect(state.settings.quickAddShortcut).toBe('CommandOrControl+Shift+E');
  });

  it('saves a change, applies start-at-login, and tells listeners', () => {
    const { service, store, loginCalls } = setup();
    service.start();
    const heard: unknown[] = [];
    service.onChange((s) => heard.push(s.settings));
    const state = service.update({ startAtLogin: true, defaultCurrency: 'EUR' });
    expect(state.settings).toMatchObject({ startAtLogin: true, defaultCurrency: 'EUR' });
    expect(loginCalls).toEqual([true]);
    expect(store.value).toMatchObject({ startAtLogin: true, defaultCurrency: 'EUR' });
    expect(heard).toHaveLength(1);
    service.update({ startAtLogin: true });
    expect(loginCalls).toEqual([true]);
  });

  it('keeps the old shortcut in force and saved when the new one is taken', () => {
    const { service, store, held } = setup({ taken: ['Control+Alt+X'] });
    service.start();
    const state = service.update({ quickAddShortcut: 'Ctrl+Alt+X' });
    expect(state.shortcut).toMatchObject({ ok: false, reason: 'taken', accelerator: 'Control+Alt+X' });
    expect(state.settings.quickAddShortcut).toBe('CommandOrControl+Shift+E');
    expect(store.value).toMatchObject({ quickAddShortcut: 'CommandOrControl+Shift+E' });
    expect([...held]).toEqual(['CommandOrControl+Shift+E']);
    expect(service.update({ quickAddShortcut: 'ctrl+alt+j' }).settings.quickAddShortcut).toBe('Control+Alt+J');
  });

  it('refuses an invalid patch', () => {
    const { service } = setup();
    expect(() => service.update({ defaultCurrency: 'euro' })).toThrow(/3-letter ISO currency code/);
  });

  it('leaves start-at-login off where the OS has no login items', () => {
    const { service, loginCalls } = setup({ loginSupported: false });
    expect(service.update({ startAtLogin: true }).settings.startAtLogin).toBe(false);
    expect(loginCalls).toEqual([]);
  });

  it('persists in a JSON file across restarts, with the one-time flags', () => {
    const file = join(dir, 'settings.json');
    const make = () =>
      createSettingsService({
        store: createJsonFileStore(file),
        loginItem: { supported: true, set: () => {} },
        shortcut: createShortcutBinding({ register: () => 'registered', unregister: () => {} }, () => {}, 'linux'),
      });
    const first = make();
    first.update({ notifications: false, defaultCurrency: 'JPY' });
    first.setFlag('closeToTrayExplained', true);
    const second = make();
    expect(second.settings()).toMatchObject({ notifications: false, defaultCurrency: 'JPY' });
    expect(second.flags()).toEqual({ closeToTrayExplained: true });
    writeFileSync(file, '{ not json');
    expect(make().settings()).toEqual(DEFAULT_SETTINGS);
    expect(readFileSync(file, 'utf8')).toBe('{ not json');
  });
});

describe('desktop contract calls', () => {
  it('route to the quick-add window, settings, sync, tray and quit flow', async () => {
    const log: string[] = [];
    const { service } = setup();
    const calls = createDesktopCalls({
      closeQuickAdd: () => log.push('close'),
      openMain: (view) => log.push(`main ${view}`),
      settings: service,
      requestSync: (reason) => log.push(`sync ${reason}`),
      queueReported: (s) => log.push(`queue ${s.pendingCount}`),
      quitParked: () => log.push('parked'),
    });
    const ctx = { senderUrl: 'courier://app/index.html#/quick-add' };
    await calls.quickAddClose(undefined, ctx);
    await calls.quickAddSaved({ expenseId: 'e1' }, ctx);
    await calls.reportQueueStatus({ pendingCount: 2, errorCount: 0, lastSyncAt: null, syncing: false, attention: [], resolvedReports: [] }, ctx);
    await calls.quitReady(undefined, ctx);
    await calls.quickAddOpenMain({ view: 'account' }, ctx);
    expect(log).toEqual(['close', 'sync local-write', 'queue 2', 'parked', 'close', 'main account']);
    expect((await calls.settingsSet({ notifications: false }, ctx)).settings.notifications).toBe(false);
    expect((await calls.settingsGet(undefined, ctx)).settings.notifications).toBe(false);
  });

  it('work detached (e2e harness) with settings in memory', async () => {
    const calls = createDetachedDesktopCalls();
    const ctx = { senderUrl: 'http://127.0.0.1/' };
    const state = await calls.settingsSet({ defaultCurrency: 'EUR' }, ctx);
    expect(state).toMatchObject({ settings: { defaultCurrency: 'EUR' }, startAtLoginSupported: false, shortcut: { ok: true } });
  });
});
