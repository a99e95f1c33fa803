import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiEnvelope, ApiErrorBody, ApiExpense } from '@shared/kantata/wire';
import { advanceClock, type SimClient } from './helpers';
import type { World } from './world';
import { withTestSim } from './test-sim';

type ExpenseEnvelope = ApiEnvelope & { expenses: Record<string, ApiExpense>; errors?: ApiErrorBody['errors'] };

let c: SimClient;
let w: World;
withTestSim({ seed: 'empty' }, (started) => void ({ c, w } = started));
beforeEach(() => {
  c.sim.admin.setOptions({ bulkPartialSuccess: false, lockedStatus: 422, timestampPrecision: 'second', foreignAmountValueAs: 'number' });
});

const post = (body: unknown) => c.json<ExpenseEnvelope & ApiErrorBody>('/expenses', { method: 'POST', body: JSON.stringify(body) });
const put = (id: string, expense: unknown) => c.json<ExpenseEnvelope & ApiErrorBody>(`/expenses/${id}`, { method: 'PUT', body: JSON.stringify({ expense }) });
const countMine = () => c.sim.admin.listExpenses({ userId: w.userId }).length;

describe('POST /expenses', () => {
  it('creates one, answers 200 with the envelope and server-set fields', async () => {
    const r = await post({ expense: w.fields({ notes: 'Lunch', billable: false, vendor_id: w.vendorA, story_id: w.storyId }) });
    expect(r.status).toBe(200);
    expect(r.body.count).toBe(1);
    const e = r.body.expenses[r.body.results[0]!.id]!;
    expect(e).toMatchObject({
      workspace_id: w.usd.id, user_id: w.userId, date: '2026-03-01', amount_in_cents: 1000, notes: 'Lunch',
      is_billable: false, vendor_id: w.vendorA, story_id: w.storyId, currency: 'USD', currency_symbol: '$', currency_base_unit: 100,
    });
    expect(e.created_at).toBe(e.updated_at);
    expect(Number.isNaN(Date.parse(e.created_at))).toBe(false);
  });

  it('bulk-creates Kantata\'s documented example (numeric ids) in request order', async () => {
    const item = { workspace_id: Number(w.usd.id), date: '2025-01-01', expense_category_id: Number(w.categoryId('Travel')), category: 'Travel', amount_in_cents: 20000 };
    const r = await post({ expenses: [item, { ...item, amount_in_cents: 30000 }] });
    expect(r.status).toBe(200);
    expect(r.body.results).toHaveLength(2);
    const [first, second] = r.body.results.map((x) => r.body.expenses[x.id]!);
    expect([first!.amount_in_cents, second!.amount_in_cents]).toEqual([20000, 30000]);
    expect(first!.workspace_id).toBe(w.usd.id);
  });

  it('bulk with one invalid item rejects all, with per-item errors carrying index', async () => {
    const before = countMine();
    const r = await post({ expenses: [w.fields(), w.fields({ date: '' }), w.fields({ amount_in_cents: 1.5 })] });
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([
      { type: 'validation', field: 'date', message: "Date can't be blank", index: 1 },
      { type: 'validation', field: 'amount_in_cents', message: expect.any(String), index: 2 },
    ]);
    expect(countMine()).toBe(before);
  });

  it('partial-success switch: creates the valid items and reports the others', async () => {
    c.sim.admin.setOption('bulkPartialSuccess', true);
    const before = countMine();
    const r = await post({ expenses: [w.fields({ notes: 'ok 1' }), w.fields({ workspace_id: '999' }), w.fields({ notes: 'ok 2' })] });
    expect(r.status).toBe(200);
    expect(r.body.results).toHaveLength(2);
    expect(r.body.errors).toEqual([expect.objectContaining({ type: 'validation', field: 'workspace_id', index: 1 })]);
    expect(countMine()).toBe(before + 2);
  });

  it('rejects more than 100 in one request and creates nothing', async () => {
    const before = countMine();
    const r = await post({ expenses: Array.from({ length: 101 }, () => w.fields()) });
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toMatchObject({ type: 'validation', field: 'base' });
    expect(countMine()).toBe(before);
    const ok = await post({ expenses: Array.from({ length: 100 }, () => w.fields()) });
    expect(ok.status).toBe(200);
    expect(ok.body.results).toHaveLength(100);
  });

  it.each([
    ['missing required fields', {}, ['workspace_id', 'date', 'expense_category_id', 'category', 'amount_in_cents']],
    ['non-integer cents', { amount_in_cents: '12.5' }, ['amount_in_cents']],
    ['cents over int32', { amount_in_cents: 2 ** 31 }, ['amount_in_cents']],
    ['not an ISO date', { date: '03/01/2026' }, ['date']],
    ['impossible date', { date: '2026-02-30' }, ['date']],
    ['unknown workspace', { workspace_id: '424242' }, ['workspace_id']],
    ['read-only workspace', { workspace_id: 'RO' }, ['workspace_id']],
    ['archived workspace', { workspace_id: 'ARCH' }, ['workspace_id']],
    ['unknown category', { expense_category_id: '9999' }, ['expense_category_id']],
    ['unknown vendor', { vendor_id: '9999' }, ['vendor_id']],
    ['receipt that does not exist', { receipt_id: '9999' }, ['receipt_id']],
    ['budget on a task project', { expense_budget_id: 'BUDGET' }, ['expense_budget_id']],
    ['task on a budget project', { workspace_id: 'EUR', story_id: 'STORY' }, ['story_id']],
    ['billable not boolean', { billable: 'yes' }, ['billable']],
  ])('422 for %s', async (_name, overrides, fields) => {
    const swap: Record<string, () => string> = { RO: () => w.readOnly.id, ARCH: () => w.archived.id, EUR: () => w.eur.id, BUDGET: () => w.budgetId, STORY: () => w.storyId };
    const resolved = Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, typeof v === 'string' && swap[v] ? swap[v]() : v]));
    const body = Object.keys(overrides).length === 0 ? {} : w.fields(resolved);
    const r = await post({ expense: body });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e) => e.field)).toEqual(fields);
    for (const e of r.body.errors) {
      expect(e.type).toBe('validation');
      expect(e).not.toHaveProperty('index');
    }
  });

  it('accepts a budget on a budget project and converts a foreign amount', async () => {
    const r = await post({ expense: w.fields({
      workspace_id: w.eur.id, expense_budget_id: w.budgetId, amount_in_cents: undefined,
      foreign_exchange_amount: { source_value: '100.00', source_currency: 'USD' },
    }) });
    expect(r.status).toBe(200);
    const e = r.body.expenses[r.body.results[0]!.id]!;
    expect(e.currency).toBe('EUR');
    // A JSON number by default, as the OpenAPI response schema types it.
    expect(e.foreign_exchange_amount).toMatchObject({ source_currency: 'USD', source_value: 100 });
    expect(e.amount_in_cents).toBe(Math.round(100 * e.foreign_exchange_amount!.rate! * 100));
  });

  it('foreignAmountValueAs: string answers source_value as the decimal string; requests take either', async () => {
    c.sim.admin.setOption('foreignAmountValueAs', 'string');
    const fields = w.fields({ workspace_id: w.eur.id, expense_budget_id: w.budgetId, amount_in_cents: undefined });
    const asString = await post({ expense: { ...fields, foreign_exchange_amount: { source_value: '12.50', source_currency: 'GBP' } } });
    const asNumber = await post({ expense: { ...fields, foreign_exchange_amount: { source_value: 7.25, source_currency: 'GBP' } } });
    expect([asString.status, asNumber.status]).toEqual([200, 200]);
    expect(asString.body.expenses[asString.body.results[0]!.id]!.foreign_exchange_amount!.source_value).toBe('12.50');
    expect(asNumber.body.expenses[asNumber.body.results[0]!.id]!.foreign_exchange_amount!.source_value).toBe('7.25');
    c.sim.admin.setOption('foreignAmountValueAs', 'number');
    const again = await c.json<ExpenseEnvelope>(`/expenses/${asString.body.results[0]!.id}`);
    expect(again.body.expenses[asString.body.results[0]!.id]!.foreign_exchange_amount!.source_value).toBe(12.5);
  });

  it('400 on a body that is not JSON or not an expense', async () => {
    expect((await c.json('/expenses', { method: 'POST', body: '{nope' })).status).toBe(400);
    expect((await post({ something: 1 })).status).toBe(400);
  });
});

describe('PUT /expenses/{id}', () => {
  it('updates only the given fields and bumps updated_at', async () => {
    const e = w.add({ notes: 'before', amount_in_cents: 700 });
    advanceClock(c.sim); // a later second, so the bump shows at second precision too
    const r = await put(e.id, { notes: 'after' });
    expect(r.status).toBe(200);
    const updated = r.body.expenses[e.id]!;
    expect(updated.notes).toBe('after');
    expect(updated.amount_in_cents).toBe(700);
    expect(Date.parse(updated.updated_at)).toBeGreaterThan(Date.parse(e.updated_at));
    expect(updated.created_at).toBe(e.created_at);
  });

  it('in millisecond precision, updated_at strictly increases on every change, even within one millisecond', async () => {
    c.sim.admin.setOption('timestampPrecision', 'millisecond');
    const e = w.add();
    const stamps = [e.updated_at];
    for (let i = 0; i < 20; i++) stamps.push(c.sim.admin.actAs(w.userId).updateExpense(e.id, { notes: `n${i}` }).updated_at);
    for (let i = 1; i < stamps.length; i++) expect(Date.parse(stamps[i]!)).toBeGreaterThan(Date.parse(stamps[i - 1]!));
  });

  it('stamps come from the server clock, and follow it when it is moved back', async () => {
    c.sim.admin.setClock(-3_600_000);
    const e = w.add();
    expect(Math.abs(Date.parse(e.created_at) - (Date.now() - 3_600_000))).toBeLessThan(60_000);
    const r = await put(e.id, { notes: 'skewed' });
    const date = Date.parse(r.res.headers.get('date')!);
    expect(Math.abs(Date.parse(r.body.expenses[e.id]!.updated_at) - date)).toBeLessThan(2_000);
    c.sim.admin.setClock(0);
    const later = c.sim.admin.actAs(w.userId).updateExpense(e.id, { notes: 'back to normal' });
    expect(Date.parse(later.updated_at) - Date.parse(r.body.expenses[e.id]!.updated_at)).toBeGreaterThan(3_000_000);
  });

  it('refuses to move an expense to another workspace', async () => {
    const e = w.add();
    const r = await put(e.id, { workspace_id: w.eur.id });
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toMatchObject({ type: 'validation', field: 'workspace_id' });
    expect((await put(e.id, { workspace_id: w.usd.id, notes: 'same ws is fine' })).status).toBe(200);
  });

  it('validates what is sent and 404s on a missing or foreign expense', async () => {
    const e = w.add();
    expect((await put(e.id, { date: 'tomorrow' })).body.errors[0]!.field).toBe('date');
    expect((await put('777777', { notes: 'x' })).status).toBe(404);
    const other = c.sim.admin.addUser('Someone');
    const theirs = c.sim.admin.addExpense(other.user.id, w.fields());
    const r = await put(theirs.id, { notes: 'x' });
    expect(r.status).toBe(404);
    expect(r.body.errors[0]!.type).toBe('system');
  });

  it('stores an external reference sent on update', async () => {
    const e = w.add();
    await put(e.id, { external_reference: { service_name: 'courier', service_model: 'Expense', service_model_ref: 'late-ref' } });
    expect(c.sim.admin.getExpense(e.id)!.external_reference_ids).toHaveLength(1);
  });
});

describe('locked expenses', () => {
  it.each(['submit', 'approve', 'invoice'] as const)('after %s: PUT and DELETE answer 422 base, unlock makes it editable', async (how) => {
    const e = w.add();
    c.sim.admin.lockExpense(e.id, how);
    const r = await put(e.id, { notes: 'no' });
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toMatchObject({ type: 'validation', field: 'base' });
    const d = await c.json<ApiErrorBody>(`/expenses/${e.id}`, { method: 'DELETE' });
    expect(d.status).toBe(422);
    expect(c.sim.admin.getExpense(e.id)!.notes).toBeNull();
    c.sim.admin.unlockExpense(e.id);
    expect((await put(e.id, { notes: 'yes' })).status).toBe(200);
  });

  it('answers 403 system when the lockedStatus switch says so', async () => {
    c.sim.admin.setOption('lockedStatus', 403);
    const e = w.add();
    c.sim.admin.lockExpense(e.id, 'invoice');
    const r = await put(e.id, { notes: 'no' });
    expect(r.status).toBe(403);
    expect(r.body.errors[0]!.type).toBe('system');
  });
});

describe('DELETE', () => {
  it('deletes one with 204 and an empty body; then 404', async () => {
    const e = w.add();
    const res = await c.api(`/expenses/${e.id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(c.sim.admin.getExpense(e.id)).toBeUndefined();
    expect((await c.api(`/expenses/${e.id}`)).status).toBe(404);
    expect((await c.api(`/expenses/${e.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('bulk-deletes with ids in the query', async () => {
    const [a, b] = [w.add(), w.add()];
    const r = await c.json<{ deleted: number[] }>(`/expenses?ids=${a.id},${b.id}`, { method: 'DELETE' });
    expect(r.status).toBe(200);
    expect(r.body.deleted).toEqual([Number(a.id), Number(b.id)]);
    expect(c.sim.admin.getExpense(a.id)).toBeUndefined();
  });

  it('bulk-deletes with the documented body {"ids": "1,2,3"}', async () => {
    const list = [w.add(), w.add(), w.add()];
    const r = await c.json<{ deleted: number[] }>('/expenses', { method: 'DELETE', body: JSON.stringify({ ids: list.map((e) => e.id).join(',') }) });
    expect(r.status).toBe(200);
    expect(list.every((e) => c.sim.admin.getExpense(e.id) === undefined)).toBe(true);
  });

  it('is all-or-nothing and names each expense that could not be deleted and why', async () => {
    const ok = w.add();
    const locked = w.add();
    c.sim.admin.lockExpense(locked.id, 'approve');
    const r = await c.json<ApiErrorBody>(`/expenses?ids=${ok.id},${locked.id},888888`, { method: 'DELETE' });
    expect(r.status).toBe(422);
    expect(r.body.errors).toHaveLength(2);
    expect(r.body.errors[0]!.message).toContain(locked.id);
    expect(r.body.errors[0]!.message).toMatch(/submitted|approved|invoiced/);
    expect(r.body.errors[1]!.message).toContain('888888');
    expect(r.body.errors[1]!.message).toMatch(/not found/);
    expect(c.sim.admin.getExpense(ok.id)).toBeDefined();
  });

  it('refuses more than 100 ids', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => String(i + 1)).join(',');
    const r = await c.json<ApiErrorBody>(`/expenses?ids=${ids}`, { method: 'DELETE' });
    expect(r.status).toBe(422);
    expect(r.body.errors[0]!.field).toBe('ids');
  });
});
