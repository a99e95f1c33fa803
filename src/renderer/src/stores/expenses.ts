/**
 * The expense list, live across windows. All visible (not deleted) expenses are held in memory in
 * list order so filters, month groups and totals over 100,000 rows take milliseconds. The first
 * page is read first (the list shows at once), the rest in chunks behind it. After that only the
 * rows a write touched are re-read (see expense-changes.ts for why not a whole-table liveQuery).
 */
import { defineStore } from 'pinia';
import { computed, onScopeDispose, reactive, shallowRef, triggerRef } from 'vue';
import type { LocalExpense, SyncState } from '@shared/model/expense';
import { getDb } from '@renderer/db/current';
import { userLocale } from '@renderer/locale';
import { watchExpenseChanges } from './expense-changes';
import {
  filterExpenses,
  groupByMonth,
  isFiltering,
  NO_FILTERS,
  searchTextOf,
  sortedIndexOf,
  type ExpenseFilters,
} from './expense-list';
import { useReferenceStore } from './reference';

export const FIRST_PAGE = 200;
export const CHUNK = 5000;

export const useExpensesStore = defineStore('expenses', () => {
  const db = getDb();
  const reference = useReferenceStore();

  /** Visible expenses in list order; mutated in place, then triggered (100k rows: no copies). */
  const all = shallowRef<LocalExpense[]>([]);
  const byId = new Map<string, LocalExpense>();
  const loading = shallowRef(true);
  const loadError = shallowRef<unknown>(null);
  let generation = 0;
  /** Ids re-read from a change while chunks were still loading: a chunk must not overwrite them. */
  const freshDuringLoad = new Set<string>();

  function removeRow(id: string): void {
    const old = byId.get(id);
    if (!old) return;
    const rows = all.value;
    let i = sortedIndexOf(rows, old);
    while (i < rows.length && rows[i]!.id !== id) i++;
    if (i < rows.length) rows.splice(i, 1);
    byId.delete(id);
  }

  function upsertRow(row: LocalExpense): void {
    removeRow(row.id);
    if (row.deleted) return;
    const rows = all.value;
    rows.splice(sortedIndexOf(rows, row), 0, row);
    byId.set(row.id, row);
  }

  async function loadAll(): Promise<void> {
    const gen = ++generation;
    loading.value = true;
    loadError.value = null;
    freshDuringLoad.clear();
    try {
      const first = await db.expenses.orderBy('[date+id]').reverse().limit(FIRST_PAGE).toArray();
      if (gen !== generation) return;
      byId.clear();
      all.value = [];
      for (const row of first) upsertRow(row);
      triggerRef(all);
      let last = first.length === FIRST_PAGE ? first.at(-1) : undefined;
      while (last) {
        const chunk = await db.expenses.where('[date+id]').below([last.date, last.id]).reverse().limit(CHUNK).toArray();
        if (gen !== generation) return;
        for (const row of chunk) if (!freshDuringLoad.has(row.id)) upsertRow(row);
        triggerRef(all);
        last = chunk.length === CHUNK ? chunk.at(-1) : undefined;
      }
    } catch (e) {
      if (gen === generation) loadError.value = e;
    } finally {
      if (gen === generation) {
        loading.value = false;
        freshDuringLoad.clear();
      }
    }
  }

  async function applyChange(ids: string[]): Promise<void> {
    if (loading.value) ids.forEach((id) => freshDuringLoad.add(id));
    const rows = await db.expenses.bulkGet(ids);
    ids.forEach((id, i) => {
      const row = rows[i];
      if (row) upsertRow(row);
      else removeRow(id);
    });
    triggerRef(all);
  }

  const stopWatching = watchExpenseChanges(db.name, (change) => {
    if (change.kind === 'all') void loadAll();
    else void applyChange(change.ids).catch((e: unknown) => (loadError.value = e));
  });
  onScopeDispose(() => {
    generation++;
    stopWatching();
  });
  void loadAll();

  const filters = reactive<ExpenseFilters>({ ...NO_FILTERS });
  const filtering = computed(() => isFiltering(filters));

  // Search text per row object: a changed row is a new object, so stale entries just fall away.
  const searchCache = computed(() => {
    void reference.workspaceById;
    void reference.vendorById;
    return new WeakMap<LocalExpense, string>();
  });
  function searchText(e: LocalExpense): string {
    const cache = searchCache.value;
    let t = cache.get(e);
    if (t === undefined) {
      t = searchTextOf(e, {
        workspace: (id) => reference.workspaceById.get(id)?.title,
        vendor: (id) => reference.vendorById.get(id)?.name,
      });
      cache.set(e, t);
    }
    return t;
  }

  const filtered = computed(() => {
    const rows = all.value;
    return filterExpenses(rows, { ...filters }, searchText);
  });
  const items = computed(() => groupByMonth(filtered.value, userLocale.value));

  const stateCounts = computed(() => {
    const counts: Record<SyncState, number> = { pending: 0, synced: 0, conflict: 0, error: 0, locked: 0 };
    for (const e of all.value) counts[e.syncState]++;
    return counts;
  });

  function resetFilters(): void {
    Object.assign(filters, NO_FILTERS);
  }

  function get(id: string): LocalExpense | undefined {
    return byId.get(id);
  }

  return {
    all,
    loading,
    loadError,
    filters,
    filtering,
    filtered,
    items,
    stateCounts,
    resetFilters,
    get,
    reload: loadAll,
  };
});
