import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEnvelope, ApiExpense } from '@shared/kantata/wire';
import { startTestSim, type SimClient } from './helpers';
import { addArchivedExpense, buildWorld, type World } from './world';

type ExpenseEnvelope = ApiEnvelope & { expenses: Record<string, ApiExpense> } & Record<string, Record<string, Record<string, unknown>>>;

let c: SimClient;
let w: World;
beforeAll(async () => {
  c = await startTestSim({ seed: 'empty', clockOffsetMs: 3_600_000 });
  w = buildWorld(c.sim);
  for (let i = 1; i <= 45; i++) w.add({ date: `2026-02-${String((i % 28) + 1).padStart(2, '0')}`, amount_in_cents: i * 100 });
});
afterAll(() => c.sim.close());

describe('response envelope', () => {
  it('has count, meta, ordered results and a map keyed by string id', async () => {
    const { status, body } = await c.json<ExpenseEnvelope>('/expenses?per_page=20&page=2');
    expect(status).toBe(200);
    expect(body.count).toBe(45);
    expect(body.meta).toEqual({ count: 45, page_count: 3, page_number: 2, page_size: 20 });
    expect(body.results).toHaveLength(20);
    expect(Object.keys(body.expenses).sort()).toEqual(body.results.map((r) => r.id).sort());
    for (const r of body.results) {
      expect(r.key).toBe('expenses');
      expect(typeof r.id).toBe('string');
      const e = body.expenses[r.id]!;
      expect(e.id).toBe(r.id);
      expect(typeof e.workspace_id).toBe('string');
      expect(typeof e.user_id).toBe('string');
      expect(typeof e.expense_category_id).toBe('string');
      expect(e.vendor_id).toBeNull();
      expect(e.currency).toBe('USD');
      expect(e).not.toHaveProperty('user_can_edit');
    }
  });

  it('answers the last partial page and pages past the end', async () => {
    const last = await c.json<ExpenseEnvelope>('/expenses?per_page=20&page=3');
    expect(last.body.results).toHaveLength(5);
    expect(last.body.meta).toEqual({ count: 45, page_count: 3, page_number: 3, page_size: 20 });
    const past = await c.json<ExpenseEnvelope>('/expenses?per_page=20&page=9');
    expect(past.body.results).toEqual([]);
    expect(past.body.expenses).toEqual({});
    expect(past.body.count).toBe(45);
  });

  it('keeps pages disjoint and complete across the whole list', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 5; page++) {
      const { body } = await c.json<ExpenseEnvelope>(`/expenses?per_page=10&page=${page}`);
      seen.push(...body.results.map((r) => r.id));
    }
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
  });

  it('has the primary key, page_count 0 and page_number 0 when nothing matches', async () => {
    const { body } = await c.json<ExpenseEnvelope>('/expenses?workspace_id=999999');
    expect(body).toEqual({ count: 0, meta: { count: 0, page_count: 0, page_number: 0, page_size: 20 }, results: [], expenses: {} });
  });

  it('clamps per_page 500 to 200 and defaults to 20', async () => {
    const clamped = await c.json<ExpenseEnvelope>('/expenses?per_page=500');
    expect(clamped.body.meta.page_size).toBe(200);
    expect(clamped.body.results).toHaveLength(45);
    const def = await c.json<ExpenseEnvelope>('/expenses');
    expect(def.body.meta.page_size).toBe(20);
    expect(def.body.meta.page_count).toBe(3);
  });

  it('treats the .json suffix as optional', async () => {
    const a = await c.json<ExpenseEnvelope>('/expenses.json?per_page=5');
    const b = await c.json<ExpenseEnvelope>('/expenses?per_page=5');
    expect(a.body.results).toEqual(b.body.results);
    const one = a.body.results[0]!.id;
    expect((await c.json(`/expenses/${one}.json`)).status).toBe(200);
  });

  it('side-loads includes into plural keys and ignores unknown names', async () => {
    const e = w.add({
      vendor_id: w.vendorA, story_id: w.storyId, date: '2026-06-01',
      external_reference: { service_name: 'courier', service_model: 'Expense', service_model_ref: 'abc' },
    });
    const { body } = await c.json<ExpenseEnvelope>(
      `/expenses?only=${e.id}&include=workspace,expense_category,vendor,user,story,external_references,bogus`,
    );
    expect(body.results).toEqual([{ key: 'expenses', id: e.id }]);
    expect(body.workspaces![w.usd.id]!.title).toBe('Alpha USD');
    expect(body.expense_categories![w.categoryId('Food')]!.name).toBe('Food');
    expect(body.vendors![w.vendorA]!.name).toBe('Acme Air');
    expect(body.users![w.userId]!.full_name).toBe('Alex Morgan');
    expect(body.stories![w.storyId]!.title).toBe('Pilot');
    const refIds = body.expenses[e.id]!.external_reference_ids!;
    expect(refIds).toHaveLength(1);
    expect(body.external_references![refIds[0]!]).toMatchObject({ subject_type: 'Expense', subject_id: e.id, service_model_ref: 'abc' });
    expect(body).not.toHaveProperty('bogus');
  });

  it('adds user_can_edit only when asked, false for locked expenses', async () => {
    const open = w.add({ date: '2026-07-01' });
    const locked = w.add({ date: '2026-07-02' });
    c.sim.admin.lockExpense(locked.id, 'submit');
    const { body } = await c.json<ExpenseEnvelope>(`/expenses?only=${open.id},${locked.id}&optional_fields=user_can_edit`);
    expect(body.expenses[open.id]!.user_can_edit).toBe(true);
    expect(body.expenses[locked.id]!.user_can_edit).toBe(false);
    expect(body.expenses[locked.id]!.active_submission_id).toEqual(expect.any(String));
  });

  it('refuses a missing or unknown token with 401 and the documented oauth body', async () => {
    for (const token of [null, 'not-a-token']) {
      const r = await c.json('/expenses', { token });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ errors: [{ type: 'oauth', message: 'Invalid OAuth 2 Request' }] });
    }
  });

  it('answers unknown routes with 404 and the system error body', async () => {
    const r = await c.json<{ errors: Array<{ type: string; message: string }> }>('/nothing/here');
    expect(r.status).toBe(404);
    expect(r.body.errors[0]!.type).toBe('system');
    expect(r.body.errors[0]!.message).toEqual(expect.any(String));
    const outside = await fetch(`http://127.0.0.1:${c.sim.port}/elsewhere`);
    expect(outside.status).toBe(404);
    expect(((await outside.json()) as { errors: Array<{ type: string }> }).errors[0]!.type).toBe('system');
  });

  it('sends a Date header from the server clock, offset included', async () => {
    const res = await c.api('/users/me');
    const serverMs = Date.parse(res.headers.get('date')!);
    // The clock runs an hour ahead; allow a minute of slack for the header's one-second resolution.
    expect(Math.abs(serverMs - (Date.now() + 3_600_000))).toBeLessThan(60_000);
    c.sim.admin.setClock(-7_200_000);
    const behind = Date.parse((await c.api('/users/me')).headers.get('date')!);
    expect(Math.abs(behind - (Date.now() - 7_200_000))).toBeLessThan(60_000);
    c.sim.admin.setClock(3_600_000);
  });

  it('hides archived-project expenses unless from_archived_workspaces=true, also on show', async () => {
    const e = addArchivedExpense(c.sim, w, { date: '2026-08-01' });
    const hidden = await c.json<ExpenseEnvelope>(`/expenses?only=${e.id}`);
    expect(hidden.body.results).toEqual([]);
    expect((await c.json(`/expenses/${e.id}`)).status).toBe(404);
    const shown = await c.json<ExpenseEnvelope>(`/expenses?only=${e.id}&from_archived_workspaces=true`);
    expect(shown.body.results).toEqual([{ key: 'expenses', id: e.id }]);
    expect((await c.json(`/expenses/${e.id}?from_archived_workspaces=true`)).status).toBe(200);
  });
});
