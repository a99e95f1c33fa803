/**
 * src/main/platform/desktop-integration.ts wired against a fake 'electron' module (mocks only at
 * the Electron boundary): tray menu and actions, the pre-loaded quick-add window, the global
 * shortcut, queue reports to tray and notifications, close-to-tray with its one-time
 * explanation, the quit flow, and the application menu.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { eventChannelOf } from '@shared/contract';
import type { SyncTriggerReason } from '@shared/protocol/round';

const fake = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  const state = {
    userData: '',
    shortcuts: new Map<string, () => void>(),
    notifications: [] as Array<{ title: string; body: string; emit(event: string): void }>,
    appMenu: undefined as undefined | { template: Array<Record<string, unknown>> },
    quits: 0,
    badge: 0,
  };

  class FakeWebContents extends Emitter {
    sent: Array<{ channel: string; payload: unknown }> = [];
    send(channel: string, payload: unknown): void {
      this.sent.push({ channel, payload });
    }
    isDestroyed = () => false;
  }
  class FakeBrowserWindow extends Emitter {
    static windows: FakeBrowserWindow[] = [];
    static getAllWindows = () => FakeBrowserWindow.windows;
    webContents = new FakeWebContents();
    visible = false;
    focused = false;
    url = '';
    position: [number, number] = [0, 0];
    constructor(readonly options: Record<string, unknown>) {
      super();
      FakeBrowserWindow.windows.push(this);
    }
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    isDestroyed = () => false;
    isVisible = () => this.visible;
    isFocused = () => this.focused;
    show = () => void (this.visible = true);
    hide = () => void (this.visible = false);
    focus = () => void (this.focused = true);
    setPosition = (x: number, y: number) => void (this.position = [x, y]);
    setVisibleOnAllWorkspaces = () => {};
    destroy = () => {};
  }
  class FakeTray extends Emitter {
    static last: FakeTray;
    menu: { template: Array<Record<string, unknown>> } | undefined;
    tooltip = '';
    image: unknown;
    constructor(image: unknown) {
      super();
      this.image = image;
      FakeTray.last = this;
    }
    setContextMenu(menu: { template: Array<Record<string, unknown>> }) {
      this.menu = menu;
    }
    setImage(image: unknown) {
      this.image = image;
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setTitle() {}
    destroy() {}
  }
  class FakeNotification extends Emitter {
    static isSupported = () => true;
    constructor(readonly spec: { title: string; body: string }) {
      super();
    }
    show() {
      state.notifications.push({ ...this.spec, emit: (event: string) => this.emit(event) });
    }
  }
  const app = Object.assign(new Emitter(), {
    // Unpackaged: tray icons come from build/tray (process.resourcesPath exists only in Electron).
    isPackaged: false,
    getPath: () => state.userData,
    getAppPath: () => '/app',
    getLocale: () => 'en-GB',
    getVersion: () => '9.8.7',
    setBadgeCount: (n: number) => void (state.badge = n),
    quit: () => {
      state.quits++;
      const event = { prevented: false, preventDefault: () => void (event.prevented = true) };
      app.emit('before-quit', event);
    },
    setLoginItemSettings: () => {},
  });
  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Notification: FakeNotification,
    Menu: {
      buildFromTemplate: (template: Array<Record<string, unknown>>) => ({ template }),
      setApplicationMenu: (menu: { template: Array<Record<string, unknown>> }) => void (state.appMenu = menu),
    },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    nativeTheme: { themeSource: 'system' as string },
    globalShortcut: {
      register: (accelerator: string, onPress: () => void) => (state.shortcuts.set(accelerator, onPress), true),
      unregister: (accelerator: string) => void state.shortcuts.delete(accelerator),
    },
    screen: {
      getCursorScreenPoint: () => ({ x: 10, y: 10 }),
      getDisplayNearestPoint: () => ({ workArea: { x: 0, y: 0, width: 1000, height: 800 } }),
    },
  };
  return { electron, state, FakeBrowserWindow, FakeTray };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

type FakeWindow = InstanceType<typeof fake.FakeBrowserWindow>;
type Integration = import('../../../src/main/platform/desktop-integration').DesktopIntegration;

let desktop: Integration;
let main: FakeWindow;
let quick: FakeWindow;
const sentTo = (window: FakeWindow, event: Parameters<typeof eventChannelOf>[0]) =>
  window.webContents.sent.filter((s) => s.channel === eventChannelOf(event)).map((s) => s.payload);
const ctx = { senderUrl: 'courier://app/index.html' };
const click = (menu: { template: Array<Record<string, unknown>> } | undefined, label: string) => {
  const find = (items: Array<Record<string, unknown>>): Record<string, unknown> | undefined => {
    for (const item of items) {
      if (item.label === label) return item;
      const inner = Array.isArray(item.submenu) ? find(item.submenu as Array<Record<string, unknown>>) : undefined;
      if (inner) return inner;
    }
    return undefined;
  };
  (find(menu!.template)!.click as () => void)();
};

const syncTriggers: SyncTriggerReason[] = [];

beforeAll(async () => {
  fake.state.userData = mkdtempSync(join(tmpdir(), 'desktop-integration-'));
  const { installDesktopIntegration } = await import('../../../src/main/platform/desktop-integration');
  main = new fake.FakeBrowserWindow({ title: 'main' });
  desktop = installDesktopIntegration({
    preloadPath: '/app/out/preload/index.cjs',
    entryUrl: 'courier://app/index.html',
    mainWindow: () => main as never,
    requestSync: (reason) => syncTriggers.push(reason),
    showMainWindow: () => {
      main.show();
      main.focus();
      return main as never;
    },
  });
  desktop.manageMainWindow(main as never);
  quick = fake.FakeBrowserWindow.windows.find((w) => w !== main)!;
});

describe('desktop integration wiring (fake electron)', () => {
  it('pre-loads one hidden quick-add window on the quick-add route with the same preload', () => {
    expect(fake.FakeBrowserWindow.windows).toHaveLength(2);
    expect(quick.url).toBe('courier://app/index.html#/quick-add');
    expect(quick.options).toMatchObject({ show: false, alwaysOnTop: true, skipTaskbar: true });
    expect((quick.options.webPreferences as { preload: string }).preload).toBe('/app/out/preload/index.cjs');
    expect(quick.visible).toBe(false);
  });

  it('opens quick-add from the global shortcut: event first, then shown and focused', () => {
    fake.state.shortcuts.get('CommandOrControl+Shift+E')!();
    expect(sentTo(quick, 'openQuickAdd')).toEqual([{ source: 'shortcut', receipts: [], notices: [] }]);
    expect([quick.visible, quick.focused]).toEqual([true, true]);
    expect(quick.position).toEqual([280, 48]);
  });

  it('hides (never destroys) quick-add on quickAddClose and when its frame is closed', async () => {
    await desktop.calls.quickAddClose(undefined, ctx);
    expect(quick.visible).toBe(false);
    desktop.openQuickAdd({ source: 'tray' });
    const event = { prevented: false, preventDefault: () => void (event.prevented = true) };
    quick.emit('close', event);
    expect(event.prevented).toBe(true);
    expect(quick.visible).toBe(false);
    expect(fake.FakeBrowserWindow.windows).toHaveLength(2);
  });

  it('shows the queue in the tray and notifies about a new problem; a click opens that expense', async () => {
    const tray = fake.FakeTray.last;
    const report = (attention: Array<{ expenseId: string; state: 'error'; message: string; summary: string }>) =>
      desktop.calls.reportQueueStatus({ pendingCount: 3, errorCount: attention.length, lastSyncAt: Date.UTC(2026, 10, 21, 10, 42), syncing: false, attention, resolvedReports: [] }, ctx);
    await report([]);
    expect(tray.tooltip).toMatch(/^Expense Courier: 3 waiting · synced /);
    expect(tray.menu!.template[0]).toMatchObject({ enabled: false, label: expect.stringMatching(/^3 waiting · synced /) });
    expect(fake.state.badge).toBe(3);
    expect(fake.state.notifications).toHaveLength(0);

    await report([{ expenseId: 'e1', state: 'error', message: 'Date is in a locked period', summary: 'Taxi · $12.50' }]);
    expect(fake.state.notifications.map((n) => n.title)).toEqual(['Kantata did not accept an expense']);
    main.visible = false;
    fake.state.notifications[0]!.emit('click');
    expect(main.visible).toBe(true);
    expect(sentTo(main, 'openExpense')).toEqual([{ id: 'e1' }]);
  });

  it("runs tray actions: quick add, and Sync now through main's scheduler", () => {
    const tray = fake.FakeTray.last;
    syncTriggers.length = 0;
    click(tray.menu, 'Sync now');
    // 'Sync now' is the user's: the scheduler asks for a round of everything, paused or not.
    expect(syncTriggers).toEqual(['sync-now']);
    // Nothing goes to the window behind the scheduler's back.
    expect(sentTo(main, 'syncRequested')).toEqual([]);
    click(tray.menu, 'Quick add expense…');
    expect(sentTo(quick, 'openQuickAdd').at(-1)).toMatchObject({ source: 'tray' });
  });

  it("the application menu's Sync now goes to the scheduler too, and a quick-add save reports a local write", async () => {
    syncTriggers.length = 0;
    click(fake.state.appMenu, 'Sync now');
    expect(syncTriggers).toEqual(['sync-now']);
    await desktop.calls.quickAddSaved({ expenseId: 'e9' }, { senderUrl: 'courier://app/index.html#/quick-add' } as never);
    expect(syncTriggers).toEqual(['sync-now', 'local-write']);
  });

  it('opens Settings from the application menu', () => {
    click(fake.state.appMenu, 'Settings');
    expect(sentTo(main, 'navigate')).toEqual([{ view: 'settings' }]);
  });

  it('quick-add with nothing to record against opens the main window at the asked view and hides itself', async () => {
    desktop.openQuickAdd({ source: 'tray' });
    await desktop.calls.quickAddOpenMain({ view: 'account' }, { senderUrl: 'courier://app/index.html#/quick-add' } as never);
    expect(quick.visible).toBe(false);
    expect(sentTo(main, 'navigate').at(-1)).toEqual({ view: 'account' });
    expect(main.visible).toBe(true);
  });

  it('follows Settings: the theme sets nativeTheme, the language re-labels the tray and the menu; About has the version', async () => {
    expect(fake.electron.nativeTheme.themeSource).toBe('system');
    const dark = await desktop.calls.settingsSet({ theme: 'dark' }, ctx);
    expect(fake.electron.nativeTheme.themeSource).toBe('dark');
    expect(dark.about).toMatchObject({ version: '9.8.7', node: process.versions.node });

    await desktop.calls.settingsSet({ language: 'de' }, ctx);
    const tray = fake.FakeTray.last;
    expect(tray.tooltip).toMatch(/^Expense Courier: 3 wartend · /);
    expect(tray.menu!.template.map((item) => item.label)).toContain('Jetzt synchronisieren');
    expect(fake.state.appMenu!.template.map((item) => item.label)).toContain('Ablage');
    await desktop.calls.settingsSet({ language: 'fr' }, ctx);
    expect(tray.menu!.template.map((item) => item.label)).toContain('Quitter Expense Courier');

    await desktop.calls.settingsSet({ language: 'system', theme: 'system' }, ctx);
    expect(tray.menu!.template.map((item) => item.label)).toContain('Sync now');
    expect(fake.electron.nativeTheme.themeSource).toBe('system');
  });

  it('hides the main window to the tray on close and explains it once', () => {
    const close = () => {
      const event = { prevented: false, preventDefault: () => void (event.prevented = true) };
      main.visible = true;
      main.emit('close', event);
      return event.prevented;
    };
    const before = fake.state.notifications.length;
    expect(close()).toBe(true);
    expect(main.visible).toBe(false);
    expect(fake.state.notifications.slice(before).map((n) => n.title)).toEqual(['Expense Courier is still running']);
    expect(close()).toBe(true);
    expect(fake.state.notifications.length).toBe(before + 1);
    const saved = JSON.parse(readFileSync(join(fake.state.userData, 'settings.json'), 'utf8')) as { flags: unknown };
    expect(saved.flags).toEqual({ closeToTrayExplained: true });
  });

  it('holds Quit during a sync round until the main window parks it, then quits for real', async () => {
    await desktop.calls.reportQueueStatus({ pendingCount: 1, errorCount: 0, lastSyncAt: null, syncing: true, attention: [], resolvedReports: [] }, ctx);
    const event = { prevented: false, preventDefault: () => void (event.prevented = true) };
    fake.electron.app.emit('before-quit', event);
    expect(event.prevented).toBe(true);
    expect(sentTo(main, 'quitRequested')).toEqual([{ deadlineMs: 5000 }]);
    expect(desktop.isQuitting()).toBe(true);

    await desktop.calls.quitReady(undefined, ctx);
    expect(fake.state.quits).toBe(1);
    // Now quitting: windows may really close.
    const close = { prevented: false, preventDefault: () => void (close.prevented = true) };
    main.emit('close', close);
    expect(close.prevented).toBe(false);
  });
});
