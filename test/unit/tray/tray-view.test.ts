import { describe, expect, it } from 'vitest';
import {
  createTrayPresenter,
  formatSyncTime,
  statusLine,
  trayIconFile,
  trayIconVariant,
  trayView,
  type TrayState,
  type TrayView,
} from '../../../src/main/core/tray/tray-view';

const now = Date.UTC(2026, 10, 21, 15, 0);
const at1042 = Date.UTC(2026, 10, 21, 10, 42);
const fmt = { locale: 'en-GB', timeZone: 'UTC', now };
const state = (change: Partial<TrayState> = {}): TrayState => ({
  pendingCount: 0,
  errorCount: 0,
  lastSyncAt: at1042,
  syncing: false,
  online: true,
  ...change,
});

describe('tray status line', () => {
  it('says how many wait and when the last sync was', () => {
    expect(statusLine(state({ pendingCount: 3 }), fmt)).toBe('3 waiting · synced 10:42');
  });

  it('formats the time in the user locale and time zone', () => {
    expect(formatSyncTime(at1042, { locale: 'en-US', timeZone: 'UTC', now })).toBe('10:42 AM');
    expect(formatSyncTime(at1042, { locale: 'de-DE', timeZone: 'Europe/Berlin', now })).toBe('11:42');
  });

  it('adds the day when the last sync was not today', () => {
    const yesterday = Date.UTC(2026, 10, 20, 10, 42);
    expect(statusLine(state({ lastSyncAt: yesterday }), fmt)).toBe('All sent · synced 20 Nov, 10:42');
  });

  it('names problems, offline, a running round and a first start', () => {
    expect(statusLine(state({ errorCount: 1, pendingCount: 2 }), fmt)).toBe('2 waiting · 1 needs attention · synced 10:42');
    expect(statusLine(state({ errorCount: 2 }), fmt)).toBe('2 need attention · synced 10:42');
    expect(statusLine(state({ pendingCount: 4, online: false }), fmt)).toBe('4 waiting · offline');
    expect(statusLine(state({ pendingCount: 4, syncing: true }), fmt)).toBe('4 waiting · syncing…');
    expect(statusLine(state({ lastSyncAt: null }), fmt)).toBe('All sent · not synced yet');
  });
});

describe('tray icon and menu', () => {
  it('chooses the icon variant: error over offline over pending over idle', () => {
    expect(trayIconVariant(state())).toBe('idle');
    expect(trayIconVariant(state({ pendingCount: 1 }))).toBe('pending');
    expect(trayIconVariant(state({ syncing: true }))).toBe('pending');
    expect(trayIconVariant(state({ pendingCount: 1, online: false }))).toBe('offline');
    expect(trayIconVariant(state({ pendingCount: 1, online: false, errorCount: 1 }))).toBe('error');
  });

  it('uses template images on macOS so the menu bar tints them', () => {
    expect(trayIconFile('idle', 'darwin')).toBe('trayTemplate.png');
    expect(trayIconFile('error', 'linux')).toBe('tray-error.png');
  });

  it('builds the menu: status, quick add with its shortcut, sync now, open, quit', () => {
    const view = trayView(state({ pendingCount: 3 }), { ...fmt, quickAddAccelerator: 'CommandOrControl+Shift+E' });
    expect(view.menu).toEqual([
      { type: 'status', label: '3 waiting · synced 10:42' },
      { type: 'separator' },
      { type: 'action', action: 'quickAdd', label: 'Quick add expense…', enabled: true, accelerator: 'CommandOrControl+Shift+E' },
      { type: 'action', action: 'syncNow', label: 'Sync now', enabled: true },
      { type: 'action', action: 'openMain', label: 'Open Expense Courier', enabled: true },
      { type: 'separator' },
      { type: 'action', action: 'quit', label: 'Quit Expense Courier', enabled: true },
    ]);
    expect(view.tooltip).toBe('Expense Courier: 3 waiting · synced 10:42');
    expect(view.title).toBe('3');
    expect(view.icon).toBe('pending');
  });

  it('disables Sync now offline and while a round runs', () => {
    const syncItem = (s: TrayState) => trayView(s, fmt).menu.find((i) => i.type === 'action' && i.action === 'syncNow');
    expect(syncItem(state({ online: false }))).toMatchObject({ enabled: false, label: 'Sync now' });
    expect(syncItem(state({ syncing: true }))).toMatchObject({ enabled: false, label: 'Syncing…' });
  });
});

describe('tray presenter', () => {
  it('renders at once, then only when what the user sees changes', () => {
    const views: TrayView[] = [];
    const presenter = createTrayPresenter((v) => views.push(v), () => fmt);
    expect(views).toHaveLength(1);
    presenter.update({ pendingCount: 0 });
    expect(views).toHaveLength(1);
    presenter.update({ pendingCount: 2, lastSyncAt: at1042 });
    expect(views).toHaveLength(2);
    expect(views[1]!.menu[0]).toEqual({ type: 'status', label: '2 waiting · synced 10:42' });
    presenter.tick();
    expect(views).toHaveLength(2);
    expect(presenter.state().pendingCount).toBe(2);
  });

  it('re-renders on a tick when the day changed under it', () => {
    const views: TrayView[] = [];
    let clock = now;
    const presenter = createTrayPresenter((v) => views.push(v), () => ({ ...fmt, now: clock }));
    presenter.update({ lastSyncAt: at1042 });
    clock = Date.UTC(2026, 10, 22, 0, 5);
    presenter.tick();
    expect(views.at(-1)!.menu[0]).toEqual({ type: 'status', label: 'All sent · synced 21 Nov, 10:42' });
  });
});
