import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncProgress } from '@shared/protocol/round';
import { Device } from '../support/node/device';
import { assertConverged, engineFor, requests, serverExpenses, startWorld, type SimWorld } from './support';

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
    const local = new Device(world);
    world.sim.admin.clearRequestLog();
    const first = await local.round(engine);
    expect(first.pulled).toMatchObject({ full: true, complete: true });
    expect(first.pulled.upserts).toHaveLength(451);
    expect(await local.rows()).toHaveLength(451);
    expect(await local.cursor()).not.toBeNull();
    const gets = world.sim.admin.requestLog().filter((r) => r.method === 'GET' && r.path === '/expenses');
    // Page 1 tells how long the listing is and the server's time; three pages bounded by that time follow.
    expect(gets).toHaveLength(4);
    expect(gets.slice(1).every((g) => g.query.updated_before === gets[1]!.query.updated_before && g.query.updated_before !== undefined)).toBe(true);
    expect(gets.every((g) => g.query.per_page === '200' && g.query.from_archived_workspaces === 'true' && g.query.on_my_account === 'false')).toBe(true);
    expect(gets.every((g) => g.query.optional_fields === 'user_can_edit')).toBe(true);
    const pulls = progress.filter((p) => p.phase === 'pull');
    expect(pulls.at(-1)).toMatchObject({ done: 451, total: 451 });
    expect(progress.at(-1)?.phase).toBe('done');
    await assertConverged(world, local);

    // Incremental: only what changed since the cursor. Without an overlap, a change stamped in the
    // cursor's own second would be left out (the app's overlap covers it); the server clock moves on.
    world.sim.admin.setClock(world.sim.admin.clockOffset() + 1_000);
    const ids = (await local.rows()).slice(0, 2).map((e) => e.remoteId!);
    world.sim.admin.actAs(world.sim.userId).updateExpense(ids[0]!, { notes: 'edited remotely' });
    const [created] = seedServer(world, 1);
    world.sim.admin.clearRequestLog();
    const second = await local.round(engine);
    expect(second.pulled.full).toBe(false);
    expect(second.pulled.upserts.map((u) => u.id).sort()).toEqual([ids[0], created].sort());
    expect(requests(world, { method: 'GET' })).toBe(1);
    expect(world.sim.admin.requestLog()[0]?.query.updated_after).toBeDefined();
    const edited = (await local.rows()).find((e) => e.remoteId === ids[0]);
    expect(edited?.notes).toBe('edited remotely');
    expect(await local.rows()).toHaveLength(452);
    await assertConverged(world, local);
  });

  it("the app's first round (runRoundSteps): chunked first download, then the queue pushed without pulling again", async () => {
    const seeded = seedServer(world, 450);
    // The download lists records up to a server second already passed: let the seeded ones be past.
    world.sim.admin.setClock(world.sim.admin.clockOffset() + 5_000);
    const engine = engineFor(world);
    const local = new Device(world);
    const mine = await local.create({ notes: 'saved offline before the first sync' });
    const run = await local.roundSteps(engine, { reconcile: true });
    expect(run.download).toMatchObject({ status: 'done', puts: 450 });
    // The download stored everything and the cursor: the round only pushes, and there were no
    // server rows before it whose deletion reconciling could find.
    expect(run.request).toMatchObject({ skipPull: true, cursor: expect.any(String) });
    expect(run.request.reconcileRemoteIds).toBeUndefined();
    expect(run.result.pulled).toMatchObject({ complete: false, upserts: [] });
    expect(run.result.settlements).toEqual([expect.objectContaining({ expenseId: mine, outcome: 'created', settled: true })]);
    expect(serverExpenses(world)).toHaveLength(451);
    expect(await local.rows()).toHaveLength(451);
    const stored = new Set((await local.rows()).map((e) => e.remoteId));
    expect(seeded.filter((id) => !stored.has(id))).toEqual([]);
    expect(await local.outbox()).toEqual([]);
    await assertConverged(world, local);

    // With a cursor stored, the next round is an ordinary incremental one (no download).
    const cursor = await local.cursor();
    const next = await local.roundSteps(engine);
    expect(next.download).toBeNull();
    expect(next.request).toMatchObject({ cursor });
    expect(next.request.skipPull).toBeUndefined();
    expect(next.result.pulled).toMatchObject({ full: false, complete: true });
    await assertConverged(world, local);
  });

  it('a pull never overwrites a pending local change', async () => {
    const local = new Device(world);
    const engine = engineFor(world);
    const id = await local.create({ notes: 'mine' });
    await local.round(engine);
    const remoteId = (await local.row(id)).remoteId!;
    // A pull-only round (nothing queued when it was prepared); the edit is made while it runs.
    const request = await local.buildRequest();
    expect(request.outbox).toEqual([]);
    await local.edit(id, { notes: 'mine, edited' });
    world.sim.admin.actAs(world.sim.userId).updateExpense(remoteId, { amount_in_cents: 777 });
    const result = await local.send(engine, request);
    await local.apply(result);
    expect(await local.row(id)).toMatchObject({ notes: 'mine, edited', amountCents: 777, syncState: 'pending' });
    expect(await local.outbox()).toHaveLength(1);
  });

  it('a failed pull leaves the cursor and the outbox alone', async () => {
    const local = new Device(world);
    await local.create();
    world.sim.admin.injectFault({ kind: 'status', status: 503, method: 'GET' });
    const result = await local.round(engineFor(world, { retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 } }));
    expect(result.status).toBe('offline');
    expect(result.cursor).toBeNull();
    expect(result.settlements[0]).toMatchObject({ settled: false, outcome: 'pending' });
    expect(await local.outbox()).toHaveLength(1);
    expect(await local.cursor()).toBeNull();
  });
});
