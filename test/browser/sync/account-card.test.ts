/**
 * The Account view's states in real Chromium, wired to the real main-process core and the real
 * Kantata simulator through the contract: not connected (where to find a token, one Connect),
 * connected (a status card: user, host, last sync, waiting; Change token and Disconnect), and
 * disconnecting (visible, busy, disabled). axe-core finds nothing in any of them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { saveExpense } from '@renderer/db/expenses-repo';
import { setMeta } from '@renderer/db/meta';
import AccountView from '@renderer/views/AccountView.vue';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';
import { startSyncWorld, type BrowserSyncWorld } from '../../support/browser/sync-world';
import { axeReport } from '../../support/browser/axe';

let mounted: Mounted | null = null;
let world: BrowserSyncWorld | null = null;

afterEach(async () => {
  await mounted?.cleanup();
  mounted = null;
  window.courier = undefined;
  await world?.stop();
  world = null;
});

/** The view is a screen of the main window: checked inside a page with its one main landmark. */
async function expectAccessible(): Promise<void> {
  expect((await axeReport(mounted!.host)).violations).toEqual([]);
}

describe('Account states', () => {
  it('not connected: explains where to find a token, offers one Connect action', async () => {
    world = await startSyncWorld();
    window.courier = world.courier;
    mounted = await mountWithDb(AccountView);
    await expect.element(page.getByTestId('account-howto')).toBeVisible();
    const steps = [...mounted.host.querySelectorAll('[data-testid="account-howto"] li')].map((li) => li.textContent);
    expect(steps).toHaveLength(4);
    expect(steps[1]).toContain('OAuth applications');
    expect(mounted.host.querySelector('[data-testid="account-who"]')).toBeNull();
    const buttons = [...mounted.host.querySelectorAll('button')].map((b) => b.textContent!.trim());
    expect(buttons).toEqual(['Connect']);
    await expectAccessible();
  });

  it('connected: a status card with user, host, last sync and waiting; Change token shows the form, Keep hides it', async () => {
    const w = (world = await startSyncWorld());
    window.courier = w.courier;
    await w.courier.accountConnect({ baseUrl: w.baseUrl, token: w.token });
    mounted = await mountWithDb(AccountView);
    const m = mounted;
    const card = page.getByTestId('account-who');
    await expect.element(card).toBeVisible();
    const status = await w.courier.accountStatus();
    await expect.element(card).toHaveTextContent(status.user!.fullName);
    await expect.element(card).toHaveTextContent(status.user!.email);
    await expect.element(page.getByTestId('account-host')).toHaveTextContent(new URL(w.baseUrl).host);
    await expect.element(page.getByTestId('account-last-sync')).toHaveTextContent('Not synced yet');
    await expect.element(page.getByTestId('account-waiting')).toHaveTextContent('Nothing');
    expect(m.host.querySelector('[data-testid="account-form"]')).toBeNull();
    expect(m.host.querySelector('[data-testid="account-howto"]')).toBeNull();

    const lastSyncAt = Date.UTC(2026, 11, 4, 16, 40);
    await setMeta('lastSyncAt', lastSyncAt, m.db);
    await saveExpense({ fields: w.fields({ notes: 'waiting one' }) }, m.db);
    await saveExpense({ fields: w.fields({ notes: 'waiting two' }) }, m.db);
    const expected = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(lastSyncAt);
    await expect.element(page.getByTestId('account-last-sync')).toHaveTextContent(expected);
    await expect.element(page.getByTestId('account-waiting')).toHaveTextContent('2 expenses');

    // Secondary actions: neither is the primary button.
    for (const id of ['account-change-token', 'account-disconnect']) {
      expect(m.host.querySelector(`[data-testid="${id}"]`)!.classList.contains('primary')).toBe(false);
    }
    await expectAccessible();

    await page.getByTestId('account-change-token').click();
    await expect.element(page.getByTestId('account-token')).toHaveFocus();
    await expect.element(page.getByTestId('account-connect')).toHaveTextContent('Connect with this token');
    await expectAccessible();
    await page.getByTestId('account-change-cancel').click();
    await expect.element(page.getByTestId('account-form')).not.toBeInTheDocument();
    await expect.element(page.getByTestId('account-change-token')).toHaveFocus();
  });

  it('disconnecting: the button says Disconnecting…, is disabled and busy until main answers', async () => {
    const w = (world = await startSyncWorld());
    await w.courier.accountConnect({ baseUrl: w.baseUrl, token: w.token });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // Main is slow to disconnect (the Electron boundary): hold its answer until the test looks.
    window.courier = new Proxy(w.courier, {
      get: (target, name) =>
        name === 'accountDisconnect'
          ? async () => {
              await held;
              return target.accountDisconnect();
            }
          : target[name as keyof typeof target],
    });
    mounted = await mountWithDb(AccountView);
    await expect.element(page.getByTestId('account-who')).toBeVisible();
    await page.getByTestId('account-disconnect').click();
    const button = await until(
      () => mounted!.host.querySelector<HTMLButtonElement>('[data-testid="account-disconnect"][aria-busy="true"]'),
      'busy disconnect button',
    );
    expect(button.textContent!.trim()).toBe('Disconnecting…');
    expect(button.disabled).toBe(true);
    expect(mounted.host.querySelector<HTMLButtonElement>('[data-testid="account-change-token"]')!.disabled).toBe(true);
    await expectAccessible();
    release();
    await expect.element(page.getByTestId('account-notice')).toHaveTextContent('Disconnected.');
    await expect.element(page.getByTestId('account-who')).not.toBeInTheDocument();
    await expect.element(page.getByTestId('account-howto')).toBeVisible();
    expect((await w.courier.accountStatus()).connected).toBe(false);
  });
});
