/**
 * Measuring inside the page (performance.now, animation frames), driven from Node: the
 * benchmarks' view of the in-page tools (./in-page/tools.ts). Nothing here asserts a time.
 */
import type { Page } from 'playwright-core';
import type { HarnessTools, WatchUntil } from './in-page/tools';

type InPage = { __courierHarness: HarnessTools };
/** The little of the DOM these predicates touch (the Node test programs have no DOM types). */
export interface PageGlobals {
  document: { querySelector(selector: string): { textContent: string | null } | null };
}

/** Waits (checking every animation frame) until the first `selector` element's text contains `text`. */
export async function waitForText(page: Page, selector: string, text: string, timeoutMs = 120_000): Promise<void> {
  await page.waitForFunction(
    ([target, expected]) =>
      (globalThis as unknown as PageGlobals).document.querySelector(target)?.textContent?.includes(expected) ?? false,
    [selector, text] as const,
    { polling: 'raf', timeout: timeoutMs },
  );
}

/**
 * Reloads the page and returns ms from its navigation start until `selector` matched, checked every
 * animation frame by a watch that runs from the document's start (see armFirstSeen).
 */
export async function msUntilVisibleAfterReload(page: Page, selector: string): Promise<number> {
  await page.evaluate((target) => (globalThis as unknown as InPage).__courierHarness.armFirstSeen(target), selector);
  await page.reload({ waitUntil: 'commit' });
  return page.evaluate(() => (globalThis as unknown as InPage).__courierHarness.firstSeenResult());
}

export function scrollFrames(
  page: Page,
  selector: string,
  options: Parameters<HarnessTools['scrollFrames']>[1] = {},
): ReturnType<HarnessTools['scrollFrames']> {
  return page.evaluate(
    ([target, scroll]) => (globalThis as unknown as InPage).__courierHarness.scrollFrames(target, scroll),
    [selector, options] as const,
  );
}

/**
 * Times from the user's action (`act`: it must fire `startEvent` in the page) until `until`
 * holds in the page, in ms measured by the page's own clock.
 */
export async function timeAction(
  page: Page,
  startEvent: 'keydown' | 'input',
  until: WatchUntil,
  act: () => Promise<void>,
  timeoutMs = 60_000,
): Promise<number> {
  const id = `watch-${Math.random().toString(36).slice(2)}`;
  await page.evaluate(
    ([watchId, event, condition, limit]) =>
      (globalThis as unknown as InPage).__courierHarness.watchFromEvent(watchId, event, condition, limit),
    [id, startEvent, until, timeoutMs] as const,
  );
  await act();
  return page.evaluate((watchId) => (globalThis as unknown as InPage).__courierHarness.watchResult(watchId), id);
}
