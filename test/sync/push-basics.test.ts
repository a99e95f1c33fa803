import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalSide, assertConverged, engineFor, recordsPerClientId, requests, serverExpenses, startWorld, type SimWorld } from './support';

let world: SimWorld;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

const writes = (w: SimWorld) => ({
  post: requests(w, { method: 'POST' }),
  put: requests(w, { method: 'PUT' }),
  del: requests(w, { method: 'DELETE' }),
});

describe('push: least traffic and coalescing', () => {
  it('creates offline entries with one bulk request and converges', async () => {
    const local = new LocalSide(world);
    const ids = Array.from({ length: 5 }, (_, i) => local.create({ amountCents: 100 + i, notes: `n${i}` }));
    const engine = engineFor(world);
    world.sim.admin.clearRequestLog();
    const result = await local.round(engine);
    expect(result.status).toBe('ok');
    expect(result.settlements.map((s) => s.outcome)).toEqual(Array(5).fill('created'));
    expect(writes(world)).toEqual({ post: 1, put: 0, del: 0 });
    expect(serverExpenses(world)).toHaveLength(5);
    expect(local.outbox).toHaveLength(0);
    for (const id of ids) expect(local.get(id).syncState).toBe('synced');
    assertConverged(world, local);
    expect([...recordsPerClientId(world).values()].every((n) => n === 1)).toBe(true);
  });

  it('sends 250 creates as three bulk requests of at most 100, and 250 deletes as three', async () => {
    const local = new LocalSide(world);
    const ids = Array.from({ length: 250 }, (_, i) => local.create({ amountCents: i + 1 }));
    const engine = engineFor(world);
    world.sim.admin.clearRequestLog();
    await local.round(engine);
    expect(writes(world)).toEqual({ post: 3, put: 0, del: 0 });
    expect(serverExpenses(world)).toHaveLength(250);
    for (const id of ids) local.remove(id);
    world.sim.admin.clearRequestLog();
    const result = await local.round(engine);
    expect(result.settlements.every((s) => s.outcome === 'deleted' && s.settled)).toBe(true);
    expect(writes(world)).toEqual({ post: 0, put: 0, del: 3 });
    expect(serverExpenses(world)).toHaveLength(0);
    expect(local.expenses.size).toBe(0);
  });

  it('create + edits = one create with the final values; create + delete = nothing sent', async () => {
    const local = new LocalSide(world);
    const kept = local.create({ amountCents: 100 });
    local.edit(kept, { amountCents: 200 });
    local.edit(kept, { notes: 'final' });
    const dropped = local.create();
    local.edit(dropped, { notes: 'x' });
    local.remove(dropped);
    world.sim.admin.clearRequestLog();
    const result = await local.round(engineFor(world));
    expect(writes(world)).toEqual({ post: 1, put: 0, del: 0 });
    const byId = new Map(result.settlements.map((s) => [s.expenseId, s]));
    expect(byId.get(kept)).toMatchObject({ outcome: 'created', settled: true, seqs: [1, 2, 3] });
    expect(byId.get(dropped)).toMatchObject({ outcome: 'discarded', settled: true, seqs: [4, 5, 6] });
    const [server] = serverExpenses(world);
    expect(server).toMatchObject({ amount_in_cents: 200, notes: 'final' });
    expect(local.expenses.has(dropped)).toBe(false);
    expect(local.outbox).toHaveLength(0);
  });

  it('edits = one PUT; update + delete = one DELETE; an update already on the server sends nothing', async () => {
    const local = new LocalSide(world);
    const a = local.create();
    const b = local.create();
    const c = local.create({ notes: 'same' });
    const engine = engineFor(world);
    await local.round(engine);
    local.edit(a, { amountCents: 5000 });
    local.edit(a, { notes: 'dinner' });
    local.edit(b, { notes: 'gone soon' });
    local.remove(b);
    local.edit(c, { notes: 'other' });
    local.edit(c, { notes: 'same' });
    world.sim.admin.clearRequestLog();
    const result = await local.round(engine);
    expect(writes(world)).toEqual({ post: 0, put: 1, del: 1 });
    const byId = new Map(result.settlements.map((s) => [s.expenseId, s]));
    expect(byId.get(a)?.outcome).toBe('updated');
    expect(byId.get(b)?.outcome).toBe('deleted');
    expect(byId.get(c)?.outcome).toBe('unchanged');
    expect(world.sim.admin.getExpense(local.get(a).remoteId!)).toMatchObject({ amount_in_cents: 5000, notes: 'dinner' });
    assertConverged(world, local);
    expect(local.outbox).toHaveLength(0);
  });

  it('a delete of an expense already gone from the server counts as done', async () => {
    const local = new LocalSide(world);
    const a = local.create();
    const b = local.create();
    const engine = engineFor(world);
    await local.round(engine);
    world.sim.admin.actAs(world.sim.userId).deleteExpense(local.get(a).remoteId!);
    local.remove(a);
    local.remove(b);
    const result = await local.round(engine, { skipPull: true });
    expect(result.settlements.map((s) => [s.outcome, s.settled])).toEqual([
      ['deleted', true],
      ['deleted', true],
    ]);
    expect(serverExpenses(world)).toHaveLength(0);
  });
});

describe('least traffic on a large mixed queue', () => {
  it('1,200 queued operations need exactly the lower bound of write requests', async () => {
    const local = new LocalSide(world);
    const engine = engineFor(world);
    const synced = Array.from({ length: 350 }, (_, i) => local.create({ amountCents: i + 1 }));
    await local.round(engine);
    // 300 new expenses (each created then edited), 200 updates (each edited three times),
    // 150 deletes (each edited first), 50 created and deleted before sync.
    for (let i = 0; i < 300; i++) local.edit(local.create({ amountCents: 5 }), { notes: `new ${i}` });
    for (const id of synced.slice(0, 200)) {
      local.edit(id, { notes: 'a' });
      local.edit(id, { amountCents: 77 });
      local.edit(id, { notes: 'b' });
    }
    for (const id of synced.slice(200)) {
      local.edit(id, { notes: 'doomed' });
      local.remove(id);
    }
    for (let i = 0; i < 50; i++) local.remove(local.create());
    expect(local.outbox.length).toBe(300 * 2 + 200 * 3 + 150 * 2 + 50 * 2);
    world.sim.admin.clearRequestLog();
    const result = await local.round(engine, { skipPull: true });
    expect(result.status).toBe('ok');
    // Lower bound: ceil(300/100) creates + 200 updates + ceil(150/100) deletes.
    expect(writes(world)).toEqual({ post: 3, put: 200, del: 2 });
    expect(requests(world)).toBe(205);
    expect(result.stats.requests).toBe(205);
    expect(serverExpenses(world)).toHaveLength(350 - 150 + 300);
    assertConverged(world, local);
  });
});

describe('order', () => {
  it('a local edit made while a round runs is kept and pushed by the next round', async () => {
    const local = new LocalSide(world);
    const id = local.create({ notes: 'first' });
    const engine = engineFor(world);
    const request = local.buildRequest();
    const running = engine.runRound(request);
    local.edit(id, { notes: 'second' });
    local.apply(await running);
    expect(local.get(id)).toMatchObject({ notes: 'second', syncState: 'pending' });
    expect(local.get(id).remoteId).not.toBeNull();
    expect(local.outbox).toHaveLength(1);
    await local.round(engine);
    expect(world.sim.admin.getExpense(local.get(id).remoteId!)?.notes).toBe('second');
    expect(local.get(id).syncState).toBe('synced');
    expect(serverExpenses(world)).toHaveLength(1);
  });

  it('of two queued edits of one field, the later one is what the server keeps', async () => {
    const local = new LocalSide(world);
    const id = local.create();
    const engine = engineFor(world);
    await local.round(engine);
    local.edit(id, { amountCents: 111 });
    local.edit(id, { amountCents: 222 });
    await local.round(engine);
    expect(world.sim.admin.getExpense(local.get(id).remoteId!)?.amount_in_cents).toBe(222);
  });
});
