/**
 * Every view of the built app, pictured in the light and the dark theme (the OS setting, which
 * the default "System" theme follows) into test-results/e2e/<view>-<theme>.png, and checked with
 * axe-core in each: zero violations of any impact. The results go into the "builtApp" part of
 * test-results/axe-summary.json. The data is the README screenshot's demo (demo-window.ts).
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { QUICK_ADD_SIZE } from '../../src/main/core/quick-add/window-options';
import { AXE_SUMMARY_PATH, axeEntry, mergeAxeSummary, type AxeEntry, type AxeRuleResults } from '../support/common/axe-summary';
import { dropFiles, expenseForm, expenseRows, waitForList } from './app-ui';
import { openDemoMainWindow } from './demo-window';
import { startHarness, type Harness } from './harness';

const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const axeVersion = (require('axe-core/package.json') as { version: string }).version;
const png = await readFile(new URL('../fixtures/receipts/hotel-receipt.png', import.meta.url));

const THEMES = ['light', 'dark'] as const;

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ viewport: { width: 1280, height: 800 }, startScheduler: false });
});
afterAll(async () => {
  await harness?.close();
});

interface Shot {
  file: string;
  width: number;
  height: number;
}
const shots: Shot[] = [];
const axeEntries: AxeEntry[] = [];
const violations: Record<string, string[]> = {};

interface AxeInPage {
  axe?: {
    run(context: unknown, options: unknown): Promise<{
      passes: unknown[];
      incomplete: unknown[];
      inapplicable: unknown[];
      violations: Array<{ id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }>;
    }>;
  };
  document: unknown;
}

/** axe-core in the page (injected through the DevTools protocol, which the app's CSP does not govern). */
async function runAxe(page: Page): Promise<AxeRuleResults & { described: string[] }> {
  if (!(await page.evaluate(() => typeof (globalThis as unknown as AxeInPage).axe !== 'undefined'))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const dom = globalThis as unknown as AxeInPage;
    const result = await dom.axe!.run(dom.document, { resultTypes: ['violations'] });
    const ids = (rules: unknown[]) => rules.map(() => 0);
    return {
      passes: ids(result.passes),
      incomplete: ids(result.incomplete),
      inapplicable: ids(result.inapplicable),
      violations: result.violations.map((v) => ({ id: v.id, impact: (v.impact ?? null) as 'minor' | null })),
      described: result.violations.map(
        (v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} → ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join(' | ')}`,
      ),
    };
  });
}

/** The page as it is now, in both themes: a picture each and an axe run each. */
async function picture(page: Page, name: string, view: string, state = 'default'): Promise<void> {
  const size = page.viewportSize()!;
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    // Two frames: the custom properties have switched and the page has repainted.
    await page.evaluate(() => {
      const page = globalThis as unknown as { requestAnimationFrame(callback: () => void): void };
      const frame = (callback: () => void) => page.requestAnimationFrame(callback);
      return new Promise<void>((resolve) => frame(() => frame(resolve)));
    });
    const file = `test-results/e2e/${name}-${theme}.png`;
    await mkdir(dirname(file), { recursive: true });
    await page.screenshot({ path: file });
    shots.push({ file, ...size });
    const result = await runAxe(page);
    axeEntries.push(axeEntry(result, { view, state, theme }));
    violations[`${name}-${theme}`] = result.described;
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const nav = (page: Page, screen: string) => page.locator(`nav [data-screen=${screen}]`);

/** Closes the expense form, answering "Discard" when it asks. */
async function closeForm(page: Page): Promise<void> {
  const form = expenseForm(page);
  await form.getByTestId('form-cancel').click();
  const ask = page.getByTestId('confirm-dialog');
  if (await ask.isVisible().catch(() => false)) await ask.getByTestId('confirm-ok').click();
  await form.waitFor({ state: 'detached' });
}

describe('every view, light and dark', () => {
  it('pictures each view in both themes into test-results/e2e/ and finds no axe violation in any', { timeout: 240_000 }, async () => {
    // First run: a fresh profile, nothing recorded, not connected.
    const fresh = await harness.openMainWindow();
    await fresh.getByTestId('first-run').waitFor();
    await picture(fresh, 'empty-state', 'empty state', 'first run');
    await fresh.close();

    const page = await openDemoMainWindow(harness);
    await picture(page, 'list', 'list');

    await page.getByTestId('new-expense').click();
    const form = expenseForm(page);
    await form.waitFor();
    await picture(page, 'form-empty', 'new expense form', 'empty');
    await form.locator('button[type=submit]').click();
    await form.getByTestId('error-summary').waitFor();
    await picture(page, 'form-errors', 'new expense form', 'with errors');
    await closeForm(page);

    await expenseRows(page).filter({ has: page.locator('[data-state=synced]') }).first().click();
    await form.getByTestId('sync-history').waitFor();
    await picture(page, 'edit', 'edit form', 'synced');
    await form.locator('footer .btn.danger').click();
    await page.getByTestId('confirm-dialog').waitFor();
    await picture(page, 'delete-dialog', 'delete dialog');
    await page.keyboard.press('Escape');
    await page.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
    await closeForm(page);

    await expenseRows(page).filter({ has: page.locator('[data-state=error]') }).first().click();
    await form.waitFor();
    await picture(page, 'edit-refused', 'edit form', 'refused by Kantata');
    await closeForm(page);

    await page.locator('button[aria-controls="filters-panel"]').click();
    await page.getByTestId('filters').waitFor();
    await picture(page, 'filters', 'filters', 'open');
    await page.keyboard.press('Escape');

    await nav(page, 'conflicts').click();
    await page.getByTestId('conflict-entry').first().waitFor();
    await picture(page, 'conflicts', 'conflicts', 'one conflict');

    await nav(page, 'account').click();
    await page.getByTestId('account-view').waitFor();
    await picture(page, 'account', 'account', 'connected');

    await nav(page, 'settings').click();
    await page.getByTestId('settings-view').waitFor();
    await picture(page, 'settings', 'settings');

    await nav(page, 'reports').click();
    await page.locator('[data-testid=reports-empty], [data-testid=report]').first().waitFor();
    await picture(page, 'reports', 'reports and exports');

    // A receipt dropped on the window opens a new expense with it; its thumbnail opens the viewer.
    await nav(page, 'expenses').click();
    await waitForList(page);
    await dropFiles(page, 'main', [{ name: 'hotel-receipt.png', type: 'image/png', base64: png.toString('base64') }]);
    await form.locator('.receipt-field__thumb').click();
    await page.getByTestId('receipt-viewer').waitFor();
    await picture(page, 'receipt-viewer', 'receipt viewer');
    await page.keyboard.press('Escape');
    await page.getByTestId('receipt-viewer').waitFor({ state: 'detached' });
    await closeForm(page);

    await page.setViewportSize({ width: 760, height: 560 });
    await waitForList(page);
    await picture(page, 'narrow', 'narrow window', 'list');
    await page.getByTestId('menu-button').click();
    await page.getByTestId('sidebar').waitFor();
    await picture(page, 'narrow-drawer', 'narrow window', 'drawer open');
    await page.keyboard.press('Escape');
    await expenseRows(page).filter({ has: page.locator('[data-state=pending]') }).first().click();
    await form.waitFor();
    await picture(page, 'narrow-form', 'narrow window', 'form over the list');
    await closeForm(page);

    const quick = await harness.openQuickAdd();
    await quick.setViewportSize(QUICK_ADD_SIZE);
    await quick.getByTestId('quick-add').waitFor();
    await expect.poll(() => quick.locator('select[name=workspaceId] option').count()).toBeGreaterThan(1);
    await picture(quick, 'quick-add', 'quick add', 'with projects');

    // Each picture was written, is a PNG of the window's size, and holds more than a blank page.
    expect(shots.length).toBe(2 * 17);
    for (const shot of shots) {
      const bytes = await readFile(shot.file);
      expect((await stat(shot.file)).size, shot.file).toBeGreaterThan(10_000);
      expect(pngSize(bytes), shot.file).toEqual({ width: shot.width, height: shot.height });
    }
    // The dark picture is another picture, not the light one again.
    for (const light of shots.filter((s) => s.file.endsWith('-light.png'))) {
      const dark = light.file.replace(/-light\.png$/, '-dark.png');
      expect(Buffer.compare(await readFile(light.file), await readFile(dark)), dark).not.toBe(0);
    }

    const existing = await readFile(AXE_SUMMARY_PATH, 'utf8').catch(() => null);
    await writeFile(AXE_SUMMARY_PATH, mergeAxeSummary(existing, axeVersion, 'builtApp', 'axe-core on the built app (out/renderer) in Chromium, e2e harness (test/e2e/views.test.ts)', axeEntries));
    expect(axeEntries).toHaveLength(shots.length);
    expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((key) => [key, []])));
    expect(harness.problems).toEqual([]);
  });
});
