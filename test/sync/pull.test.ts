import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncProgress } from '@shared/sync-protocol';
import { LocalSide, assertConverged, engineFor, requests, startWorld, type SimWorld } from './support';

let world: SimWorld;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

function seedServer(w: SimWorld, n: number): string[] {
  const actor = w.sim.admin.actAs(w.sim.userId);
  return Array.from({ length: n }, (_, i) =>
    actor.createExpense({
      workspace_id: w.workspaceId,
      date: '2026-02-01',
      expense_category_id: w.categoryId,
      category: w.category,
      amount_in_cents: 100 + i,
      notes: `server ${i}`,
    }).id,
  );
}

describe('pull', () => {
  it('first download pages through everything (per_page=200) with progress, then pulls only changes', async () => {
    seedServer(world, 450);
    const archived = world.sim.admin.addWorkspace({ title: 'Old', currency: 'USD' });
    world.sim.admin.actAs(world.sim.userId).createExpense({
      workspace_id: archived.id,
      date: '2025-01-01',
      expense_category_id: world.categoryId,
      category: world.category,
      amount_in_cents: 1,
    });
    world.sim.admin.updateWorkspace(archived.id, { archived: true });
    const progress: SyncProgress[] = [];
    // No overlap here, so that "only what changed" is visible: the seeded records must predate the
    // cursor (the Date header's second) to be left out of the incremental pull. The server clock
    // jumps ahead instead of the test sleeping: the simulator keeps updated_at strictly increasing,
    // so a burst of seeded writes can stamp ahead of wall time, and a sleep races that.
    const engine = engineFor(world, { onProgress: (p) => progress.push(p), pull: { overlapMs: 0 } });
    world.sim.admin.setClock(world.sim.admin.clockOffset() + 5_000);
    const local = new LocalSide(world);
    world.sim.admin.clearRequestLog();
    const first = await local.round(engine);
    expect(first.pulled).toMatchObject({ full: true, complete: true });
    expect(first.pulled.upserts).toHaveLength(451);
    expect(local.expenses.size).toBe(451);
    expect(local.cursor).not.toBeNull();
    const gets = world.sim.admin.requestLog().filter((r) => r.method === 'GET' && r.path === '/expenses');
    expect(gets).toHaveLength(3);
    expect(gets.every((g) => g.query.per_page === '200' && g.query.from_archived_workspaces === 'true')).toBe(true);
    expect(gets.every((g) => g.query.optional_fields === 'user_can_edit')).toBe(true);
    const pulls = progress.filter((p) => p.phase === 'pull');
    expect(pulls.at(-1)).toMatchObject({ done: 451, total: 451 });
    expect(progress.at(-1)?.phase).toBe('done');
    assertConverged(world, local);

    // Incremental: only what changed since the cursor.
    const ids = [...local.expenses.values()].slice(0, 2).map((e) => e.remoteId!);
    world.sim.admin.actAs(world.sim.userId).updateExpense(ids[0]!, { notes: 'edited remotely' });
    const [created] = seedServer(world, 1);
    world.sim.admin.clearRequestLog();
    const second = await local.round(engine);
    expect(second.pulled.full).toBe(false);
    expect(second.pulled.upserts.map((u) => u.id).sort()).toEqual([ids[0], created].sort());
    expect(requests(world, { method: 'GET' })).toBe(1);
    expect(world.sim.admin.requestLog()[0]?.query.updated_after).toBeDefined();
    const edited = [...local.expenses.values()].find((e) => e.remoteId === ids[0]);
    expect(edited?.notes).toBe('edited remotely');
    expect(local.expenses.size).toBe(452);
    assertConverged(world, local);
  });

  it('a pull never overwrites a pending local change', async () => {
    const local = new LocalSide(world);
    const engine = engineFor(world);
    const id = local.create({ notes: 'mine' });
    await local.round(engine);
    const remoteId = local.get(id).remoteId!;
    local.edit(id, { notes: 'mine, edited' });
    world.sim.admin.actAs(world.sim.userId).updateExpense(remoteId, { amount_in_cents: 777 });
    // A pull-only round (the edit is not sent: outbox excluded).
    const result = await engine.runRound({ ...local.buildRequest(), outbox: [], expenses: [] });
    local.apply(result);
    expect(local.get(id)).toMatchObject({ notes: 'mine, edited', amountCents: 777, syncState: 'pending' });
    expect(local.outbox).toHaveLength(1);
  });

  it('a failed pull leaves the cursor and the outbox alone', async () => {
    const local = new LocalSide(world);
    local.create();
    world.sim.admin.injectFault({ kind: 'status', status: 503, method: 'GET' });
    const result = await local.round(engineFor(world, { retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 } }));
    expect(result.status).toBe('offline');
    expect(result.cursor).toBeNull();
    expect(result.settlements[0]).toMatchObject({ settled: false, outcome: 'pending' });
    expect(local.outbox).toHaveLength(1);
    expect(local.cursor).toBeNull();
  });
});
