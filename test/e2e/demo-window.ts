/**
 * The main window with believable demo data (demo-data.ts), as the README screenshot and the
 * views test picture it: the simulator's demo seed as synced and locked rows, entries recorded
 * on the road and not yet delivered, one the server refused and one conflict; the account is
 * connected but Kantata cannot be reached from here on (so the picture holds still).
 */
import type { Page } from 'playwright-core';
import { seedRows } from '../support/node/app-db';
import { fetchReferenceRows } from '../support/node/reference-data';
import { waitForList } from './app-ui';
import { demoLocalRows, fetchServerExpenses } from './demo-data';
import type { Harness } from './harness';

export async function openDemoMainWindow(harness: Harness): Promise<Page> {
  const sim = harness.sim;
  if (!sim) throw new Error('the demo window needs the simulator');
  const connected = await harness.sync.accountConnect({ baseUrl: sim.baseUrl, token: sim.token });
  const user = connected.status.user;
  if (!connected.ok || !user) throw new Error(`could not connect to the simulator: ${JSON.stringify(connected)}`);
  const reference = await fetchReferenceRows(sim);
  const server = await fetchServerExpenses(sim);
  // From here on Kantata cannot be reached: what the app shows is what it has stored locally.
  sim.admin.injectFault({ kind: 'drop-before' });

  const page = await harness.openMainWindow();
  const today = new Date().toISOString().slice(0, 10);
  const { expenses, outbox, conflicts } = demoLocalRows(server, reference, today);
  await seedRows(page, {
    ...reference,
    expenses,
    outbox,
    conflicts,
    meta: [
      { key: 'account', value: { userId: user.id, fullName: user.fullName, email: user.email } },
      { key: 'lastSyncAt', value: Date.now() - 42 * 60_000 },
    ],
  });
  await page.reload();
  await waitForList(page);
  // The round started at load finds Kantata unreachable; wait for that settled state
  // ("Sync now" is back once no round is running).
  await page.getByTestId('sync-now').waitFor({ timeout: 60_000 });
  // Let fonts and the virtual list's measurements settle before a picture.
  await page.waitForTimeout(800);
  return page;
}
