import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiExpense, ApiWorkspace } from '@shared/kantata/wire';
import { advanceClock, startTestSim, type SimClient } from './helpers';
import type { RequestLogEntry } from './index';

let c: SimClient;
beforeAll(async () => {
  c = await startTestSim({ seed: 'demo', token: 'demo-token' });
});
afterAll(() => c.sim.close());

async function admin<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${c.sim.adminUrl}${path}`, {
    method, headers: body === undefined ? {} : { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

describe('admin over HTTP (/__sim)', () => {
  it('exposes the demo seed state', async () => {
    const { body } = await admin<{ workspaces: ApiWorkspace[]; categories: Array<{ name: string }>; expenses: ApiExpense[] }>('GET', '/state');
    expect(body.categories.map((x) => x.name)).toEqual(['Travel', 'Mileage', 'Lodging', 'Food', 'Entertainment', 'Other']);
    expect(new Set(body.workspaces.map((w) => w.currency))).toEqual(new Set(['USD', 'EUR', 'GBP']));
    expect(body.workspaces.some((w) => w.archived)).toBe(true);
    expect(body.workspaces.some((w) => w.expense_tracking === 'budgets')).toBe(true);
    const mine = body.expenses.filter((e) => e.user_id === c.sim.userId);
    expect(mine.length).toBeGreaterThanOrEqual(30);
    expect(mine.filter((e) => e.user_can_edit === false).length).toBeGreaterThanOrEqual(3);
    const demo = await admin<{ userId: string; token: string }>('GET', '/demo-user');
    expect(demo.body).toEqual({ userId: c.sim.userId, token: 'demo-token' });
  });

  it('seeds, acts as another user and locks, all visible through the API', async () => {
    const ws = await admin<ApiWorkspace>('POST', '/workspaces', { title: 'Via admin', currency: 'GBP' });
    expect(ws.status).toBe(200);
    const cat = await admin<{ id: string }>('POST', '/categories', { name: 'Parking' });
    const vendor = await admin<{ id: string }>('POST', '/vendors', { name: 'NCP' });
    const story = await admin<{ id: string }>('POST', '/stories', { workspaceId: ws.body.id, title: 'Car park study' });
    const created = await admin<ApiExpense>('POST', '/expenses', {
      workspace_id: ws.body.id, date: '2026-05-05', expense_category_id: cat.body.id, category: 'Parking', amount_in_cents: 850,
      vendor_id: vendor.body.id, story_id: story.body.id,
    });
    expect(created.status).toBe(200);
    expect(created.body.user_id).toBe(c.sim.userId);
    const seen = await c.json<{ expenses: Record<string, ApiExpense> }>(`/expenses/${created.body.id}`);
    expect(seen.body.expenses[created.body.id]!.currency).toBe('GBP');

    advanceClock(c.sim); // a later second, so the edit's stamp differs at second precision too
    const edited = await admin<ApiExpense>('PUT', `/expenses/${created.body.id}`, { notes: 'edited elsewhere' });
    expect(edited.body.notes).toBe('edited elsewhere');
    expect(Date.parse(edited.body.updated_at)).toBeGreaterThan(Date.parse(created.body.updated_at));

    const locked = await admin<ApiExpense>('POST', `/expenses/${created.body.id}/lock`, { how: 'approve' });
    expect(locked.body.user_can_edit).toBe(false);
    expect((await c.api(`/expenses/${created.body.id}`, { method: 'PUT', body: JSON.stringify({ expense: { notes: 'x' } }) })).status).toBe(422);
    await admin('POST', `/expenses/${created.body.id}/unlock`);
    expect((await admin('DELETE', `/expenses/${created.body.id}`)).status).toBe(200);
    expect((await c.api(`/expenses/${created.body.id}`)).status).toBe(404);
    expect((await admin('GET', `/expenses/${created.body.id}`)).status).toBe(404);
  });

  it('refuses invalid seed data with the API\'s validation errors', async () => {
    const r = await admin<{ errors: Array<{ field: string }> }>('POST', '/expenses', { date: 'nope' });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e) => e.field)).toContain('date');
  });

  it('adds a user with a token that then authenticates', async () => {
    const u = await admin<{ user: { id: string }; token: string }>('POST', '/users', { name: 'Http User', token: 'http-user-token' });
    const me = await c.json<{ results: Array<{ id: string }> }>('/users/me', { token: 'http-user-token' });
    expect(me.body.results[0]!.id).toBe(u.body.user.id);
  });

  it('keeps a request log that can be read and cleared', async () => {
    await admin('DELETE', '/requests');
    await c.api('/expenses?per_page=1');
    await c.api('/expenses/0');
    const log = await admin<RequestLogEntry[]>('GET', '/requests');
    expect(log.body.map((e) => [e.method, e.path, e.status])).toEqual([['GET', '/expenses', 200], ['GET', '/expenses/0', 404]]);
    expect(log.body[0]!.query).toEqual({ per_page: '1' });
    expect(log.body[0]!.durationMs).toEqual(expect.any(Number));
  });

  it('sets faults, rate limit, clock and switches', async () => {
    await admin('POST', '/faults', { kind: 'status', status: 503, pathPattern: '^/vendors$', times: 1 });
    expect((await admin<unknown[]>('GET', '/faults')).body).toHaveLength(1);
    expect((await c.api('/vendors')).status).toBe(503);
    expect((await c.api('/vendors')).status).toBe(200);
    await admin('DELETE', '/faults');

    await admin('POST', '/rate-limit', { perMinute: 1, retryAfter: 2 });
    await c.api('/users/me');
    const limited = await c.api('/users/me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    await admin('POST', '/rate-limit', { perMinute: null });

    const clock = await admin<{ offsetMs: number; now: string }>('POST', '/clock', { offsetMs: -86_400_000 });
    expect(clock.body.offsetMs).toBe(-86_400_000);
    const date = Date.parse((await c.api('/users/me')).headers.get('date')!);
    expect(Math.abs(date - (Date.now() - 86_400_000))).toBeLessThan(60_000);
    await admin('POST', '/clock', { offsetMs: 0 });

    const opts = await admin<{ lockedStatus: number; bulkPartialSuccess: boolean }>('POST', '/options', { lockedStatus: 403 });
    expect(opts.body.lockedStatus).toBe(403);
    expect((await admin<{ lockedStatus: number }>('GET', '/options')).body.lockedStatus).toBe(403);
  });

  it('sets the timestamp and foreign-amount switches, refusing invalid values with 400', async () => {
    const set = await admin<Record<string, unknown>>('POST', '/options', { timestampPrecision: 'millisecond', timestampOffset: '+01:00', foreignAmountValueAs: 'string' });
    expect(set.body).toMatchObject({ timestampPrecision: 'millisecond', timestampOffset: '+01:00', foreignAmountValueAs: 'string' });
    const ws = await admin<ApiWorkspace>('POST', '/workspaces', { title: 'Stamped over HTTP' });
    expect(ws.body.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+01:00$/);
    const bad = await admin<{ error: string }>('POST', '/options', { timestampPrecision: 'nanosecond' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/timestampPrecision/);
    expect((await admin<Record<string, unknown>>('GET', '/options')).body.timestampPrecision).toBe('millisecond');
    const back = await admin<Record<string, unknown>>('POST', '/options', { timestampPrecision: 'second', timestampOffset: '-07:00', foreignAmountValueAs: 'number' });
    expect(back.body).toMatchObject({ timestampPrecision: 'second', timestampOffset: '-07:00', foreignAmountValueAs: 'number' });
  });

  it('injects a late-commit fault over HTTP', async () => {
    await admin('POST', '/faults', { kind: 'late-commit', ms: 30, status: 502, method: 'GET', pathPattern: '^/users/me$', times: 1 });
    expect((await c.api('/users/me')).status).toBe(502);
    await vi.waitFor(async () => {
      const log = await admin<RequestLogEntry[]>('GET', '/requests');
      expect(log.body.at(-1)!.committedAt).toBeDefined();
    }, { timeout: 5_000, interval: 20 });
    const log = await admin<RequestLogEntry[]>('GET', '/requests');
    expect(log.body.at(-1)).toMatchObject({ path: '/users/me', fault: 'late-commit', status: 502, lateStatus: 200, committedAt: expect.any(String) });
    await admin('DELETE', '/faults');
  });

  it('resets to a named seed', async () => {
    const r = await admin<{ demoUserId: string }>('POST', '/reset', { seed: 'empty' });
    expect(r.status).toBe(200);
    const state = await admin<{ workspaces: unknown[]; expenses: unknown[] }>('GET', '/state');
    expect(state.body.workspaces).toEqual([]);
    expect(state.body.expenses).toEqual([]);
    expect((await c.api('/users/me')).status).toBe(200);
    await admin('POST', '/reset', { seed: 'demo' });
    expect((await admin<{ expenses: unknown[] }>('GET', '/state')).body.expenses.length).toBeGreaterThan(30);
  });

  it('covers the remaining seed and inspection routes', async () => {
    const ws = await admin<ApiWorkspace>('POST', '/workspaces', { title: 'Budgets', currency: 'EUR', expenseTracking: 'budgets' });
    const budget = await admin<{ id: string; workspace_id: string }>('POST', '/budgets', { workspaceId: ws.body.id, title: 'Travel' });
    expect(budget.body.workspace_id).toBe(ws.body.id);
    const renamed = await admin<ApiWorkspace>('PATCH', `/workspaces/${ws.body.id}`, { title: 'Budgets 2', archived: true });
    expect(renamed.body).toMatchObject({ title: 'Budgets 2', archived: true });
    const cat = await admin<{ id: string }>('POST', '/categories', { name: 'Gone soon' });
    await admin('DELETE', `/categories/${cat.body.id}`);
    const cats = await c.json<{ results: Array<{ id: string }> }>('/expense_categories');
    expect(cats.body.results.map((r) => r.id)).not.toContain(cat.body.id);

    await admin('POST', '/users', { name: 'Revoked', token: 'revoke-me' });
    expect((await c.api('/users/me', { token: 'revoke-me' })).status).toBe(200);
    await admin('POST', '/tokens/revoke', { token: 'revoke-me' });
    expect((await c.api('/users/me', { token: 'revoke-me' })).status).toBe(401);

    const form = new FormData();
    form.set('attachment[type]', 'receipt');
    form.set('attachment[data]', new Blob([new TextEncoder().encode('bytes!')]), 'r.png');
    const up = await c.json<{ results: Array<{ id: string }> }>('/attachments', { method: 'POST', body: form });
    const id = up.body.results[0]!.id;
    const listed = await admin<Array<{ id: string; type: string; direct: string | null }>>('GET', '/attachments');
    expect(listed.body.find((a) => a.id === id)).toMatchObject({ type: 'receipt', direct: null });
    const data = await fetch(`${c.sim.adminUrl}/attachments/${id}/data`);
    expect(await data.text()).toBe('bytes!');

    const created = await c.json<{ results: Array<{ id: string }> }>('/expenses', {
      method: 'POST', body: JSON.stringify({ expense: {
        workspace_id: c.sim.admin.state().workspaces.find((w) => w.can_create_line_items && !w.archived && w.expense_tracking === 'tasks')!.id,
        date: '2026-01-01', expense_category_id: '11', category: 'Travel', amount_in_cents: 5,
        external_reference: { service_name: 'expense-courier', service_model: 'Expense', service_model_ref: 'admin-ref' },
      } }),
    });
    const refs = await admin<Array<{ subject_id: string; service_model_ref: string }>>('GET', '/external_references');
    expect(refs.body.find((r) => r.service_model_ref === 'admin-ref')!.subject_id).toBe(created.body.results[0]!.id);
    const mine = await admin<ApiExpense[]>('GET', `/expenses?userId=${c.sim.userId}`);
    expect(mine.body.every((e) => e.user_id === c.sim.userId)).toBe(true);
  });

  it('seeds the fault generator over HTTP: same seed, same sequence', async () => {
    const run = async (): Promise<number[]> => {
      await admin('DELETE', '/faults');
      await admin('POST', '/faults/seed', { seed: 99 });
      await admin('POST', '/faults', { kind: 'status', status: 429, rate: 0.5, pathPattern: '^/users/me$' });
      const out: number[] = [];
      for (let i = 0; i < 16; i++) out.push((await c.api('/users/me')).status);
      return out;
    };
    const first = await run();
    expect(first).toContain(429);
    expect(await run()).toEqual(first);
    await admin('DELETE', '/faults');
  });

  it('answers unknown admin routes with 404', async () => {
    expect((await admin('GET', '/nope')).status).toBe(404);
  });
});
