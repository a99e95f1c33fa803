import { describe, expect, it } from 'vitest';
import type { AttentionItem } from '@shared/contract';
import { appMenuTemplate, type AppMenuItem } from '../../../src/main/core/tray/app-menu';
import { createNotificationPlanner, notificationFor } from '../../../src/main/core/tray/notifications';

function flatten(items: AppMenuItem[]): AppMenuItem[] {
  return items.flatMap((item) => ('submenu' in item ? [item, ...flatten(item.submenu)] : [item]));
}
const actions = (items: AppMenuItem[]) =>
  Object.fromEntries(flatten(items).flatMap((i) => ('action' in i ? [[i.action, i.accelerator ?? null]] : [])));
const roles = (items: AppMenuItem[]) => flatten(items).flatMap((i) => ('role' in i && i.role ? [i.role] : []));

describe('application menu', () => {
  it('has the app commands with their shortcuts on every platform', () => {
    for (const platform of ['darwin', 'win32', 'linux']) {
      expect(actions(appMenuTemplate({ platform }))).toEqual({
        newExpense: 'CommandOrControl+N',
        quickAdd: null,
        search: 'CommandOrControl+F',
        syncNow: 'CommandOrControl+R',
        settings: 'CommandOrControl+,',
        exportDiagnostics: null,
      });
      const help = appMenuTemplate({ platform }).find((item) => 'label' in item && item.label === 'Help');
      expect(help).toMatchObject({ role: 'help', submenu: expect.arrayContaining([{ action: 'exportDiagnostics', label: 'Export diagnostics…' }]) });
    }
  });

  it('uses the macOS app menu there and File > Quit elsewhere', () => {
    const mac = appMenuTemplate({ platform: 'darwin' });
    expect(mac[0]).toMatchObject({ label: 'Expense Courier', role: 'appMenu' });
    expect(roles(mac)).toEqual(expect.arrayContaining(['about', 'services', 'hide', 'quit', 'editMenu', 'windowMenu', 'close']));
    const win = appMenuTemplate({ platform: 'win32' });
    expect(win[0]).toMatchObject({ label: 'File' });
    expect(roles(win)).toEqual(expect.arrayContaining(['quit', 'editMenu', 'windowMenu', 'about']));
    expect(roles(win)).not.toContain('services');
  });

  it('offers developer tools only in development, and never a page reload', () => {
    expect(roles(appMenuTemplate({ platform: 'linux' }))).not.toContain('toggleDevTools');
    expect(roles(appMenuTemplate({ platform: 'linux', isDev: true }))).toContain('toggleDevTools');
    expect(roles(appMenuTemplate({ platform: 'linux', isDev: true }))).not.toContain('reload');
  });
});

const item = (id: string, state: AttentionItem['state'] = 'error', message = 'Date is in a locked period'): AttentionItem => ({
  expenseId: id,
  state,
  message,
  summary: `Taxi ${id} · $12.50 · Apollo rollout`,
});

describe('notifications', () => {
  it('say what happened to which expense and open it on click', () => {
    expect(notificationFor(item('e1'))).toEqual({
      title: 'Kantata did not accept an expense',
      body: 'Taxi e1 · $12.50 · Apollo rollout: Date is in a locked period',
      click: { kind: 'openExpense', id: 'e1' },
    });
    expect(notificationFor(item('e2', 'conflict', 'Kantata changed the amount'))).toMatchObject({
      title: 'An expense was also changed in Kantata',
      click: { kind: 'openExpense', id: 'e2' },
    });
  });

  it('notify only about new problems, not those present at start or already told', () => {
    const planner = createNotificationPlanner();
    expect(planner.report([item('old')], { enabled: true })).toEqual([]);
    const next = planner.report([item('old'), item('new')], { enabled: true });
    expect(next.map((n) => n.click)).toEqual([{ kind: 'openExpense', id: 'new' }]);
    expect(planner.report([item('old'), item('new')], { enabled: true })).toEqual([]);
    // The same expense failing again with another message is news.
    expect(planner.report([item('old'), item('new', 'error', 'Project is archived')], { enabled: true })).toHaveLength(1);
  });

  it('stay silent when the user turned them off', () => {
    const planner = createNotificationPlanner();
    planner.report([], { enabled: false });
    expect(planner.report([item('a')], { enabled: false })).toEqual([]);
  });

  it('summarise a burst in one notification that opens the attention list', () => {
    const planner = createNotificationPlanner();
    planner.report([], { enabled: true });
    const burst = planner.report(['a', 'b', 'c', 'd', 'e'].map((id) => item(id)), { enabled: true });
    expect(burst).toEqual([
      expect.objectContaining({ title: '5 expenses need your attention', click: { kind: 'navigate', view: 'attention' } }),
    ]);
  });

  it('tell about an expense report Kantata approved or rejected since the app started, once, in the chosen language', () => {
    const planner = createNotificationPlanner();
    const old = { id: 'r0', title: 'Lisbon, 1-3 Oct', status: 'approved' as const, resolution: null };
    expect(planner.report([], { enabled: true, resolvedReports: [old] })).toEqual([]);
    const rejected = { id: 'r1', title: 'Berlin trip, 3-7 Nov', status: 'rejected' as const, resolution: 'Receipts missing for the taxi' };
    expect(planner.report([], { enabled: true, resolvedReports: [old, rejected] })).toEqual([
      {
        title: 'Expense report rejected',
        body: 'Berlin trip, 3-7 Nov: Receipts missing for the taxi. Its expenses can be edited again.',
        click: { kind: 'navigate', view: 'reports' },
      },
    ]);
    expect(planner.report([], { enabled: true, resolvedReports: [old, rejected] })).toEqual([]);
    // Resubmitted and then approved: news again.
    const approved = { ...rejected, status: 'approved' as const, resolution: null };
    expect(planner.report([], { enabled: true, locale: 'de', resolvedReports: [old, approved] })).toEqual([
      { title: 'Spesenabrechnung genehmigt', body: 'Berlin trip, 3-7 Nov', click: { kind: 'navigate', view: 'reports' } },
    ]);
    // Turned off: nothing, and not shown later either.
    const another = { id: 'r2', title: 'Paris', status: 'rejected' as const, resolution: null };
    expect(planner.report([], { enabled: false, resolvedReports: [old, approved, another] })).toEqual([]);
    expect(planner.report([], { enabled: true, resolvedReports: [old, approved, another] })).toEqual([]);
  });
});
