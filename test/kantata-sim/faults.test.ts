import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiErrorBody } from '@shared/kantata/wire';
import { startTestSim, type SimClient } from './helpers';
import type { World } from './world';
import { withTestSim } from './test-sim';

let c: SimClient;
let w: World;
withTestSim({ seed: 'empty' }, (started) => void ({ c, w } = started));
beforeEach(() => {
  c.sim.admin.clearFaults();
  c.sim.admin.setRateLimit(null);
  c.sim.admin.clearRequestLog();
});

const create = (ref: string, init: RequestInit = {}) => c.api('/expenses', {
  method: 'POST',
  body: JSON.stringify({ expense: w.fields({ external_reference: { service_name: 'courier', service_model: 'Expense', service_model_ref: ref } }) }),
  ...init,
});
const byRef = (ref: string) => c.sim.admin.listExternalReferences().filter((r) => r.service_model_ref === ref);
const lastLog = () => c.sim.admin.requestLog().at(-1)!;

describe('fault injection', () => {
  it('latency delays the answer by at least the given time, then answers normally', async () => {
    c.sim.admin.injectFault({ kind: 'latency', ms: 120, method: 'GET', pathPattern: '^/users/me$', times: 1 });
    const res = await c.api('/users/me');
    expect(res.status).toBe(200);
    expect(lastLog()).toMatchObject({ fault: 'latency', status: 200 });
    expect(lastLog().durationMs).toBeGreaterThanOrEqual(119);
  });

  it.each([503, 500, 429])('status %i answers the error, with Retry-After when given, and does not apply the request', async (status) => {
    c.sim.admin.injectFault({ kind: 'status', status, retryAfter: 3, method: 'POST', pathPattern: /^\/expenses$/, times: 1 });
    const res = await create(`status-${status}`);
    expect(res.status).toBe(status);
    expect(res.headers.get('retry-after')).toBe('3');
    const body = (await res.json()) as ApiErrorBody;
    expect(body.errors[0]!.type).toBe('system');
    expect(byRef(`status-${status}`)).toHaveLength(0);
    // times: 1 -> the next request goes through.
    expect((await create(`status-${status}-b`)).status).toBe(200);
  });

  it('hang never answers: the client times out and nothing is applied', async () => {
    c.sim.admin.injectFault({ kind: 'hang', method: 'POST', pathPattern: '^/expenses$', times: 1 });
    await expect(create('hung', { signal: AbortSignal.timeout(300) })).rejects.toThrow(/abort|timeout/i);
    expect(byRef('hung')).toHaveLength(0);
    expect(lastLog()).toMatchObject({ fault: 'hang', status: 0, method: 'POST', path: '/expenses' });
  });

  it('commit-then-drop applies the create, then drops the connection: the client sees a socket error', async () => {
    c.sim.admin.injectFault({ kind: 'commit-then-drop', method: 'POST', pathPattern: '^/expenses$', times: 1 });
    const before = c.sim.admin.listExpenses().length;
    await expect(create('lost-response')).rejects.toThrow();
    expect(c.sim.admin.listExpenses()).toHaveLength(before + 1);
    expect(byRef('lost-response')).toHaveLength(1);
    expect(lastLog()).toMatchObject({ fault: 'commit-then-drop', status: 0 });
    // The client can find it by its reference: the way to avoid a duplicate.
    const found = await c.json<{ count: number }>('/expenses?external_reference_service_name=courier&external_reference_service_model_refs=lost-response');
    expect(found.body.count).toBe(1);
  });

  it('commit-then-drop on DELETE deletes, then drops', async () => {
    const e = w.add();
    c.sim.admin.injectFault({ kind: 'commit-then-drop', method: 'DELETE', times: 1 });
    await expect(c.api(`/expenses/${e.id}`, { method: 'DELETE' })).rejects.toThrow();
    expect(c.sim.admin.getExpense(e.id)).toBeUndefined();
  });

  it('garbage applies the request, then answers with a page that is not JSON', async () => {
    c.sim.admin.injectFault({ kind: 'garbage', method: 'POST', pathPattern: '^/expenses$', times: 1 });
    const res = await create('unreadable');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const text = await res.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(byRef('unreadable')).toHaveLength(1);
    expect(lastLog()).toMatchObject({ fault: 'garbage', status: 200 });
    // With another status, and only `times` often.
    c.sim.admin.injectFault({ kind: 'garbage', status: 502, method: 'POST', pathPattern: '^/expenses$', times: 1 });
    expect((await create('unreadable-502')).status).toBe(502);
    expect(byRef('unreadable-502')).toHaveLength(1);
    expect((await create('readable')).headers.get('content-type')).toMatch(/json/);
  });

  it('drop-before drops the connection without applying anything', async () => {
    c.sim.admin.injectFault({ kind: 'drop-before', method: 'POST', pathPattern: '^/expenses$', times: 1 });
    const before = c.sim.admin.listExpenses().length;
    await expect(create('dropped')).rejects.toThrow();
    expect(c.sim.admin.listExpenses()).toHaveLength(before);
    expect(lastLog()).toMatchObject({ fault: 'drop-before', status: 0 });
  });

  it('matches by method and path only; times limits how often it fires', async () => {
    c.sim.admin.injectFault({ kind: 'status', status: 503, method: 'GET', pathPattern: '^/workspaces$', times: 2 });
    expect((await c.api('/users/me')).status).toBe(200);
    expect((await c.api('/expense_categories')).status).toBe(200);
    expect((await c.api('/workspaces')).status).toBe(503);
    expect((await c.api('/workspaces.json')).status).toBe(503);
    expect((await c.api('/workspaces')).status).toBe(200);
    expect(c.sim.admin.listFaults()[0]!.fired).toBe(2);
  });

  it('rate-based faults follow the seed: same seed, same sequence', async () => {
    const run = async (seed: number): Promise<number[]> => {
      c.sim.admin.clearFaults();
      c.sim.admin.seedFaults(seed);
      c.sim.admin.injectFault({ kind: 'status', status: 503, rate: 0.5 });
      const statuses: number[] = [];
      for (let i = 0; i < 24; i++) statuses.push((await c.api('/users/me')).status);
      return statuses;
    };
    const a = await run(42);
    const b = await run(42);
    const other = await run(7);
    expect(a).toEqual(b);
    expect(a).toContain(503);
    expect(a).toContain(200);
    expect(other).not.toEqual(a);
  });
});

describe('late-commit', () => {
  const lastPost = () => c.sim.admin.requestLog().filter((e) => e.method === 'POST' && e.path === '/expenses').at(-1)!;
  /** Waits until the last POST's late commit has been applied. */
  const committed = async () => {
    await vi.waitFor(() => expect(lastPost().committedAt).toBeDefined(), { timeout: 5_000, interval: 20 });
    return lastPost();
  };

  it('answers 504 at once without applying, then applies the request after ms (default 1000), stamped at commit time', async () => {
    c.sim.admin.setOption('timestampPrecision', 'millisecond');
    try {
      c.sim.admin.injectFault({ kind: 'late-commit', method: 'POST', pathPattern: '^/expenses$', times: 1 });
      const res = await create('late-504');
      expect(res.status).toBe(504);
      // The gateway's own page, not the API's JSON.
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toContain('504 Gateway Time-out');
      expect(byRef('late-504')).toHaveLength(0);
      expect(lastPost()).toMatchObject({ fault: 'late-commit', status: 504 });
      expect(lastPost().committedAt).toBeUndefined();

      const entry = await committed();
      expect(entry.lateStatus).toBe(200);
      expect(byRef('late-504')).toHaveLength(1);
      const e = c.sim.admin.getExpense(byRef('late-504')[0]!.subject_id)!;
      expect(e.user_id).toBe(w.userId);
      expect(Date.parse(entry.committedAt!) - Date.parse(entry.at)).toBeGreaterThanOrEqual(990);
      expect(Date.parse(e.created_at)).toBeGreaterThanOrEqual(Date.parse(entry.committedAt!));
      // The retry that finds it by reference instead of creating it again:
      const found = await c.json<{ count: number }>('/expenses?external_reference_service_name=courier&external_reference_service_model_refs=late-504');
      expect(found.body.count).toBe(1);
    } finally {
      c.sim.admin.setOption('timestampPrecision', 'second');
    }
  });

  it('applies the request as its sender, with its body', async () => {
    const other = c.sim.admin.addUser('Late Sender', { token: 'late-sender-token' });
    c.sim.admin.injectFault({ kind: 'late-commit', ms: 300, status: 502, method: 'PUT' });
    const e = c.sim.admin.addExpense(other.user.id, w.fields({ notes: 'before' }));
    const res = await c.api(`/expenses/${e.id}`, { method: 'PUT', token: 'late-sender-token', body: JSON.stringify({ expense: { notes: 'after', amount_in_cents: 4321 } }) });
    expect(res.status).toBe(502);
    expect(c.sim.admin.getExpense(e.id)!.notes).toBe('before');
    await vi.waitFor(() => expect(c.sim.admin.getExpense(e.id)).toMatchObject({ notes: 'after', amount_in_cents: 4321 }), { timeout: 5_000, interval: 20 });
    expect(lastLog()).toMatchObject({ fault: 'late-commit', status: 502, lateStatus: 200 });
  });

  it('drop: true destroys the socket at once, then applies', async () => {
    c.sim.admin.injectFault({ kind: 'late-commit', ms: 300, drop: true, method: 'POST', pathPattern: '^/expenses$', times: 1 });
    await expect(create('late-drop')).rejects.toThrow();
    expect(byRef('late-drop')).toHaveLength(0);
    expect(lastPost()).toMatchObject({ fault: 'late-commit', status: 0 });
    const entry = await committed();
    expect(entry.lateStatus).toBe(200);
    expect(byRef('late-drop')).toHaveLength(1);
  });

  it('records the status a refused late request would have had', async () => {
    c.sim.admin.injectFault({ kind: 'late-commit', ms: 20, method: 'POST', pathPattern: '^/expenses$', times: 1 });
    const res = await c.api('/expenses', { method: 'POST', body: JSON.stringify({ expense: w.fields({ date: 'never' }) }) });
    expect(res.status).toBe(504);
    expect((await committed()).lateStatus).toBe(422);
  });

  it('close() cancels late commits that have not run yet', async () => {
    const other = await startTestSim({ seed: 'empty' });
    const ws = other.sim.admin.addWorkspace({ title: 'Closing' });
    other.sim.admin.injectFault({ kind: 'late-commit', ms: 500 });
    const res = await other.api('/expenses', {
      method: 'POST', body: JSON.stringify({ expense: { ...w.fields(), workspace_id: ws.id, expense_category_id: other.sim.admin.state().categories[0]!.id } }),
    });
    expect(res.status).toBe(504);
    await other.sim.close();
    await new Promise((r) => setTimeout(r, 700));
    expect(other.sim.admin.listExpenses()).toEqual([]);
    expect(other.sim.admin.requestLog()[0]!.committedAt).toBeUndefined();
  });
});

describe('rate limit', () => {
  it('answers 429 over the per-minute limit, with Retry-After when configured', async () => {
    c.sim.admin.setRateLimit(3, 7);
    for (let i = 0; i < 3; i++) expect((await c.api('/users/me')).status).toBe(200);
    const limited = await c.api('/users/me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(((await limited.json()) as ApiErrorBody).errors[0]!.type).toBe('system');
    c.sim.admin.setRateLimit(null);
    expect((await c.api('/users/me')).status).toBe(200);
  });

  it('omits Retry-After when none is configured (the documented behaviour)', async () => {
    c.sim.admin.setRateLimit(1);
    await c.api('/users/me');
    const limited = await c.api('/users/me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
  });
});
