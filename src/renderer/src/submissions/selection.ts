/**
 * The expense list's multi-selection: Ctrl/Cmd-click toggles one expense, Shift-click selects the
 * range from the last clicked one in list order, and "select all in this project and period" takes
 * every listed expense of the anchor's project in the anchor's month. Plain clicks open an expense
 * as before. Kept per window, outside the list, so a re-render or a filter keeps it.
 */
import { computed, shallowRef } from 'vue';
import type { LocalExpense } from '@shared/model/expense';

const selected = shallowRef<ReadonlySet<string>>(new Set());
const anchor = shallowRef<string | null>(null);

export interface SelectClick {
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

/** True when the click was a selection gesture (and was handled), false for a plain click. */
export function selectByClick(expense: LocalExpense, click: SelectClick, listed: readonly LocalExpense[]): boolean {
  if (click.shiftKey) {
    const ids = listed.map((e) => e.id);
    const from = anchor.value ? ids.indexOf(anchor.value) : -1;
    const to = ids.indexOf(expense.id);
    if (from < 0 || to < 0) {
      toggle(expense.id);
      return true;
    }
    const [a, b] = from < to ? [from, to] : [to, from];
    selected.value = new Set([...selected.value, ...ids.slice(a, b + 1)]);
    return true;
  }
  if (click.ctrlKey || click.metaKey) {
    toggle(expense.id);
    return true;
  }
  return false;
}

function toggle(id: string): void {
  const next = new Set(selected.value);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  selected.value = next;
  anchor.value = id;
}

/** Every listed expense of the anchor's (or first selected one's) project and month. */
export function selectProjectAndPeriod(listed: readonly LocalExpense[]): void {
  const key = anchor.value ?? [...selected.value][0];
  const base = listed.find((e) => e.id === key);
  if (!base) return;
  const month = base.date.slice(0, 7);
  selected.value = new Set(listed.filter((e) => e.workspaceId === base.workspaceId && e.date.startsWith(month)).map((e) => e.id));
}

export function clearSelection(): void {
  selected.value = new Set();
  anchor.value = null;
}

export const selection = {
  ids: computed(() => selected.value),
  count: computed(() => selected.value.size),
  has: (id: string): boolean => selected.value.has(id),
};
