import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEnvelope, ApiExpense } from '@shared/kantata/wire';
import { advanceClock, startTestSim, type SimClient } from './helpers';
import { addArchivedExpense, buildWorld, type World } from './world';

type ExpenseEnvelope = ApiEnvelope & { expenses: Record<string, ApiExpense> };

let c: SimClient;
let w: World;
type Key = 'a' | 'b' | 'c' | 'd' | 'e';
let ids: Record<Key, string>;

const list = async (query: string): Promise<string[]> => {
  const { status, body } = await c.json<ExpenseEnvelope>(`/expenses?per_page=200&${query}`);
  expect(status).toBe(200);
  return body.results.map((r) => r.id);
};

beforeAll(async () => {
  c = await startTestSim({ seed: 'empty' });
  w = buildWorld(c.sim);
  // Each expense a second after the last: distinct created_at/updated_at at second precision too.
  const add: World['add'] = (overrides) => {
    advanceClock(c.sim);
    return w.add(overrides);
  };
  const base = {
    a: add({ date: '2026-03-05', amount_in_cents: 500, category: 'Food', notes: 'banana', vendor_id: w.vendorB }).id,
    b: add({ date: '2026-03-01', amount_in_cents: 900, category: 'Travel', expense_category_id: w.categoryId('Travel'), notes: 'apple', vendor_id: w.vendorA }).id,
    c: add({ date: '2026-03-05', amount_in_cents: 100, category: 'Lodging', expense_category_id: w.categoryId('Lodging'), notes: 'cherry' }).id,
    d: add({
      workspace_id: w.eur.id, date: '2026-04-10', amount_in_cents: 700, category: 'Other', expense_category_id: w.categoryId('Other'),
      notes: null, expense_budget_id: w.budgetId,
      external_reference: { service_name: 'courier', service_model: 'Expense', service_model_ref: 'uuid-d' },
    }).id,
  };
  advanceClock(c.sim);
  ids = {
    ...base,
    e: addArchivedExpense(c.sim, w, {
      date: '2026-02-01', external_reference: { service_name: 'courier', service_model: 'Expense', service_model_ref: 'uuid-e' },
    }).id,
  };
  // Someone else's expense in the same project: never listed for this user.
  const other = c.sim.admin.addUser('Other Person');
  c.sim.admin.addExpense(other.user.id, w.fields({ date: '2026-03-03' }));
});
afterAll(() => c.sim.close());

describe('GET /expenses order', () => {
  it('defaults to date:desc with an id tiebreak', async () => {
    expect(await list('')).toEqual([ids.d, ids.a, ids.c, ids.b]);
  });

  it.each([
    ['date:asc', ['b', 'a', 'c', 'd']],
    ['amount:asc', ['c', 'a', 'd', 'b']],
    ['amount:desc', ['b', 'd', 'a', 'c']],
    ['category:asc', ['a', 'c', 'd', 'b']],
    ['category:desc', ['b', 'd', 'c', 'a']],
    ['created_at:asc', ['a', 'b', 'c', 'd']],
    ['created_at:desc', ['d', 'c', 'b', 'a']],
    ['notes:asc', ['d', 'b', 'a', 'c']],
    ['notes:desc', ['c', 'a', 'b', 'd']],
    ['vendor_name:asc', ['c', 'd', 'b', 'a']],
    ['vendor_name:desc', ['a', 'b', 'c', 'd']],
  ])('order=%s', async (order, expected) => {
    expect(await list(`order=${order}`)).toEqual(expected.map((k) => ids[k as Key]));
  });

  it('falls back to date:desc on an invalid order', async () => {
    expect(await list('order=bogus:sideways')).toEqual([ids.d, ids.a, ids.c, ids.b]);
    expect(await list('order=amount:up')).toEqual([ids.d, ids.a, ids.c, ids.b]);
  });
});

describe('GET /expenses filters', () => {
  it('only=: the listed ids, misses absent, default filters still apply, no paging', async () => {
    const { body } = await c.json<ExpenseEnvelope>(`/expenses?only=${ids.a},${ids.e},5&per_page=1`);
    expect(body.results.map((r) => r.id)).toEqual([ids.a]);
    const two = await c.json<ExpenseEnvelope>(`/expenses?only=${ids.a},${ids.b}&per_page=1`);
    expect(two.body.results).toHaveLength(2);
  });

  it('workspace_id', async () => {
    expect(await list(`workspace_id=${w.eur.id}`)).toEqual([ids.d]);
  });

  it('date_expensed_between is inclusive on both ends', async () => {
    expect(await list('date_expensed_between=2026-03-01:2026-03-05&order=date:asc')).toEqual([ids.b, ids.a, ids.c]);
    expect(await list('date_expensed_between=2026-03-02:2026-03-04')).toEqual([]);
    expect((await c.json('/expenses?date_expensed_between=2026-03-01')).status).toBe(400);
  });

  it('from_archived_workspaces=true adds archived projects', async () => {
    expect(await list('from_archived_workspaces=true')).toContain(ids.e);
    expect(await list('')).not.toContain(ids.e);
  });

  it('updated_after / updated_before / created_after compare strictly by default', async () => {
    const d = c.sim.admin.getExpense(ids.d)!;
    const b = c.sim.admin.getExpense(ids.b)!;
    expect(await list(`updated_after=${encodeURIComponent(b.updated_at)}&order=created_at:asc`)).toEqual([ids.c, ids.d]);
    expect(await list(`updated_before=${encodeURIComponent(b.updated_at)}`)).toEqual([ids.a]);
    expect(await list(`created_after=${encodeURIComponent(d.created_at)}`)).toEqual([]);
    c.sim.admin.setOption('inclusiveTimeFilters', true);
    expect(await list(`updated_after=${encodeURIComponent(d.updated_at)}`)).toEqual([ids.d]);
    c.sim.admin.setOption('inclusiveTimeFilters', false);
    expect((await c.json('/expenses?updated_after=yesterday')).status).toBe(400);
  });

  it('updated_after sees an edit made by someone else', async () => {
    const before = c.sim.admin.getExpense(ids.c)!.updated_at;
    expect(await list(`updated_after=${encodeURIComponent(before)}&order=created_at:asc`)).toEqual([ids.d]);
    advanceClock(c.sim);
    c.sim.admin.actAs(w.userId).updateExpense(ids.c, { notes: 'cherry pie' });
    expect(await list(`updated_after=${encodeURIComponent(before)}&order=created_at:asc`)).toEqual([ids.c, ids.d]);
  });

  it('external_reference_service_name + external_reference_service_model_refs', async () => {
    const q = 'external_reference_service_name=courier&external_reference_service_model_refs=uuid-d,uuid-e,uuid-x';
    expect(await list(q)).toEqual([ids.d]);
    expect((await list(`${q}&from_archived_workspaces=true`)).sort()).toEqual([ids.d, ids.e].sort());
    expect(await list('external_reference_service_name=other&external_reference_service_model_refs=uuid-d')).toEqual([]);
    const tooMany = Array.from({ length: 201 }, (_, i) => `r${i}`).join(',');
    const r = await c.json<{ errors: Array<{ type: string; field: string }> }>(`/expenses?external_reference_service_name=courier&external_reference_service_model_refs=${tooMany}`);
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toMatchObject({ type: 'validation', field: 'external_reference_service_model_refs' });
  });

  it('lists only the requesting user\'s expenses', async () => {
    const all = c.sim.admin.listExpenses();
    expect(all.some((e) => e.user_id !== w.userId)).toBe(true);
    const mine = await list('from_archived_workspaces=true');
    expect(mine.sort()).toEqual(all.filter((e) => e.user_id === w.userId).map((e) => e.id).sort());
  });
});

describe('GET /external_references', () => {
  it('finds a reference by subject_type, service_name and service_model_ref', async () => {
    const { status, body } = await c.json<ApiEnvelope & { external_references: Record<string, { subject_id: string; service_model_ref: string }> }>(
      '/external_references?subject_type=Expense&service_name=courier&service_model_ref=uuid-d',
    );
    expect(status).toBe(200);
    expect(body.results).toHaveLength(1);
    const ref = body.external_references[body.results[0]!.id]!;
    expect(ref.subject_id).toBe(ids.d);
    expect(ref.service_model_ref).toBe('uuid-d');
    const none = await c.json<ApiEnvelope>('/external_references?subject_type=Expense&service_name=courier&service_model_ref=nope');
    expect(none.body).toMatchObject({ count: 0, results: [], external_references: {} });
  });
});
