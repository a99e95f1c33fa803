import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEnvelope, ApiExpense, ApiWorkspace } from '@shared/kantata/wire';
import { startTestSim, type SimClient } from './helpers';
import { addArchivedExpense, buildWorld, type World } from './world';

/**
 * GET /expenses `on_my_account` (documented, default true): only expenses on internal projects;
 * `on_my_account=false` includes the expenses on a client's (external) projects too.
 */

type ExpenseEnvelope = ApiEnvelope & { expenses: Record<string, ApiExpense> };

let c: SimClient;
let w: World;
let client: ApiWorkspace & { onMyAccount: boolean };
let internal: string;
let external: string[];
beforeAll(async () => {
  c = await startTestSim({ seed: 'empty' });
  w = buildWorld(c.sim);
  client = c.sim.admin.addWorkspace({ title: 'Client-side project', currency: 'USD', onMyAccount: false });
  internal = w.add({ notes: 'internal' }).id;
  external = [1, 2].map((n) => w.add({
    workspace_id: client.id, notes: `external ${n}`,
    external_reference: { service_name: 'courier', service_model: 'Expense', service_model_ref: `ext-${n}` },
  }).id);
});
afterAll(() => c.sim.close());

const list = async (query: string): Promise<string[]> => {
  const { status, body } = await c.json<ExpenseEnvelope>(`/expenses?per_page=200&${query}`);
  expect(status).toBe(200);
  return body.results.map((r) => r.id).sort();
};

describe('on_my_account', () => {
  it('is a simulator-side flag: default true, shown by the admin, never on the wire', async () => {
    expect(client.onMyAccount).toBe(false);
    expect(c.sim.admin.state().workspaces.find((x) => x.id === w.usd.id)!.onMyAccount).toBe(true);
    const { body } = await c.json<ApiEnvelope & { workspaces: Record<string, ApiWorkspace> }>(`/workspaces/${client.id}`);
    expect(body.workspaces[client.id]).not.toHaveProperty('onMyAccount');
    expect(body.workspaces[client.id]).not.toHaveProperty('on_my_account');
  });

  it('GET /expenses hides external projects\' expenses by default; on_my_account=false adds them', async () => {
    expect(await list('')).toEqual([internal]);
    expect(await list('on_my_account=true')).toEqual([internal]);
    expect(await list('on_my_account=false')).toEqual([internal, ...external].sort());
  });

  it('applies to only= and to the external-reference look-up (default filters still apply)', async () => {
    expect(await list(`only=${internal},${external.join(',')}`)).toEqual([internal]);
    expect(await list(`only=${external.join(',')}&on_my_account=false`)).toEqual([...external].sort());
    const byRef = 'external_reference_service_name=courier&external_reference_service_model_refs=ext-1,ext-2';
    expect(await list(byRef)).toEqual([]);
    expect(await list(`${byRef}&on_my_account=false`)).toEqual([...external].sort());
  });

  it('does not affect GET /expenses/{id} or writes', async () => {
    expect((await c.json(`/expenses/${external[0]}`)).status).toBe(200);
    const put = await c.json(`/expenses/${external[0]}`, { method: 'PUT', body: JSON.stringify({ expense: { notes: 'edited' } }) });
    expect(put.status).toBe(200);
    const created = await c.json<ExpenseEnvelope>('/expenses', { method: 'POST', body: JSON.stringify({ expense: w.fields({ workspace_id: client.id }) }) });
    expect(created.status).toBe(200);
    const id = created.body.results[0]!.id;
    expect(await list('')).not.toContain(id);
    expect((await c.api(`/expenses/${id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('combines with from_archived_workspaces, and a flag change shows in the next listing', async () => {
    const archived = addArchivedExpense(c.sim, w, { notes: 'archived internal' }).id;
    expect(await list('on_my_account=false')).not.toContain(archived);
    expect(await list('on_my_account=false&from_archived_workspaces=true')).toContain(archived);
    c.sim.admin.updateWorkspace(client.id, { onMyAccount: true });
    expect(await list('')).toEqual([internal, ...external].sort());
    c.sim.admin.updateWorkspace(client.id, { onMyAccount: false });
    expect(await list('')).toEqual([internal]);
  });

  it('the admin HTTP routes take onMyAccount', async () => {
    const post = await fetch(`${c.sim.adminUrl}/workspaces`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'Via HTTP', onMyAccount: false }),
    });
    const ws = (await post.json()) as { id: string; onMyAccount: boolean };
    expect(ws.onMyAccount).toBe(false);
    const patch = await fetch(`${c.sim.adminUrl}/workspaces/${ws.id}`, {
      method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ onMyAccount: true }),
    });
    expect(((await patch.json()) as { onMyAccount: boolean }).onMyAccount).toBe(true);
  });
});
