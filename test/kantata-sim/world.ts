import type { ApiExpense, ApiWorkspace } from '@shared/kantata/wire';
import type { ExpenseInput, RunningSimulator } from './index';

/** A small known world on an 'empty'-seeded simulator, for tests that count and order records. */
export interface World {
  usd: ApiWorkspace;
  eur: ApiWorkspace;
  archived: ApiWorkspace;
  readOnly: ApiWorkspace;
  categoryId: (name: string) => string;
  vendorA: string;
  vendorB: string;
  storyId: string;
  budgetId: string;
  userId: string;
  /** Valid create fields for the USD project, with overrides. */
  fields(overrides?: ExpenseInput): ExpenseInput;
  add(overrides?: ExpenseInput): ApiExpense;
}

export function buildWorld(sim: RunningSimulator): World {
  const { admin } = sim;
  const usd = admin.addWorkspace({ title: 'Alpha USD', currency: 'USD' });
  const eur = admin.addWorkspace({ title: 'Beta EUR', currency: 'EUR', expenseTracking: 'budgets' });
  const archived = admin.addWorkspace({ title: 'Old archived', currency: 'GBP', archived: true, canCreateLineItems: false });
  const readOnly = admin.addWorkspace({ title: 'Read only', currency: 'USD', canCreateLineItems: false });
  const cats = admin.state().categories;
  const categoryId = (name: string): string => cats.find((c) => c.name === name)!.id;
  const vendorA = admin.addVendor('Acme Air').id;
  const vendorB = admin.addVendor('Zeta Hotels').id;
  const storyId = admin.addStory({ workspaceId: usd.id, title: 'Pilot' }).id;
  const budgetId = admin.addBudget({ workspaceId: eur.id, title: 'Travel' }).id;
  const userId = sim.userId;
  const fields = (overrides: ExpenseInput = {}): ExpenseInput => ({
    workspace_id: usd.id, date: '2026-03-01', expense_category_id: categoryId('Food'), category: 'Food',
    amount_in_cents: 1000, ...overrides,
  });
  return {
    usd, eur, archived, readOnly, categoryId, vendorA, vendorB, storyId, budgetId, userId, fields,
    add: (overrides) => admin.addExpense(userId, fields(overrides)),
  };
}

/** Puts an expense into an archived project (archived projects take no new expenses). */
export function addArchivedExpense(sim: RunningSimulator, w: World, overrides: ExpenseInput = {}): ApiExpense {
  sim.admin.updateWorkspace(w.archived.id, { archived: false, canCreateLineItems: true });
  const e = sim.admin.addExpense(w.userId, w.fields({ workspace_id: w.archived.id, ...overrides }));
  sim.admin.updateWorkspace(w.archived.id, { archived: true, canCreateLineItems: false });
  return e;
}
