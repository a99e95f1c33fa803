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
