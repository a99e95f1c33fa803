/**
 * The Insights view in the built app: the simulator's demo expenses as the app stores them after a
 * sync, plus entries waiting and refused; Insights opens with their figures, follows the theme set
 * in Settings (through main), and a click on a project's bar opens the list filtered to it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readExpenses, seedRows } from '../support/node/app-db';
import { fetchReferenceRows, type ReferenceRows } from '../support/node/reference-data';
import { screenshotAndClose, waitForList } from './app-ui';
import { demoLocalRows, fetchServerExpenses } from './demo-data';
import { startHarness, type Harness } from './harness';

let harness: Harness;
let reference: ReferenceRows;
const pages: Page[] = [];

beforeAll(async () => {
  harness = await startHarness({ sim: { seed: 'demo', token: 'demo-token' }, startScheduler: false });
  reference = await fetchReferenceRows(harness.sim!);
});
afterEach(async (context) => {
  await screenshotAndClose(pages, 'insights', context.task.name);
});
afterAll(async () => {
  await harness?.close();
});

const drawn = (page: Page) => page.locator('[data-testid=insights-view][data-rendered]').waitFor();
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name });

async function chooseTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await nav(page, 'Settings').click();
  await page.getByTestId(`settings-theme-${theme}`).check();
  await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe(theme);
  await nav(page, 'Insights').click();
  await drawn(page);
}

describe('Insights in the app', () => {
  it('shows the demo data per currency and opens the list filtered to a project from its bar', async () => {
    const page = await harness.openMainWindow();
    pages.push(page);
    const today = new Date().toISOString().slice(0, 10);
    const { expenses, outbox, conflicts } = demoLocalRows(await fetchServerExpenses(harness.sim!), reference, today);
    await seedRows(page, { ...reference, expenses, outbox, conflicts });
    await page.reload();
    await waitForList(page);
    const summary = page.getByTestId('list-summary');
    await expect.poll(() => summary.textContent()).toBe(`${expenses.length} expenses`);

    await nav(page, 'Insights').click();
    await drawn(page);
    const stored = (await readExpenses(page)).filter((e) => !e.deleted);
    await expect.poll(() => page.getByTestId('tile-waiting').innerText()).toContain(String(stored.filter((e) => e.syncState === 'pending').length));
    await expect.poll(() => page.getByTestId('tile-refused').innerText()).toContain(String(stored.filter((e) => e.syncState === 'error').length));

    // The charts show the currency with the most expenses; the project table lists the projects with
    // amounts paid in it (a foreign amount counts in the currency it was paid in), with their counts.
    const currency = (await page.getByTestId('insights-currency').count()) > 0 ? await page.getByTestId('insights-currency').inputValue() : stored[0]!.currency;
    await page.getByTestId('chart-project').locator('summary').click();
    const tableRows = page.getByTestId('table-project').locator('tbody tr');
    const counted = new Map<string, number>();
    for (const e of stored) if ((e.foreignAmount?.currency ?? e.currency) === currency) counted.set(e.workspaceId, (counted.get(e.workspaceId) ?? 0) + 1);
    const titles = new Map(reference.workspaces.map((w) => [w.id, w.title]));
    const shown = await tableRows.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent!.trim())));
    expect(new Map(shown.map(([title, , count]) => [title, Number(count)]))).toEqual(
      new Map([...counted].map(([id, count]) => [titles.get(id)!, count])),
    );

    // Dark, chosen in Settings → Theme; Insights draws again in the dark theme's colours.
    await chooseTheme(page, 'dark');
    await page.screenshot({ path: 'test-results/e2e/insights-dark.png' });
    await chooseTheme(page, 'light');

    // A real click on the largest project's bar (the first: largest first), in its middle.
    const largest = shown[0]![0]!;
    const projectId = [...titles].find(([, title]) => title === largest)![0];
    const bar = page.getByTestId('chart-project').locator('svg path[fill="#2457d6"]').first();
    await bar.click();
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).locator('[aria-current=page]').getAttribute('data-screen')).toBe('expenses');
    const inProject = stored.filter((e) => e.workspaceId === projectId).length;
    await expect.poll(() => summary.textContent()).toBe(`${inProject} of ${expenses.length} expenses`);
    expect(await page.locator('#f-project').inputValue()).toBe(projectId);
    expect(harness.problems).toEqual([]);
  });
});
