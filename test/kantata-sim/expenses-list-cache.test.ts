import { describe, expect, it } from 'vitest';
import type { ApiEnvelope, ApiExpense } from '@shared/kantata/wire';
import type { SimClient } from './helpers';
import type { World } from './world';
import { withTestSim } from './test-sim';

/**
 * The simulator keeps each listing's filtered, sorted records between page requests (as a real
 * server's indexes would); every kind of write must show up in the very next listing.
 */

type ExpenseEnvelope = ApiEnvelope & { expenses: Record<string, ApiExpense> };

let c: SimClient;
let w: World;

const list = async (query: string): Promise<string[]> => {
  const { status, body } = await c.json<ExpenseEnvelope>(`/expenses?per_page=2&${query}`);
  expect(status).toBe(200);
  return body.results.map((r) => r.id);
};

withTestSim({ seed: 'empty' }, (started) => void ({ c, w } = started));

describe('GET /expenses after writes between page requests', () => {
  it('reflects API creates, updates and deletes, admin edits and switches in the next page', async () => {
    const a = w.add({ amount_in_cents: 300 }).id;
    const b = w.add({ amount_in_cents: 200 }).id;
    const d = w.add({ amount_in_cents: 100 }).id;
    expect(await list('order=amount:asc&page=1')).toEqual([d, b]);
    expect(await list('order=amount:asc&page=2')).toEqual([a]);

    // API update: a becomes the cheapest.
    expect((await c.api(`/expenses/${a}`, { method: 'PUT', body: JSON.stringify({ expense: { amount_in_cents: 50 } }) })).status).toBe(200);
    expect(await list('order=amount:asc&page=1')).toEqual([a, d]);

    // API create.
    const created = await c.json<ExpenseEnvelope>('/expenses', { method: 'POST', body: JSON.stringify({ expense: w.fields({ amount_in_cents: 10 }) }) });
    const e = created.body.results[0]!.id;
    expect(await list('order=amount:asc&page=1')).toEqual([e, a]);

    // API delete.
    expect((await c.api(`/expenses/${e}`, { method: 'DELETE' })).status).toBe(204);
    expect(await list('order=amount:asc&page=1')).toEqual([a, d]);

    // Someone else's edit through the admin interface.
    c.sim.admin.actAs(w.userId).updateExpense(d, { amount_in_cents: 1 });
    expect(await list('order=amount:asc&page=1')).toEqual([d, a]);

    // An archived project hides its expenses from the next listing.
    expect(await list('order=amount:asc&page=2')).toEqual([b]);
    c.sim.admin.updateWorkspace(w.usd.id, { archived: true });
    expect(await list('order=amount:asc&page=1')).toEqual([]);
    expect(await list('order=amount:asc&page=1&from_archived_workspaces=true')).toEqual([d, a]);
    c.sim.admin.updateWorkspace(w.usd.id, { archived: false });

    // The inclusive-time-filter switch changes what updated_after returns.
    const stamp = c.sim.admin.getExpense(b)!.updated_at;
    expect(await list(`updated_after=${encodeURIComponent(stamp)}&order=amount:desc`)).not.toContain(b);
    c.sim.admin.setOption('inclusiveTimeFilters', true);
    expect(await list(`updated_after=${encodeURIComponent(stamp)}&order=amount:desc`)).toContain(b);
    c.sim.admin.setOption('inclusiveTimeFilters', false);
  });
});
