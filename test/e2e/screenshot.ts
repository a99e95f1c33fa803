/**
 * Takes the README screenshot (docs/screenshot.png, 1280x800) from the running renderer with
 * believable demo data: the simulator's demo seed as synced and locked rows, plus entries
 * recorded on the road and not yet delivered (pending), one the server refused (error) and one
 * conflict; the account is connected but Kantata cannot be reached right now.
 *
 *   npx tsx test/e2e/screenshot.ts [output.png]
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { projectRoot } from '../support/node/renderer-build';
import { openDemoMainWindow } from './demo-window';
import { startHarness } from './harness';

const output = resolve(process.argv[2] ?? `${projectRoot}/docs/screenshot.png`);

const harness = await startHarness({
  sim: { seed: 'demo', token: 'demo-token' },
  viewport: { width: 1280, height: 800 },
  startScheduler: false,
});
try {
  const page = await openDemoMainWindow(harness);
  await mkdir(dirname(output), { recursive: true });
  await page.screenshot({ path: output });
  if (harness.problems.length > 0) console.error('page problems:', harness.problems);
  console.log(`saved ${output}`);
} finally {
  await harness.close();
}
