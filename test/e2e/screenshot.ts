/**
 * Takes the README screenshot (docs/screenshot.png, 1280x800), and the Insights view in light and
 * dark beside it (insights-light.png, insights-dark.png), from the running renderer with
 * believable demo data: the simulator's demo seed as synced and locked rows, plus entries
 * recorded on the road and not yet delivered (pending), one the server refused (error) and one
 * conflict; the account is connected but Kantata cannot be reached right now.
 *
 *   npx tsx test/e2e/screenshot.ts [output.png]
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { seedRows } from '../support/node/app-db';
import { fetchReferenceRows } from '../support/node/reference-data';
import { projectRoot } from '../support/node/renderer-build';
import { waitForList } from './app-ui';
import { demoLocalRows, fetchServerExpenses } from './demo-data';
import { startHarness } from './harness';

const output = resolve(process.argv[2] ?? `${projectRoot}/docs/screenshot.png`);

const harness = await startHarness({
  sim: { seed: 'demo', token: 'demo-token' },
  viewport: { width: 1280, height: 800 },
  startScheduler: false,
});
try {
  const sim = harness.sim!;
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
  // The round started at load finds Kantata unreachable; picture the settled state after it.
  // ("Sync now" is enabled again once no round is running.)
  const syncNow = page.getByTestId('sync-now');
  for (let i = 0; i < 120 && !(await syncNow.isEnabled().catch(() => true)); i++) await page.waitForTimeout(500);
  // Let fonts and the virtual list's measurements settle before the picture.
  await page.waitForTimeout(800);
  await mkdir(dirname(output), { recursive: true });
  await page.screenshot({ path: output });
  // The Insights view over the same data, in both themes (as Settings → Theme sets them).
  await page.locator('nav [data-screen=insights]').click();
  for (const theme of ['light', 'dark']) {
    await page.evaluate((value) => ((globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset.theme = value), theme);
    await page.locator('[data-testid=insights-view][data-rendered]').waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: resolve(dirname(output), `insights-${theme}.png`) });
  }
  if (harness.problems.length > 0) console.error('page problems:', harness.problems);
  console.log(`saved ${output}`);
} finally {
  await harness.close();
}
