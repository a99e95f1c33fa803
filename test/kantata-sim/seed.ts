import type { SeedName, SimAdmin } from './admin';
import type { ExpenseInput } from './expenses';
import { seededRandom } from '../support/common/seeded-random';

export const DEFAULT_CATEGORIES = ['Travel', 'Mileage', 'Lodging', 'Food', 'Entertainment', 'Other'] as const;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * 'empty': the token's user and the six default categories, nothing else.
 * 'demo': a consultant with projects in USD/EUR/GBP (one archived, one budget-tracked, one
 * read-only), tasks, budgets, vendors and a few dozen expenses over recent months, a few locked;
 * plus a colleague with expenses of their own (which the demo user never sees).
 */
export function applySeed(admin: SimAdmin, seed: SeedName, token: string): void {
  const me = admin.addUser('Alex Morgan', { token, email: 'alex.morgan@example.com' });
  admin.demoUserId = me.user.id;
  const categories = DEFAULT_CATEGORIES.map((name) => admin.addCategory(name));
  if (seed === 'empty') return;

  const colleague = admin.addUser('Priya Shah', { token: 'colleague-token', email: 'priya.shah@example.com' });

  const northwind = admin.addWorkspace({ title: 'Northwind Retail POS Rollout', currency: 'USD' });
  const acme = admin.addWorkspace({ title: 'Acme GmbH ERP Migration', currency: 'EUR', expenseTracking: 'budgets', requireExpenseApprovals: true });
  const globex = admin.addWorkspace({ title: 'Globex UK Data Platform', currency: 'GBP' });
  const initech = admin.addWorkspace({ title: 'Initech Discovery Phase', currency: 'USD', archived: true, canCreateLineItems: false });
  admin.addWorkspace({ title: 'Internal: Sales Pipeline Review', currency: 'USD', canCreateLineItems: false });

  const stories = {
    [northwind.id]: [
      admin.addStory({ workspaceId: northwind.id, title: 'Store pilot: Seattle' }),
      admin.addStory({ workspaceId: northwind.id, title: 'Regional rollout training' }),
    ],
    [globex.id]: [
      admin.addStory({ workspaceId: globex.id, title: 'Discovery workshops' }),
      admin.addStory({ workspaceId: globex.id, title: 'Warehouse build' }),
    ],
  };
  const budgets = [
    admin.addBudget({ workspaceId: acme.id, title: 'Travel & lodging' }),
    admin.addBudget({ workspaceId: acme.id, title: 'Client entertainment' }),
  ];
  const vendorNames = ['Delta Air Lines', 'Lufthansa', 'British Airways', 'Marriott', 'Premier Inn', 'Hilton',
    'Uber', 'Deutsche Bahn', 'Hertz', 'Starbucks', 'Pret A Manger', 'The Capital Grille'];
  const vendors = vendorNames.map((n) => admin.addVendor(n));
  admin.addVendor('Blockbuster Video', { archived: true });

  const rand = seededRandom(20240517);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const today = admin.now();
  const notesByCategory: Record<string, string[]> = {
    Travel: ['Flight to client site', 'Return flight', 'Train to workshop', 'Taxi from airport'],
    Mileage: ['Drive to store pilot', 'Client office round trip'],
    Lodging: ['Hotel, 2 nights', 'Hotel during go-live week', 'Hotel, workshop'],
    Food: ['Team lunch', 'Dinner while travelling', 'Breakfast meeting', 'Coffee with stakeholders'],
    Entertainment: ['Client dinner', 'Steering committee dinner'],
    Other: ['Printing workshop material', 'Conference wifi', 'Parking'],
  };
  const active = [northwind, acme, globex];
  const created: string[] = [];
  for (let i = 0; i < 36; i++) {
    const ws = i < 3 ? initech : pick(active);
    const cat = pick(categories);
    const daysAgo = Math.floor(rand() * 120) + (ws === initech ? 150 : 0);
    const fields: ExpenseInput = {
      workspace_id: ws.id,
      date: isoDay(today - daysAgo * 86_400_000),
      expense_category_id: cat.id,
      category: cat.name,
      amount_in_cents: 500 + Math.floor(rand() * 60_000),
      notes: rand() < 0.9 ? pick(notesByCategory[cat.name]!) : null,
      billable: rand() < 0.75,
      reimbursable: rand() < 0.85,
      vendor_id: rand() < 0.7 ? pick(vendors).id : null,
    };
    // Seeding goes in before archiving Initech would block it; see below.
    if (ws.expense_tracking === 'budgets') fields.expense_budget_id = pick(budgets).id;
    else if (stories[ws.id] && rand() < 0.6) fields.story_id = pick(stories[ws.id]!).id;
    if (ws === initech) {
      admin.updateWorkspace(initech.id, { archived: false, canCreateLineItems: true });
      created.push(admin.addExpense(me.user.id, fields).id);
      admin.updateWorkspace(initech.id, { archived: true, canCreateLineItems: false });
    } else {
      created.push(admin.addExpense(me.user.id, fields).id);
    }
  }
  // A foreign-currency expense: a GBP train ticket logged on the EUR project.
  created.push(admin.addExpense(me.user.id, {
    workspace_id: acme.id, date: isoDay(today - 9 * 86_400_000), expense_category_id: categories[0]!.id,
    category: 'Travel', notes: 'Eurostar London to Brussels', expense_budget_id: budgets[0]!.id,
    foreign_exchange_amount: { source_value: '189.00', source_currency: 'GBP' },
  }).id);

  admin.lockExpense(created[3]!, 'invoice');
  admin.lockExpense(created[4]!, 'invoice');
  admin.lockExpense(created[5]!, 'approve');
  admin.lockExpense(created[6]!, 'submit');
  admin.lockExpense(created[7]!, 'submit');

  for (let i = 0; i < 5; i++) {
    const cat = pick(categories);
    admin.addExpense(colleague.user.id, {
      workspace_id: northwind.id, date: isoDay(today - Math.floor(rand() * 60) * 86_400_000),
      expense_category_id: cat.id, category: cat.name, amount_in_cents: 1000 + Math.floor(rand() * 20_000),
      notes: 'Colleague expense',
    });
  }
}
