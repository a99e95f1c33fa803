/**
 * The sidebar's sync status in the built app against the Kantata simulator (issue 17): "Sync now"
 * exists only when it can do something, and a refused row says why, in Kantata's words.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createExpenseThroughForm, expenseRow, rowState, waitForList } from './app-ui';
import { simSuite } from './sim-suite';

const suite = simSuite('sync-status');

async function openConnected(): Promise<{ page: Page; token: string }> {
  const page = await suite.openMainWindow();
  await waitForList(page);
  const token = `status-token-${suite.nextId()}-${Date.now()}`;
  suite.sim.admin.addToken(suite.sim.userId, token);
  const connected = await suite.harness.sync.accountConnect({ baseUrl: suite.sim.baseUrl, token });
  expect(connected.ok).toBe(true);
  return { page, token };
}

const kind = (page: Page) => page.getByTestId('sync-status').getAttribute('data-kind');

describe('sync status against the simulator', () => {
  it('offers "Sync now" only when it can do something: not before connecting, offline, while syncing or when paused', async () => {
    const page = await suite.openMainWindow();
    await waitForList(page);
    const syncNow = page.getByTestId('sync-now');
    const connect = page.getByTestId('sync-connect');

    // Not connected: Connect, no Sync now.
    await expect.poll(() => kind(page)).toBe('not-connected');
    expect(await syncNow.count()).toBe(0);
    expect(await connect.isVisible()).toBe(true);

    const token = `status-token-${suite.nextId()}-${Date.now()}`;
    suite.sim.admin.addToken(suite.sim.userId, token);
    expect((await suite.harness.sync.accountConnect({ baseUrl: suite.sim.baseUrl, token })).ok).toBe(true);
    // Connected and idle, everything delivered: Sync now (it fetches what changed in Kantata).
    await expect.poll(() => kind(page), { timeout: 30_000 }).toBe('delivered');
    await syncNow.waitFor();
    expect(await connect.count()).toBe(0);

    // No network (the OS says so to main and to the window's Chromium): nothing Sync now could reach.
    await suite.harness.setOnline(false);
    await suite.harness.context.setOffline(true);
    await expect.poll(() => kind(page)).toBe('no-network');
    expect(await syncNow.count()).toBe(0);
    await suite.harness.context.setOffline(false);
    await suite.harness.setOnline(true);
    await syncNow.waitFor({ timeout: 20_000 });

    // A round is running: it is already syncing.
    suite.sim.admin.injectFault({ kind: 'latency', ms: 2_500, pathPattern: '^/expenses', times: 1 });
    await syncNow.click();
    await expect.poll(() => kind(page)).toBe('syncing');
    expect(await syncNow.count()).toBe(0);
    await syncNow.waitFor({ timeout: 20_000 });
    expect(await kind(page)).toBe('delivered');

    // Kantata not reachable while the network is up: trying again can help, so Sync now stays.
    suite.sim.admin.injectFault({ kind: 'drop-before', pathPattern: '^/expenses' });
    await syncNow.click();
    await expect.poll(() => kind(page), { timeout: 20_000 }).toBe('unreachable');
    await syncNow.waitFor();
    suite.sim.admin.clearFaults();

    // The token was revoked: paused until the user reconnects; Reconnect instead of Sync now.
    suite.sim.admin.revokeToken(token);
    await syncNow.click();
    await expect.poll(() => kind(page), { timeout: 20_000 }).toBe('paused');
    expect(await syncNow.count()).toBe(0);
    expect(await connect.isVisible()).toBe(true);
  });

  it("an Error row says why Kantata refused it, in Kantata's words, and the sidebar link lists only it", async () => {
    const { page } = await openConnected();
    const syncNow = page.getByTestId('sync-now');
    await syncNow.waitFor({ timeout: 30_000 });
    const category = suite.sim.admin.addCategory(`Soon gone ${suite.nextId()}`);
    await syncNow.click(); // the new category reaches the pickers
    await syncNow.waitFor({ timeout: 20_000 });
    // Gone in Kantata, still in this computer's pickers: sent, it is refused.
    suite.sim.admin.deleteCategory(category.id);
    const notes = suite.note('Refused with a reason');
    await createExpenseThroughForm(page, { project: suite.usd().title, date: '2026-03-14', category: category.name, amount: '6.00', notes });

    const row = expenseRow(page, notes);
    await expect.poll(() => rowState(row), { timeout: 20_000 }).toBe('error');
    const reason = row.getByTestId('row-reason');
    await expect.poll(() => reason.textContent()).toContain('Expense category does not exist or is inactive');
    // The sidebar counts it, and its link shows the refused expenses only.
    const link = page.getByTestId('sync-errors');
    await link.waitFor();
    await link.click();
    await expect.poll(async () => (await page.getByTestId('expense-row').all()).length).toBeGreaterThan(0);
    for (const listed of await page.getByTestId('expense-row').all()) expect(await rowState(listed)).toBe('error');
    expect(await page.getByTestId('expense-row').filter({ hasText: notes }).count()).toBe(1);
  });
});
