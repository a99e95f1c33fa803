/**
 * Reference data (projects, categories, vendors, tasks, expense budgets) from Dexie, live: the
 * sync engine downloads it, every window sees the new lists at once.
 */
import { defineStore } from 'pinia';
import { computed } from 'vue';
import type { ExpenseFormContext, ExpenseTracking } from '@shared/validation';
import { getDb } from '@renderer/db/current';
import type { CategoryRow, ExpenseBudgetRow, StoryRow, VendorRow, WorkspaceRow } from '@renderer/db/schema';
import { userLocale } from '@renderer/locale';
import { useLiveQuery } from '@renderer/db/live-query';

interface ReferenceData {
  workspaces: WorkspaceRow[];
  categories: CategoryRow[];
  vendors: VendorRow[];
  stories: StoryRow[];
  budgets: ExpenseBudgetRow[];
}

const EMPTY: ReferenceData = { workspaces: [], categories: [], vendors: [], stories: [], budgets: [] };

const byTitle = <T,>(key: (t: T) => string) => (a: T, b: T) => key(a).localeCompare(key(b));

/** A project takes tasks or expense budgets; the API does not always say which (see wire.ts). */
export function trackingOf(w: WorkspaceRow, budgets: readonly ExpenseBudgetRow[]): ExpenseTracking {
  if (w.expense_tracking) return w.expense_tracking;
  return budgets.some((b) => b.workspace_id === w.id) ? 'budgets' : 'tasks';
}

export const useReferenceStore = defineStore('reference', () => {
  const db = getDb();
  const live = useLiveQuery<ReferenceData>(async () => {
    const [workspaces, categories, vendors, stories, budgets] = await Promise.all([
      db.workspaces.toArray(),
      db.categories.toArray(),
      db.vendors.toArray(),
      db.stories.toArray(),
      db.expenseBudgets.toArray(),
    ]);
    return {
      workspaces: workspaces.sort(byTitle((w) => w.title)),
      categories: categories.sort(byTitle((c) => c.name)),
      vendors: vendors.sort(byTitle((v) => v.name)),
      stories: stories.sort(byTitle((s) => s.title)),
      budgets: budgets.sort(byTitle((b) => b.title)),
    };
  }, EMPTY);

  const data = computed(() => live.value.value);
  const workspaces = computed(() => data.value.workspaces);
  const categories = computed(() => data.value.categories);
  const vendors = computed(() => data.value.vendors);
  const stories = computed(() => data.value.stories);
  const budgets = computed(() => data.value.budgets);

  /** Projects a new expense may go to. */
  const selectableWorkspaces = computed(() => workspaces.value.filter((w) => !w.archived && w.can_create_line_items !== false));
  const activeCategories = computed(() => categories.value.filter((c) => !c.deleted_at));
  const activeVendors = computed(() => vendors.value.filter((v) => !v.archived));

  const workspaceById = computed(() => new Map(workspaces.value.map((w) => [w.id, w])));
  const categoryById = computed(() => new Map(categories.value.map((c) => [c.id, c])));
  const vendorById = computed(() => new Map(vendors.value.map((v) => [v.id, v])));
  const storyById = computed(() => new Map(stories.value.map((s) => [s.id, s])));
  const budgetById = computed(() => new Map(budgets.value.map((b) => [b.id, b])));

  const hasProjects = computed(() => workspaces.value.length > 0);

  function expenseTrackingOf(workspaceId: string): ExpenseTracking {
    const w = workspaceById.value.get(workspaceId);
    return w ? trackingOf(w, budgets.value) : 'tasks';
  }

  /** The first project per currency: whose `currency_base_unit` amounts in that currency follow. */
  const workspaceByCurrency = computed(() => {
    const map = new Map<string, WorkspaceRow>();
    for (const w of workspaces.value) if (!map.has(w.currency)) map.set(w.currency, w);
    return map;
  });

  /**
   * The `currency_base_unit` for amounts in `currency`, as the money functions take it: the given
   * project's when the amount is in its currency (a foreign amount is not), or, without a project
   * (a month's total), that of a project in that currency; null (ISO 4217 digits) when none is known.
   */
  function currencyBaseUnitOf(currency: string, workspaceId?: string | null): number | null {
    const w = workspaceId ? workspaceById.value.get(workspaceId) : workspaceByCurrency.value.get(currency);
    return w && w.currency === currency ? (w.currency_base_unit ?? null) : null;
  }

  /** What validateExpenseForm needs. */
  const formContext = computed<ExpenseFormContext>(() => ({
    locale: userLocale.value,
    workspaces: workspaces.value.map((w) => ({
      id: w.id,
      currency: w.currency,
      expenseTracking: trackingOf(w, budgets.value),
      currencyBaseUnit: w.currency_base_unit ?? null,
    })),
    categories: categories.value.map((c) => ({ id: c.id, name: c.name })),
    stories: stories.value.map((s) => ({ id: s.id, workspaceId: s.workspace_id })),
    budgets: budgets.value.map((b) => ({ id: b.id, workspaceId: b.workspace_id })),
  }));

  return {
    ready: live.ready,
    error: live.error,
    workspaces,
    categories,
    vendors,
    stories,
    budgets,
    selectableWorkspaces,
    activeCategories,
    activeVendors,
    workspaceById,
    categoryById,
    vendorById,
    storyById,
    budgetById,
    hasProjects,
    expenseTrackingOf,
    currencyBaseUnitOf,
    formContext,
  };
});
