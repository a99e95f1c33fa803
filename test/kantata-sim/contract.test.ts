import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEnvelope } from '@shared/kantata/wire';
import { startTestSim, type SimClient } from './helpers';
import { declaredProperties, responseValidator } from './openapi';

/**
 * Contract tests: the examples from Kantata's documentation, each response checked against the
 * OpenAPI response schema of its operation and status.
 */
let c: SimClient;
let ws: { usd: string; eur: string };
let travel: string;
beforeAll(async () => {
  c = await startTestSim({ seed: 'demo' });
  const state = c.sim.admin.state();
  ws = {
    usd: state.workspaces.find((w) => w.currency === 'USD' && w.can_create_line_items && !w.archived)!.id,
    eur: state.workspaces.find((w) => w.currency === 'EUR')!.id,
  };
  travel = state.categories.find((x) => x.name === 'Travel')!.id;
});
afterAll(() => c.sim.close());

async function check(file: string, specPath: string, method: string, path: string, init: RequestInit & { token?: string | null } = {}, expectStatus = 200) {
  const res = await c.json(path, { method, ...init });
  expect(res.status).toBe(expectStatus);
  const validate = responseValidator(file, specPath, method, expectStatus);
  validate(res.body);
  expect(validate.errors ?? [], JSON.stringify(res.body).slice(0, 400)).toEqual([]);
  return res.body as ApiEnvelope & Record<string, Record<string, Record<string, unknown>>>;
}

/** The simulator sends no field the schema does not declare, except the documented [I] ones. */
function onlyDeclared(records: Record<string, Record<string, unknown>>, file: string, schema: string, extra: string[] = []) {
  const declared = new Set([...declaredProperties(file, schema), 'id', ...extra]);
  for (const record of Object.values(records)) {
    expect(Object.keys(record).filter((k) => !declared.has(k))).toEqual([]);
  }
}

const E = 'mavenlink-expenses-api-openapi.yml';

describe('contract: expenses', () => {
  it('GET /expenses with includes and optional fields', async () => {
    const body = await check(E, '/expenses', 'GET', '/expenses?per_page=50&include=workspace,expense_category,vendor,user,external_references,receipt,story&optional_fields=user_can_edit');
    expect(body.results.length).toBeGreaterThan(20);
    onlyDeclared(body.expenses!, E, 'Expense');
  });

  it('foreign_exchange_amount.source_value is a number, as the schema types it (the string switch is a deviation)', async () => {
    const body = await check(E, '/expenses', 'GET', '/expenses?per_page=200');
    const foreign = Object.values(body.expenses!).filter((e) => e.foreign_exchange_amount !== null);
    expect(foreign.length).toBeGreaterThan(0);
    expect(typeof (foreign[0]!.foreign_exchange_amount as { source_value: unknown }).source_value).toBe('number');

    c.sim.admin.setOption('foreignAmountValueAs', 'string');
    try {
      const res = await c.json(`/expenses/${foreign[0]!.id as string}`);
      const validate = responseValidator(E, '/expenses/{id}', 'GET', 200);
      expect(validate(res.body)).toBe(false);
      expect(validate.errors!.map((e) => e.instancePath)).toEqual([`/expenses/${foreign[0]!.id as string}/foreign_exchange_amount/source_value`]);
    } finally {
      c.sim.admin.setOption('foreignAmountValueAs', 'number');
    }
  });

  it('per_page 500 is clamped to 200', async () => {
    const body = await check(E, '/expenses', 'GET', '/expenses?per_page=500');
    expect(body.meta.page_size).toBe(200);
  });

  it('only=5 (a miss) answers the empty envelope', async () => {
    const body = await check(E, '/expenses', 'GET', '/expenses?only=5');
    expect(body).toEqual({ count: 0, meta: { count: 0, page_count: 0, page_number: 0, page_size: 1 }, results: [], expenses: {} });
  });

  it('the documented bulk-create example', async () => {
    const item = { workspace_id: Number(ws.usd), date: '2025-01-01', expense_category_id: Number(travel), category: 'Travel', amount_in_cents: 20000 };
    const body = await check(E, '/expenses', 'POST', '/expenses', { body: JSON.stringify({ expenses: [item, item] }) });
    expect(body.results).toHaveLength(2);
    onlyDeclared(body.expenses!, E, 'Expense');
  });

  it('GET, PUT and DELETE one expense', async () => {
    const id = c.sim.admin.addExpense(c.sim.userId, { workspace_id: ws.usd, date: '2026-01-01', expense_category_id: travel, category: 'Travel', amount_in_cents: 1 }).id;
    await check(E, '/expenses/{id}', 'GET', `/expenses/${id}`);
    await check(E, '/expenses/{id}', 'PUT', `/expenses/${id}`, { body: JSON.stringify({ expense: { notes: 'changed' } }) });
    const res = await c.api(`/expenses/${id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
  });

  it('the documented bulk delete {"ids": "1,2,3"}', async () => {
    const ids = [1, 2, 3].map(() => c.sim.admin.addExpense(c.sim.userId, { workspace_id: ws.usd, date: '2026-01-01', expense_category_id: travel, category: 'Travel', amount_in_cents: 1 }).id);
    const body = await check(E, '/expenses', 'DELETE', '/expenses', { body: JSON.stringify({ ids: ids.join(',') }) });
    expect(body).toEqual({ deleted: ids.map(Number) });
  });

  it('error bodies: 401, 404, 422 (bulk with index), bulk-delete failure', async () => {
    await check(E, '/expenses', 'GET', '/expenses', { token: 'wrong' }, 401);
    await check(E, '/expenses/{id}', 'GET', '/expenses/1', {}, 404);
    const bad = await check(E, '/expenses', 'POST', '/expenses', {
      body: JSON.stringify({ expenses: [{ workspace_id: ws.usd }, { date: 'x' }] }),
    }, 422) as unknown as { errors: Array<{ type: string; field: string; index: number }> };
    expect(bad.errors.every((e) => e.type === 'validation' && typeof e.field === 'string')).toBe(true);
    expect(new Set(bad.errors.map((e) => e.index))).toEqual(new Set([0, 1]));
    await check(E, '/expenses', 'DELETE', '/expenses?ids=1,2,3', {}, 422);
  });
});

describe('contract: pickers, references, attachments', () => {
  it('GET /workspaces', async () => {
    const file = 'mavenlink-workspaces-api-openapi.yml';
    const body = await check(file, '/workspaces', 'GET', '/workspaces?include_archived=true');
    onlyDeclared(body.workspaces!, file, 'Workspace', ['expense_tracking']);
  });

  it('GET /expense_categories', async () => {
    const file = 'mavenlink-expense-categories-api-openapi.yml';
    const body = await check(file, '/expense_categories', 'GET', '/expense_categories');
    onlyDeclared(body.expense_categories!, file, 'ExpenseCategory');
  });

  it('GET /vendors', async () => {
    const file = 'mavenlink-vendors-api-openapi.yml';
    const body = await check(file, '/vendors', 'GET', '/vendors');
    onlyDeclared(body.vendors!, file, 'Vendor');
  });

  it('GET /expense_budgets', async () => {
    const file = 'mavenlink-expense-budgets-api-openapi.yml';
    const body = await check(file, '/expense_budgets', 'GET', `/expense_budgets?workspace_id=${ws.eur}`);
    expect(body.results.length).toBeGreaterThan(0);
    // updated_at is undeclared in the generated schema, but budgets take updated_after [D] and wire.ts needs it.
    onlyDeclared(body.expense_budgets!, file, 'ExpenseBudget', ['updated_at']);
  });

  it('GET /users/me', async () => {
    const file = 'mavenlink-users-api-openapi.yml';
    const body = await check(file, '/users/me', 'GET', '/users/me');
    onlyDeclared(body.users!, file, 'User');
  });

  it('GET /external_references by subject and ref', async () => {
    const file = 'mavenlink-external-references-api-openapi.yml';
    c.sim.admin.addExpense(c.sim.userId, {
      workspace_id: ws.usd, date: '2026-01-01', expense_category_id: travel, category: 'Travel', amount_in_cents: 1,
      external_reference: { service_name: 'expense-courier', service_model: 'Expense', service_model_ref: 'contract-ref' },
    });
    const body = await check(file, '/external_references', 'GET', '/external_references?subject_type=Expense&service_name=expense-courier&service_model_ref=contract-ref');
    expect(body.results).toHaveLength(1);
    onlyDeclared(body.external_references!, file, 'ExternalReference');
  });

  it('POST /attachments', async () => {
    const file = 'mavenlink-attachments-api-openapi.yml';
    const form = new FormData();
    form.set('attachment[type]', 'receipt');
    form.set('attachment[data]', new Blob([new Uint8Array([1, 2])]), 'receipt.png');
    const body = await check(file, '/attachments', 'POST', '/attachments', { body: form });
    onlyDeclared(body.attachments!, file, 'Attachments__Base');
  });
});
