/**
 * The expense list, live across windows. All visible (not deleted) expenses are held in memory in
 * list order so filters, month groups and totals over 100,000 rows take milliseconds. The newest
 * page is read first (the list shows at once), then the whole table in chunks behind it. After that only the
 * rows a write touched are re-read (see expense-changes.ts for why not a whole-table liveQuery).
 */
import { defineStore } from 'pinia';
import type { Collection } from 'dexie';
import { computed, onScopeDispose, reactive, shallowRef, triggerRef, watch } from 'vue';
import type { LocalExpense, SyncState } from '@shared/model/expense';
import { getDb } from '@renderer/db/current';
import { userLocale } from '@renderer/locale';
import { watchExpenseChanges } from '@renderer/db/expense-changes';
import { useLiveQuery } from '@renderer/db/live-query';
import { NO_RECEIPT_IDENTITIES, readReceiptIdentities, receiptKeyOf } from '@renderer/duplicates/receipt-keys';
import {
  filterExpenses,
  isFiltering,
  NO_FILTERS,
  regroup,
  searchTextOf,
  sortedIndexOf,
  type ExpenseFilters,
  type Grouping,
  type SearchNames,
} from '@renderer/expense-list/list-model';
import { useExpenseWritesStore } from './expense-writes';
import { useReferenceStore } from './reference';

export const FIRST_PAGE = 200;
export const CHUNK = 10_000;

export const useExpensesStore = defineStore('expenses', () => {
  const db = getDb();
  const reference = useReferenceStore();

  /** Visible expenses in list order; mutated in place, then triggered (100k rows: no copies). */
  const all = shallowRef<LocalExpense[]>([]);
  const byId = new Map<string, LocalExpense>();
  /** Rows per sync state, kept up to date with `all` (counting 100k rows on every Save costs ~10 ms). */
  const counts: Record<SyncState, number> = { pending: 0, synced: 0, conflict: 0, error: 0, locked: 0 };
  /**
   * The search text of each row of `all`, at the same index: built lazily, moved with the rows, and
   * read by index while filtering (a lookup keyed by row costs more than the search itself at 100k).
   */
  let texts: Array<string | undefined> = [];
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
    if (i < rows.length) {
      rows.splice(i, 1);
      texts.splice(i, 1);
    }
    byId.delete(id);
    counts[old.syncState]--;
  }

  function upsertRow(row: LocalExpense): void {
    removeRow(row.id);
    if (row.deleted) return;
    const rows = all.value;
    const at = sortedIndexOf(rows, row);
    rows.splice(at, 0, row);
    texts.splice(at, 0, undefined);
    byId.set(row.id, row);
    counts[row.syncState]++;
  }

  function replaceAll(rows: LocalExpense[]): void {
    byId.clear();
    for (const state of Object.keys(counts) as SyncState[]) counts[state] = 0;
    for (const row of rows) {
      byId.set(row.id, row);
      counts[row.syncState]++;
    }
    texts = new Array<string | undefined>(rows.length);
    all.value = rows;
  }

  async function loadAll(): Promise<void> {
    const gen = ++generation;
    loading.value = true;
    loadError.value = null;
    freshDuringLoad.clear();
    try {
      // The newest page first (a reverse cursor: fast for a few rows), so the list shows at once.
      const first = (await db.expenses.orderBy('[date+id]').reverse().limit(FIRST_PAGE).toArray()).filter((e) => !e.deleted);
      if (gen !== generation) return;
      replaceAll(first);
      triggerRef(all);
      // Then everything in index order with getAll (much faster than a reverse cursor), reversed here.
      const chunks: LocalExpense[][] = [];
      let after: [string, string] | null = null;
      for (;;) {
        const range: Collection<LocalExpense, string> = after ? db.expenses.where('[date+id]').above(after) : db.expenses.orderBy('[date+id]');
        const chunk: LocalExpense[] = await range.limit(CHUNK).toArray();
        if (gen !== generation) return;
        chunks.push(chunk);
        const last: LocalExpense | undefined = chunk.at(-1);
        if (!last || chunk.length < CHUNK) break;
        after = [last.date, last.id];
      }
      const rows: LocalExpense[] = [];
      for (let c = chunks.length - 1; c >= 0; c--) {
        const chunk = chunks[c]!;
        for (let i = chunk.length - 1; i >= 0; i--) if (!chunk[i]!.deleted) rows.push(chunk[i]!);
      }
      replaceAll(rows);
      // Rows written while we read may be older in the chunks than in the change we already saw.
      if (freshDuringLoad.size > 0) {
        const ids = [...freshDuringLoad];
        const fresh = await db.expenses.bulkGet(ids);
        if (gen !== generation) return;
        ids.forEach((id, i) => (fresh[i] ? upsertRow(fresh[i]!) : removeRow(id)));
      }
      triggerRef(all);
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
    let changed = false;
    ids.forEach((id, i) => {
      const row = rows[i];
      const held = byId.get(id);
      // A row this window saved is already shown (applySaved); re-deriving the list for an
      // identical copy would cost a full regroup over every row for nothing.
      if (row && held && JSON.stringify(row) === JSON.stringify(held)) return;
      if (!row && !held) return;
      if (row) upsertRow(row);
      else removeRow(id);
      changed = true;
    });
    if (changed) triggerRef(all);
  }

  function applySaved(saved: LocalExpense): void {
    if (loading.value) freshDuringLoad.add(saved.id);
    upsertRow(saved);
    triggerRef(all);
  }

  const stopWatching = watchExpenseChanges(db.name, (change) => {
    if (change.kind === 'all') void loadAll();
    else void applyChange(change.ids).catch((e: unknown) => (loadError.value = e));
  });
  // A row saved in this window shows at once; rows saved elsewhere arrive through the change signal.
  const stopSaved = useExpenseWritesStore().$onAction(({ name, after }) => {
    if (name === 'save') after((saved) => applySaved(saved as LocalExpense));
  });
  onScopeDispose(() => {
    generation++;
    stopWatching();
    stopSaved();
  });
  void loadAll();

  const filters = reactive<ExpenseFilters>({ ...NO_FILTERS });
  const filtering = computed(() => isFiltering(filters));

  // The names a search matches besides the row's own text; new names make every text stale.
  const searchNames = computed((): SearchNames => {
    const workspaces = reference.workspaceById;
    const vendors = reference.vendorById;
    return { workspace: (id) => workspaces.get(id)?.title, vendor: (id) => vendors.get(id)?.name };
  });
  let textsNames: SearchNames | null = null;
  /** The search text of row `i` of `all` (built on first use). */
  function searchTexts(): (e: LocalExpense, i: number) => string {
    const names = searchNames.value;
    if (names !== textsNames) {
      texts = new Array<string | undefined>(all.value.length);
      textsNames = names;
    }
    return (e, i) => (texts[i] ??= searchTextOf(e, names));
  }

  /** Build search texts while the user is idle, so the first keystroke in Search does not pay for 100k rows. */
  function warmSearchTexts(): void {
    if (typeof requestIdleCallback !== 'function') return;
    const gen = generation;
    let i = 0;
    const step = (deadline: IdleDeadline) => {
      if (gen !== generation) return;
      // Rows may move meanwhile: a text built at the wrong index is only built twice, never wrong.
      const rows = all.value;
      const searchText = searchTexts();
      for (; i < rows.length && deadline.timeRemaining() > 1; i++) searchText(rows[i]!, i);
      if (i < rows.length) requestIdleCallback(step);
    };
    requestIdleCallback(step);
  }
  watch(loading, (now) => {
    if (!now) warmSearchTexts();
  });

  // Receipts by content for the duplicates filter; a few key-only index scans, followed live.
  const receiptIdentities = useLiveQuery(() => readReceiptIdentities(getDb()), NO_RECEIPT_IDENTITIES).value;
  const filtered = computed(() => {
    const rows = all.value;
    const receiptKey = filters.duplicates === 'only' ? receiptKeyOf(receiptIdentities.value) : undefined;
    const result = filterExpenses(rows, { ...filters }, searchTexts(), receiptKey);
    // `all` is mutated in place: hand out a new array so dependents see a change (a copy is ~1 ms at 100k).
    return result === rows ? rows.slice() : result;
  });
  // Each change regroups only the months it touched (a Save must not walk all 100k rows again).
  let last: Grouping | null = null;
  const grouping = computed(() => (last = regroup(last, filtered.value, userLocale.value)));
  const items = computed(() => grouping.value.items);
  /** Item indexes of the month headers in `items`. */
  const headerIndexes = computed(() => grouping.value.headers);

  // `all` is triggered after every change to the rows, and with it these counts.
  const stateCounts = computed((): Record<SyncState, number> => {
    void all.value;
    return { ...counts };
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
    headerIndexes,
    stateCounts,
    resetFilters,
    get,
    reload: loadAll,
  };
});
