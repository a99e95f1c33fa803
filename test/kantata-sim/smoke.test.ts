import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, type SimClient } from './helpers';

let c: SimClient;
beforeAll(async () => {
  c = await startTestSim();
});
afterAll(async () => {
  await c.sim.close();
});

describe('simulator smoke', () => {
  it('serves the demo user with the given token and refuses others with the oauth body', async () => {
    const me = await c.json<{ users: Record<string, { full_name: string }>; results: unknown[] }>('/users/me');
    expect(me.status).toBe(200);
    expect(me.body.results).toEqual([{ key: 'users', id: c.sim.userId }]);
    expect(me.body.users[c.sim.userId]!.full_name).toBe('Alex Morgan');

    const bad = await c.json('/users/me', { token: 'nope' });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ errors: [{ type: 'oauth', message: 'Invalid OAuth 2 Request' }] });
  });

  it('creates an expense that a later list shows', async () => {
    const ws = c.sim.admin.addWorkspace({ title: 'Smoke', currency: 'USD' });
    const cat = c.sim.admin.state().categories[0]!;
    const created = await c.json<{ results: Array<{ id: string }> }>('/expenses', {
      method: 'POST',
      body: JSON.stringify({ expense: { workspace_id: ws.id, date: '2026-01-02', expense_category_id: cat.id, category: cat.name, amount_in_cents: 1234 } }),
    });
    expect(created.status).toBe(200);
    const id = created.body.results[0]!.id;
    const listed = await c.json<{ expenses: Record<string, { amount_in_cents: number }> }>(`/expenses?only=${id}`);
    expect(listed.body.expenses[id]!.amount_in_cents).toBe(1234);
  });
});
