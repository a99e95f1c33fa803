/**
 * The app's layout in real Chromium at real window sizes: Save and Cancel stay in view, only the
 * panel body scrolls (never the window), and narrow windows get a drawer sidebar and a panel over
 * the list instead of a squeezed list.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import App from '@renderer/App.vue';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';
import { seedExpenses, seedReferenceData, syntheticExpense } from '../../support/browser/seed';

let m: Mounted | null = null;
afterEach(async () => {
  await m?.cleanup();
  m = null;
});

const el = <T extends HTMLElement = HTMLElement>(selector: string): T => {
  const found = m!.host.querySelector<T>(selector);
  if (!found) throw new Error(`No element ${selector}`);
  return found;
};
const inViewport = (node: Element): boolean => {
  const r = node.getBoundingClientRect();
  return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight + 0.5 && r.right <= window.innerWidth + 0.5 && r.width > 0;
};
const windowScrolled = (): boolean => {
  const s = document.scrollingElement!;
  return s.scrollTop !== 0 || s.scrollLeft !== 0 || s.scrollHeight > s.clientHeight + 1;
};

async function openRow(): Promise<void> {
  const row = await until(() => m!.host.querySelector<HTMLElement>('[data-testid="expense-row"]'), 'a row');
  await userEvent.click(row);
  await until(() => m!.host.querySelector('[data-testid="expense-form"]'), 'form');
}

async function mountApp(width: number, height: number): Promise<void> {
  m = await mountWithDb(App, { width, height });
  await seedReferenceData(m.db);
  await seedExpenses(m.db, 40);
  await m.db.expenses.put(syntheticExpense(4)); // an error row: its form shows a banner too
}

describe('layout at 1280×800', () => {
  it('keeps Save and Cancel pinned; only the panel body scrolls, down to the sync history', async () => {
    await mountApp(1280, 800);
    await openRow();
    const body = el('[data-testid="form-body"]');
    const save = el('[data-testid="expense-form"] button[type="submit"]');
    const cancel = el('[data-testid="form-cancel"]');
    expect(inViewport(save) && inViewport(cancel)).toBe(true);
    expect(body.scrollHeight).toBeGreaterThan(body.clientHeight); // the form is taller than its panel
    const sidebarTop = el('[data-testid="sidebar"]').getBoundingClientRect().top;

    const history = el('[data-testid="expense-form"] [data-testid="sync-history"]');
    history.scrollIntoView({ block: 'end' });
    await until(() => body.scrollTop > 0, 'the body scrolled');
    expect(inViewport(history)).toBe(true);
    expect(inViewport(save) && inViewport(cancel)).toBe(true);
    expect(windowScrolled()).toBe(false);
    expect(el('[data-testid="sidebar"]').getBoundingClientRect().top).toBe(sidebarTop);
    expect(m!.host.querySelector('[data-testid="menu-button"]')).toBeNull();
  });
});

describe('layout at 760×560', () => {
  it('collapses the sidebar into a drawer that opens, closes with Escape, and returns focus', async () => {
    await mountApp(760, 560);
    const menu = await until(() => m!.host.querySelector<HTMLButtonElement>('[data-testid="menu-button"]'), 'menu button');
    expect(el('[data-testid="sidebar"]').hidden).toBe(true);
    expect(menu.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(menu);
    await until(() => !el('[data-testid="sidebar"]').hidden, 'drawer open');
    expect(menu.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement?.getAttribute('aria-current')).toBe('page');
    await userEvent.keyboard('{Escape}');
    await until(() => el('[data-testid="sidebar"]').hidden, 'drawer closed');
    expect(document.activeElement).toBe(menu);
    // Choosing a screen closes the drawer.
    await userEvent.click(menu);
    await userEvent.click(el('[data-screen="settings"]'));
    await until(() => el('[data-testid="sidebar"]').hidden, 'closed after navigating');
  });

  it('lays the panel over a full-width list, with Save in view and notes not cut to a few letters', async () => {
    await mountApp(760, 560);
    const list = await until(() => m!.host.querySelector<HTMLElement>('[data-testid="expense-list"]'), 'list');
    const listWidth = list.getBoundingClientRect().width;
    expect(listWidth).toBeGreaterThan(700);
    const notes = await until(() => m!.host.querySelector<HTMLElement>('[data-testid="expense-row"] .notes'), 'notes');
    expect(notes.getBoundingClientRect().width).toBeGreaterThan(150);
    await openRow();
    const panel = el('[data-testid="expense-panel"]');
    expect(getComputedStyle(panel).position).toBe('absolute');
    expect(list.getBoundingClientRect().width).toBe(listWidth); // the list is not squeezed
    expect(inViewport(panel)).toBe(true);
    expect(inViewport(el('[data-testid="expense-form"] button[type="submit"]'))).toBe(true);
    expect(inViewport(el('[data-testid="form-cancel"]'))).toBe(true);
    expect(windowScrolled()).toBe(false);
  });
});
