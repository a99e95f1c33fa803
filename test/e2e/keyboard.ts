/**
 * Driving the app with the keyboard alone, as a user without a mouse does: Tab and Shift+Tab to
 * move, arrows in lists and pickers, Enter/Space/Escape. Nothing here clicks, calls focus() or
 * sets a value; the page is only read (which element has focus, which options a picker has).
 */
import type { Locator, Page } from 'playwright-core';

/** The page's DOM as the code below reads it (this file is type-checked without the DOM library). */
interface FocusDom {
  document: { activeElement: FocusedElement | null; body: unknown };
}
interface FocusedElement {
  tagName: string;
  id: string;
  getAttribute(name: string): string | null;
  textContent: string | null;
}
interface SelectDom {
  value: string;
  options: ArrayLike<{ value: string }>;
  selectedIndex: number;
}

export const isFocused = (target: Locator): Promise<boolean> =>
  target.evaluate((el) => el === (globalThis as unknown as FocusDom).document.activeElement).catch(() => false);

/** Whether focus is inside `container` (or on it). */
export const hasFocusWithin = (container: Locator): Promise<boolean> =>
  container
    .evaluate((el) => {
      const active = (globalThis as unknown as FocusDom).document.activeElement;
      return active !== null && (el as { contains(other: unknown): boolean }).contains(active);
    })
    .catch(() => false);

/** The focused element in words, for failure messages: tag, test id, id, name, first text. */
export function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const dom = globalThis as unknown as FocusDom;
    const el = dom.document.activeElement;
    if (!el || el === dom.document.body) return 'nothing (body)';
    const attr = (name: string) => el.getAttribute(name);
    return [
      el.tagName.toLowerCase(),
      attr('data-testid') && `[data-testid=${attr('data-testid')}]`,
      el.id && `#${el.id}`,
      attr('name') && `[name=${attr('name')}]`,
      attr('aria-label') && `"${attr('aria-label')}"`,
      (el.textContent ?? '').trim().slice(0, 40),
    ]
      .filter(Boolean)
      .join(' ');
  });
}

/**
 * Presses Tab (Shift+Tab with `back`) until `target` has focus, as a user moving through the
 * window does. Fails, naming every element passed, when it is not reached within `max` presses.
 * Returns the number of presses.
 */
export async function tabTo(page: Page, target: Locator, options: { back?: boolean; max?: number } = {}): Promise<number> {
  const max = options.max ?? 60;
  const passed: string[] = [];
  for (let presses = 0; presses <= max; presses++) {
    if (await isFocused(target)) return presses;
    if (presses === max) break;
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    passed.push(await describeFocus(page));
  }
  throw new Error(`${options.back ? 'Shift+Tab' : 'Tab'} did not reach ${target.toString()} in ${max} presses; passed:\n  ${passed.join('\n  ')}`);
}

/**
 * Chooses the option with `value` in the focused <select> with the arrow keys (on Linux and
 * Windows a closed select steps through its options and fires change at each).
 */
export async function arrowToOption(page: Page, select: Locator, value: string): Promise<void> {
  if (!(await isFocused(select))) throw new Error(`${select.toString()} does not have focus (${await describeFocus(page)})`);
  const { from, to } = await select.evaluate((el, wanted) => {
    const s = el as unknown as SelectDom;
    const values = Array.from(s.options, (o) => o.value);
    return { from: s.selectedIndex, to: values.indexOf(wanted) };
  }, value);
  if (to < 0) throw new Error(`${select.toString()} has no option ${value}`);
  for (let i = from; i !== to; i += to > from ? 1 : -1) await page.keyboard.press(to > from ? 'ArrowDown' : 'ArrowUp');
  const chosen = await select.evaluate((el) => (el as unknown as SelectDom).value);
  if (chosen !== value) throw new Error(`arrow keys left ${select.toString()} at ${chosen}, not ${value}`);
}

/** Replaces the text of the focused field as a user does: select all, then type. */
export async function retype(page: Page, text: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  if (text) await page.keyboard.type(text);
}
