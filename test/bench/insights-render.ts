/**
 * `insights.render_100k_ms` (issue 14), for export.bench.ts: the real Insights view in Debian
 * Chromium through the e2e harness (the built renderer, its real IndexedDB), over 100,000 expenses
 * loaded as the app loads them. Measured from Enter on the sidebar's "Insights" to the first frame
 * in which all three charts have drawn (ECharts' `finished`) with the tiles beside them: the
 * aggregation over every row, the options, and the drawing. Needs `npm run build` first.
 */
import type { Page } from 'playwright-core';
import { timeAction } from '../support/node/page-measure';
import { startHarness } from '../e2e/harness';
import { median, round1, type Figure } from './bench';
import { openSeededWindow } from './seeded-window';

const DRAWN = '[data-testid=insights-view][data-rendered]';
const log = (message: string): void => void process.stderr.write(`  insights: ${message}\n`);

async function openInsights(page: Page): Promise<number> {
  const button = page.locator('nav [data-screen=insights]');
  await button.focus();
  return timeAction(page, 'keydown', { selector: DRAWN }, () => button.press('Enter'));
}

async function backToList(page: Page): Promise<void> {
  await page.locator('nav [data-screen=expenses]').click();
  await page.getByTestId('list-summary').waitFor();
}

export async function insightsFigures(): Promise<Figure[]> {
  const harness = await startHarness({ startScheduler: false });
  try {
    const { page, reference } = await openSeededWindow(harness);

    // The first opening also loads and compiles the view's code (ECharts); then five more.
    const first = await openInsights(page);
    const opens: number[] = [];
    for (let i = 0; i < 5; i++) {
      await backToList(page);
      opens.push(await openInsights(page));
    }
    log(`first opening ${Math.round(first)} ms (code loaded), then ${opens.map(Math.round).join(', ')} ms`);

    // A filter changed in the view: every row aggregated again and every chart drawn again.
    const project = page.locator('#f-project');
    const filters: number[] = [];
    for (const workspace of [...reference.workspaces.slice(0, 3), { id: '' }]) {
      // data-rendered counts complete drawings: the next number is this change's.
      const drawings = Number(await page.locator(DRAWN).getAttribute('data-rendered'));
      const next = `[data-testid=insights-view][data-rendered="${drawings + 1}"]`;
      filters.push(await timeAction(page, 'input', { selector: next }, () => project.selectOption(workspace.id).then(() => undefined)));
    }
    log(`filter by project ${filters.map(Math.round).join(', ')} ms`);
    return [
      { figure: 'insights.render_100k_ms', value: round1(median(opens)), unit: 'ms (Chromium, built app)' },
      { figure: 'insights.first_render_100k_ms', value: round1(first), unit: 'ms (with code load)' },
      { figure: 'insights.filter_100k_ms', value: round1(median(filters)), unit: 'ms' },
    ];
  } finally {
    await harness.close();
  }
}
