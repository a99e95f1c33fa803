import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiEnvelope, ApiErrorBody, ApiExpense } from '@shared/kantata/wire';
import type { SimClient } from './helpers';
import type { ApiRequestInfo, ApiResponseInfo } from './index';
import type { World } from './world';
import { withTestSim } from './test-sim';

/** Request hooks: adversarial tests change data at an exact point of a client's conversation. */

type ExpenseEnvelope = ApiEnvelope & { expenses: Record<string, ApiExpense> };

let c: SimClient;
let w: World;
withTestSim({ seed: 'empty' }, (started) => void ({ c, w } = started));
beforeEach(() => {
  c.sim.admin.onApiRequest(null);
  c.sim.admin.afterApiRequest(null);
  c.sim.admin.clearFaults();
  c.sim.admin.clearRequestLog();
});

const ids = (body: ExpenseEnvelope): string[] => body.results.map((r) => r.id);

describe('admin.onApiRequest', () => {
  it('sees every authenticated API request with its normalized path, query and log seq; not /__sim, not 401s', async () => {
    const seen: ApiRequestInfo[] = [];
    c.sim.admin.onApiRequest((info) => seen.push(info));
    await c.api('/expenses.json?per_page=5&include=workspace');
    await c.api('/users/me', { token: 'wrong' });
    await fetch(`${c.sim.adminUrl}/state`);
    await c.api('/nothing/here');
    expect(seen).toEqual([
      { method: 'GET', path: '/expenses', query: { per_page: '5', include: 'workspace' }, seq: 1 },
      { method: 'GET', path: '/nothing/here', query: {}, seq: 3 },
    ]);
    expect(c.sim.admin.requestLog().map((e) => e.seq)).toEqual([1, 2, 3]);
    c.sim.admin.onApiRequest(null);
    await c.api('/users/me');
    expect(seen).toHaveLength(2);
  });

  it('a delete between two pages shifts the listing: page 2 is computed after the hook, not from a cached list', async () => {
    const ws = c.sim.admin.addWorkspace({ title: 'Paged' });
    const [a, b, cc, d] = [1, 2, 3, 4].map((n) => w.add({ workspace_id: ws.id, amount_in_cents: n }).id);
    const page = (n: number) => c.json<ExpenseEnvelope>(`/expenses?workspace_id=${ws.id}&order=amount:asc&per_page=2&page=${n}`);
    expect(ids((await page(1)).body)).toEqual([a, b]);
    c.sim.admin.onApiRequest((info) => {
      if (info.path === '/expenses' && info.query.page === '2') c.sim.admin.actAs(w.userId).deleteExpense(a!);
    });
    const second = await page(2);
    // c moved onto page 1: a client paging by number never sees it.
    expect(ids(second.body)).toEqual([d]);
    expect(second.body.count).toBe(3);
    expect(ids((await page(1)).body)).toEqual([b, cc]);
  });

  it('a lock between a pull and a push makes the push fail as it would on the real server', async () => {
    const e = w.add();
    c.sim.admin.onApiRequest((info) => {
      if (info.method === 'PUT' && info.path === `/expenses/${e.id}`) c.sim.admin.lockExpense(e.id, 'submit');
    });
    const r = await c.json<ApiErrorBody>(`/expenses/${e.id}`, { method: 'PUT', body: JSON.stringify({ expense: { notes: 'mine' } }) });
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toMatchObject({ type: 'validation', field: 'base' });
    expect(c.sim.admin.getExpense(e.id)!.notes).toBeNull();
  });

  it('an error thrown by the hook answers 500 system', async () => {
    c.sim.admin.onApiRequest(() => {
      throw new Error('hook broke');
    });
    const r = await c.json<ApiErrorBody>('/users/me');
    expect(r.status).toBe(500);
    expect(r.body.errors[0]!.message).toContain('hook broke');
  });

  it('runs when a late commit is applied, not when the gateway answers', async () => {
    const calls: string[] = [];
    c.sim.admin.onApiRequest((info) => calls.push(`${info.method} ${info.path}`));
    c.sim.admin.injectFault({ kind: 'late-commit', ms: 300, method: 'GET', times: 1 });
    expect((await c.api('/users/me')).status).toBe(504);
    expect(calls).toEqual([]);
    await vi.waitFor(() => expect(calls).toEqual(['GET /users/me']), { timeout: 5_000, interval: 20 });
  });
});

describe('admin.afterApiRequest', () => {
  it('sees the computed status and body before they are sent', async () => {
    const seen: ApiResponseInfo[] = [];
    c.sim.admin.afterApiRequest((info) => seen.push(info));
    const e = w.add();
    const res = await c.api(`/expenses/${e.id}?include=workspace`);
    expect(res.status).toBe(200);
    const sent = await res.json();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'GET', path: `/expenses/${e.id}`, query: { include: 'workspace' }, seq: 1, status: 200 });
    expect(seen[0]!.body).toEqual(sent);
    await c.api(`/expenses/${e.id}`, { method: 'DELETE' });
    expect(seen[1]).toMatchObject({ method: 'DELETE', status: 204, body: undefined });
  });

  it('also runs for a commit-then-drop, whose answer nobody receives', async () => {
    const statuses: number[] = [];
    c.sim.admin.afterApiRequest((info) => statuses.push(info.status));
    c.sim.admin.injectFault({ kind: 'commit-then-drop', method: 'POST', times: 1 });
    await expect(c.api('/expenses', { method: 'POST', body: JSON.stringify({ expense: w.fields() }) })).rejects.toThrow();
    expect(statuses).toEqual([200]);
  });
});
