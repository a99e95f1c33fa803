import { describe, expect, it } from 'vitest';
import type { ApiEnvelope, ApiWorkspace } from '@shared/kantata/wire';
import { advanceClock, type SimClient } from './helpers';
import { DEFAULT_CATEGORIES } from './index';
import type { World } from './world';
import { withTestSim } from './test-sim';

let c: SimClient;
let w: World;
withTestSim({ seed: 'empty' }, (started) => void ({ c, w } = started));

type Env<K extends string, T> = ApiEnvelope & Record<K, Record<string, T>>;
const ids = (body: ApiEnvelope) => body.results.map((r) => r.id);

describe('pickers', () => {
  it('GET /workspaces hides archived unless include_archived, filters can_create_line_items', async () => {
    const all = await c.json<Env<'workspaces', ApiWorkspace>>('/workspaces');
    expect(ids(all.body).sort()).toEqual([w.usd.id, w.eur.id, w.readOnly.id].sort());
    const withArchived = await c.json<Env<'workspaces', ApiWorkspace>>('/workspaces?include_archived=true');
    expect(ids(withArchived.body)).toContain(w.archived.id);
    const writable = await c.json<Env<'workspaces', ApiWorkspace>>('/workspaces?can_create_line_items=true');
    expect(ids(writable.body).sort()).toEqual([w.usd.id, w.eur.id].sort());
    const eur = writable.body.workspaces[w.eur.id]!;
    expect(eur).toMatchObject({ currency: 'EUR', currency_symbol: '€', currency_base_unit: 100, expense_tracking: 'budgets', archived: false, can_create_line_items: true });
  });

  it('GET /workspaces pages and filters by updated_after', async () => {
    const page = await c.json<Env<'workspaces', ApiWorkspace>>('/workspaces?include_archived=true&per_page=3&page=2');
    expect(page.body.meta).toEqual({ count: 4, page_count: 2, page_number: 2, page_size: 3 });
    expect(page.body.results).toHaveLength(1);
    const since = c.sim.admin.state().workspaces.find((x) => x.id === w.readOnly.id)!.updated_at;
    advanceClock(c.sim); // a later second than every stamp so far, at either precision
    c.sim.admin.updateWorkspace(w.usd.id, { title: 'Alpha USD renamed' });
    const changed = await c.json<Env<'workspaces', ApiWorkspace>>(`/workspaces?include_archived=true&updated_after=${encodeURIComponent(since)}`);
    expect(ids(changed.body)).toEqual([w.usd.id]);
    expect(changed.body.workspaces[w.usd.id]!.title).toBe('Alpha USD renamed');
  });

  it('GET /expense_categories lists the defaults and hides deleted ones unless only_active=false', async () => {
    const r = await c.json<Env<'expense_categories', { name: string; deleted_at: string | null }>>('/expense_categories');
    expect(ids(r.body).map((id) => r.body.expense_categories[id]!.name)).toEqual([...DEFAULT_CATEGORIES]);
    const gone = c.sim.admin.addCategory('Per diem', { deleted: true });
    expect(ids((await c.json<ApiEnvelope>('/expense_categories')).body)).not.toContain(gone.id);
    expect(ids((await c.json<ApiEnvelope>('/expense_categories?only_active=false')).body)).toContain(gone.id);
    const invalid = await c.json<{ errors: Array<{ field: string }> }>('/expenses', {
      method: 'POST', body: JSON.stringify({ expense: w.fields({ expense_category_id: gone.id, category: 'Per diem' }) }),
    });
    expect(invalid.body.errors[0]!.field).toBe('expense_category_id');
  });

  it('GET /vendors with the archived filter', async () => {
    const old = c.sim.admin.addVendor('Old Vendor', { archived: true });
    expect(ids((await c.json<ApiEnvelope>('/vendors')).body)).toEqual(expect.arrayContaining([w.vendorA, w.vendorB, old.id]));
    expect(ids((await c.json<ApiEnvelope>('/vendors?archived=false')).body)).not.toContain(old.id);
    expect(ids((await c.json<ApiEnvelope>('/vendors?archived=true')).body)).toEqual([old.id]);
  });

  it('GET /expense_budgets and /stories by workspace_id', async () => {
    expect(ids((await c.json<ApiEnvelope>(`/expense_budgets?workspace_id=${w.eur.id}`)).body)).toEqual([w.budgetId]);
    expect(ids((await c.json<ApiEnvelope>(`/expense_budgets?workspace_id=${w.usd.id}`)).body)).toEqual([]);
    expect(ids((await c.json<ApiEnvelope>(`/stories?workspace_id=${w.usd.id}`)).body)).toEqual([w.storyId]);
    expect(ids((await c.json<ApiEnvelope>(`/stories?workspace_id=${w.eur.id}`)).body)).toEqual([]);
  });

  it('GET /users/me answers the token\'s user; another token another user', async () => {
    const other = c.sim.admin.addUser('Second User', { token: 'second-token' });
    const me = await c.json<Env<'users', { full_name: string }>>('/users/me', { token: 'second-token' });
    expect(me.body.results).toEqual([{ key: 'users', id: other.user.id }]);
    expect(me.body.users[other.user.id]!.full_name).toBe('Second User');
    c.sim.admin.revokeToken('second-token');
    expect((await c.api('/users/me', { token: 'second-token' })).status).toBe(401);
    expect((await c.api('/users/me', { token: null })).status).toBe(401);
  });
});
