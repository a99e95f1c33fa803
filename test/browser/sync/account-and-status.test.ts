/**
 * Account view and status bar in real Chromium, wired to the real main-process core (account
 * service, sync engine, reference download) and the real simulator in Node through the contract.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import type { QueueStatus } from '@shared/contract';
import type { ExpenseFields } from '@shared/model/expense';
import type { CourierDatabase } from '@renderer/db/database';
import { saveExpense } from '@renderer/db/expenses-repo';
import { useSyncStore } from '@renderer/sync/store';
import SyncStatusBar from '@renderer/components/SyncStatusBar.vue';
import AccountView from '@renderer/views/AccountView.vue';
import { mountWithDb, type Mounted } from '../../support/browser/mount';
import { startSyncWorld, type BrowserSyncWorld } from '../../support/browser/sync-world';

let mounted: Mounted | null = null;
let world: BrowserSyncWorld | null = null;

afterEach(async () => {
  await mounted?.cleanup();
  mounted = null;
  window.courier = undefined;
  await world?.stop();
  world = null;
});

async function setUp(component: Parameters<typeof mountWithDb>[0], options: { plainTextStorage?: boolean } = {}) {
  world = await startSyncWorld(options);
  window.courier = world.courier;
  mounted = await mountWithDb(component);
  return { world, mounted };
}

async function everything(db: CourierDatabase): Promise<string> {
  const tables = await Promise.all(db.tables.map(async (t) => JSON.stringify(await t.toArray())));
  return tables.join('\n');
}

async function connect(w: BrowserSyncWorld, token = w.token): Promise<void> {
  await page.getByTestId('account-base-url').fill(w.baseUrl);
  await page.getByTestId('account-token').fill(token);
  await page.getByTestId('account-connect').click();
}

describe('Account view', () => {
  it('warns about plain-text token storage, connects, shows who, and keeps the token out of the renderer', async () => {
    const { world: w, mounted: m } = await setUp(AccountView, { plainTextStorage: true });
    await expect.element(page.getByTestId('plain-text-warning')).toBeVisible();
    await expect.element(page.getByTestId('plain-text-warning')).toHaveTextContent('basic_text');
    expect(m.host.querySelector('input[name=token]')?.getAttribute('type')).toBe('password');

    await connect(w);

    // The click only starts connecting: wait until the view shows who is connected.
    await expect.element(page.getByTestId('account-who')).toBeVisible();
    const status = await w.courier.accountStatus();
    expect(status).toMatchObject({ connected: true, baseUrl: w.baseUrl });
    await expect.element(page.getByTestId('account-who')).toHaveTextContent(status.user!.fullName);
    // Connected: the status card replaces the form, so no field holds the token any more.
    expect(m.host.querySelector('input[name=token]')).toBeNull();
    await expect.poll(async () => (await m.db.meta.get('account'))?.value).toMatchObject({ fullName: status.user!.fullName });
    expect(await everything(m.db)).not.toContain(w.token);
    expect(JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })).not.toContain(w.token);
  });

  it("shows the server's refusal of a wrong token and stays disconnected", async () => {
    const { world: w } = await setUp(AccountView);
    await expect.element(page.getByTestId('plain-text-warning')).not.toBeInTheDocument();
    await connect(w, 'not-a-valid-token');
    await expect.element(page.getByTestId('account-error')).toHaveTextContent('Kantata did not accept this token.');
    expect((await w.courier.accountStatus()).connected).toBe(false);
  });

  it('asks what to do with unsynced entries on disconnect, and keeps them queued when told so', async () => {
    const { world: w, mounted: m } = await setUp(AccountView);
    await connect(w);
    await expect.element(page.getByTestId('account-who')).toBeVisible();
    const pending = await saveExpense({ fields: fields(w) }, m.db);

    await page.getByTestId('account-disconnect').click();
    await expect.element(page.getByTestId('disconnect-unsynced')).toHaveTextContent('Changes to 1 expense have not reached Kantata');
    await page.getByTestId('disconnect-keep').click();

    await expect.element(page.getByTestId('account-notice')).toHaveTextContent('unsynced changes wait');
    expect((await w.courier.accountStatus()).connected).toBe(false);
    expect(await m.db.outbox.count()).toBe(1);
    expect(await m.db.expenses.get(pending.id)).toMatchObject({ syncState: 'pending' });
  });
});

describe('status bar and the leading window executing what main asks', () => {
  it('syncs a local write by itself, shows the first-download progress main reports, then the last sync', async () => {
    const { world: w, mounted: m } = await setUp(SyncStatusBar);
    const reports: QueueStatus[] = [];
    window.courier = new Proxy(w.courier, {
      get: (target, name) =>
        name === 'reportQueueStatus'
          ? (status: QueueStatus) => {
              reports.push(status);
              return target.reportQueueStatus(status);
            }
          : target[name as keyof typeof target],
    });
    const sync = useSyncStore(m.pinia);
    await w.courier.accountConnect({ baseUrl: w.baseUrl, token: w.token });
    // The first download is slow: while it runs, main reports its progress.
    await w.admin({ op: 'fault', spec: { kind: 'latency', ms: 1_500, method: 'GET', pathPattern: '^/expenses$', times: 1 } });
    expect(sync.start()).toBe(true);
    await expect.element(page.getByTestId('sync-headline')).toHaveTextContent('Downloading your expenses');
    w.emit('syncProgress', { roundId: 'r', phase: 'pull', done: 200, total: 1000 });
    await expect.element(page.getByTestId('sync-progress')).toHaveTextContent('Downloaded 200 of 1,000');
    await expect.element(page.getByTestId('sync-headline'), { timeout: 15_000 }).toHaveTextContent('All changes delivered');
    await expect.element(page.getByTestId('sync-progress')).not.toBeInTheDocument();
    await expect.element(page.getByTestId('sync-detail')).toHaveTextContent('Last sync');
    // The pickers' reference data came down with it, for offline use.
    await expect.poll(async () => (await m.db.workspaces.get(w.workspaceId))?.title).toBe('Browser sync project');
    expect(await m.db.categories.get(w.categoryId)).toMatchObject({ name: w.category });
    expect((await m.db.meta.get('referenceCursors'))?.value).toEqual(expect.objectContaining({ workspaces: expect.any(String) }));

    // A write from any window grows the outbox; the leader sends it after a quiet moment.
    const saved = await saveExpense({ fields: fields(w, 'written, not synced by hand') }, m.db);
    await expect.poll(async () => (await m.db.expenses.get(saved.id))?.syncState, { timeout: 15_000 }).toBe('synced');
    const server = (await w.serverExpenses()).filter((e) => e.notes === 'written, not synced by hand');
    expect(server).toHaveLength(1);
    // Main (tray, notifications, quit flow) was told about the queue as it grew and emptied.
    expect(reports.some((r) => r.pendingCount === 1)).toBe(true);
    await expect.poll(() => reports.at(-1)).toMatchObject({ pendingCount: 0, errorCount: 0, lastSyncAt: expect.any(Number) });

    // Main's scheduler asks for a round (tray "Sync now", timer): a remote change arrives.
    await w.editAsOther(server[0]!.id, { notes: 'changed in Kantata' });
    await w.courier.syncTrigger({ reason: 'sync-now' });
    await expect.poll(async () => (await m.db.expenses.get(saved.id))?.notes, { timeout: 15_000 }).toBe('changed in Kantata');
    await sync.idle();
  });
});

function fields(w: BrowserSyncWorld, notes = 'taxi'): ExpenseFields {
  return w.fields({ notes });
}

describe('quitting', () => {
  it('answers quitRequested only once the running round has finished', async () => {
    world = await startSyncWorld();
    const w = world;
    const answeredWhileRunning: boolean[] = [];
    let sync: ReturnType<typeof useSyncStore> | null = null;
    window.courier = new Proxy(w.courier, {
      get: (target, name) =>
        name === 'quitReady'
          ? () => {
              answeredWhileRunning.push(sync?.running ?? true);
              return target.quitReady();
            }
          : target[name as keyof typeof target],
    });
    mounted = await mountWithDb(SyncStatusBar);
    sync = useSyncStore(mounted.pinia);
    await w.courier.accountConnect({ baseUrl: w.baseUrl, token: w.token });
    await w.admin({ op: 'fault', spec: { kind: 'latency', ms: 1_000, method: 'GET', pathPattern: '^/expenses$', times: 1 } });
    sync.start();
    await expect.poll(() => sync!.running).toBe(true);

    w.emit('quitRequested', { deadlineMs: 20_000 });
    await expect.poll(() => answeredWhileRunning, { timeout: 15_000 }).toEqual([false]);
  });
});
