/**
 * Takes the README screenshot (docs/screenshot.png, 1280x800) from the running renderer with
 * believable demo data: the simulator's demo seed as synced and locked rows, plus entries
 * recorded offline (pending), one the server refused (error) and one conflict.
 *
 *   npx tsx test/e2e/screenshot.ts [output.png]
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { seedRows } from '../support/node/app-db';
import { fetchReferenceRows } from '../support/node/reference-data';
import { projectRoot } from '../support/node/renderer-build';
import { demoLocalRows, fetchServerExpenses } from './demo-data';
import { startHarness } from './harness';

const output = resolve(process.argv[2] ?? `${projectRoot}/docs/screenshot.png`);

const harness = await startHarness({ sim: { seed: 'demo', token: 'demo-token' }, viewport: { width: 1280, height: 800 } });
try {
  const sim = harness.sim!;
  const page = await harness.openMainWindow();
  const reference = await fetchReferenceRows(sim);
  const today = new Date().toISOString().slice(0, 10);
  const { expenses, outbox } = demoLocalRows(await fetchServerExpenses(sim), reference, today);
  const me = await (await fetch(`${sim.baseUrl}/users/me`, { headers: { authorization: `Bearer ${sim.token}` } })).json();
  const user = Object.values((me as { users: Record<string, { id: string; full_name: string; email_address: string }> }).users)[0]!;
  await seedRows(page, {
    ...reference,
    expenses,
    outbox,
    meta: [
      { key: 'account', value: { userId: user.id, fullName: user.full_name, email: user.email_address } },
      { key: 'lastSyncAt', value: Date.now() - 6 * 60_000 },
    ],
  });
  await page.reload();
  await page.waitForLoadState('networkidle');
  // Let the list settle (fonts, virtual list measurement) before the picture.
  await page.waitForTimeout(800);
  await mkdir(dirname(output), { recursive: true });
  await page.screenshot({ path: output });
  if (harness.problems.length > 0) console.error('page problems:', harness.problems);
  console.log(`saved ${output}`);
} finally {
  await harness.close();
}
