import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Device } from '../support/node/device';
import { assertConverged, engineFor, recordsPerClientId, requests, serverExpenses, startWorld, type SimWorld } from './support';

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
    const local = new Device(world);
    const ids = await local.createMany(5, (i) => ({ amountCents: 100 + i, notes: `n${i}` }));
    const engine = engineFor(world);
    world.sim.admin.clearRequestLog();
    const result = await local.round(engine);
    expect(result.status).toBe('ok');
    expect(result.settlements.map((s) => s.outcome)).toEqual(Array(5).fill('created'));
    expect(writes(world)).toEqual({ post: 1, put: 0, del: 0 });
    expect(serverExpenses(world)).toHaveLength(5);
    expect(await local.outbox()).toHaveLength(0);
    for (const id of ids) expect((await local.row(id)).syncState).toBe('synced');
    await assertConverged(world, local);
    expect([...recordsPerClientId(world).values()].every((n) => n === 1)).toBe(true);
  });

  it('sends 250 creates as three bulk requests of at most 100, and 250 deletes as three', async () => {
    const local = new Device(world);
    const ids = await local.createMany(250, (i) => ({ amountCents: i + 1 }));
    const engine = engineFor(world);
    world.sim.admin.clearRequestLog();
    await local.round(engine);
    expect(writes(world)).toEqual({ post: 3, put: 0, del: 0 });
    expect(serverExpenses(world)).toHaveLength(250);
    for (const id of ids) await local.remove(id);
    world.sim.admin.clearRequestLog();
    const result = await local.round(engine);
    expect(result.settlements.every((s) => s.outcome === 'deleted' && s.settled)).toBe(true);
    expect(writes(world)).toEqual({ post: 0, put: 0, del: 3 });
    expect(serverExpenses(world)).toHaveLength(0);
    expect(await local.rows()).toHaveLength(0);
  });

  it('create + edits = one create with the final values; create + delete = nothing sent', async () => {
    const local = new Device(world);
    const kept = await local.create({ amountCents: 100 });
    await local.edit(kept, { amountCents: 200 });
    await local.edit(kept, { notes: 'final' });
    const dropped = await local.create();
    await local.edit(dropped, { notes: 'x' });
    await local.remove(dropped);
    world.sim.admin.clearRequestLog();
    const result = await local.round(engineFor(world));
    expect(writes(world)).toEqual({ post: 1, put: 0, del: 0 });
    const byId = new Map(result.settlements.map((s) => [s.expenseId, s]));
    expect(byId.get(kept)).toMatchObject({ outcome: 'created', settled: true, seqs: [1, 2, 3] });
    expect(byId.get(dropped)).toMatchObject({ outcome: 'discarded', settled: true, seqs: [4, 5, 6] });
    const [server] = serverExpenses(world);
    expect(server).toMatchObject({ amount_in_cents: 200, notes: 'final' });
    expect(await local.has(dropped)).toBe(false);
    expect(await local.outbox()).toHaveLength(0);
  });

  it('edits = one PUT; update + delete = one DELETE; an update already on the server sends nothing', async () => {
    const local = new Device(world);
    const a = await local.create();
    const b = await local.create();
    const c = await local.create({ notes: 'same' });
    const engine = engineFor(world);
    await local.round(engine);
    await local.edit(a, { amountCents: 5000 });
    await local.edit(a, { notes: 'dinner' });
    await local.edit(b, { notes: 'gone soon' });
    await local.remove(b);
    await local.edit(c, { notes: 'other' });
    await local.edit(c, { notes: 'same' });
    world.sim.admin.clearRequestLog();
    const result = await local.round(engine);
    expect(writes(world)).toEqual({ post: 0, put: 1, del: 1 });
    const byId = new Map(result.settlements.map((s) => [s.expenseId, s]));
    expect(byId.get(a)?.outcome).toBe('updated');
    expect(byId.get(b)?.outcome).toBe('deleted');
    expect(byId.get(c)?.outcome).toBe('unchanged');
    expect(world.sim.admin.getExpense((await local.row(a)).remoteId!)).toMatchObject({ amount_in_cents: 5000, notes: 'dinner' });
    await assertConverged(world, local);
    expect(await local.outbox()).toHaveLength(0);
  });

  it('a delete of an expense already gone from the server counts as done', async () => {
    const local = new Device(world);
    const a = await local.create();
    const b = await local.create();
    const engine = engineFor(world);
    await local.round(engine);
    world.sim.admin.actAs(world.sim.userId).deleteExpense((await local.row(a)).remoteId!);
    await local.remove(a);
    await local.remove(b);
    const result = await local.round(engine, { skipPull: true });
    expect(result.settlements.map((s) => [s.outcome, s.settled])).toEqual([
      ['deleted', true],
      ['deleted', true],
    ]);
    expect(serverExpenses(world)).toHaveLength(0);
  });

  it('a delete undone before the round is never sent', async () => {
    const local = new Device(world);
    const id = await local.create({ notes: 'kept after all' });
    const engine = engineFor(world);
    await local.round(engine);
    await local.remove(id);
    expect(await local.live()).toEqual([]);
    expect(await local.undo(id)).toBe(true);
    expect(await local.outbox()).toEqual([]);
    world.sim.admin.clearRequestLog();
    const result = await local.round(engine, { skipPull: true });
    expect(result.settlements).toEqual([]);
    expect(writes(world)).toEqual({ post: 0, put: 0, del: 0 });
    expect(await local.row(id)).toMatchObject({ deleted: false, syncState: 'synced', notes: 'kept after all' });
    expect(serverExpenses(world)).toHaveLength(1);
  });
});

describe('least traffic on a large mixed queue', () => {
  it('1,200 queued operations need exactly the lower bound of write requests', async () => {
    const local = new Device(world);
    const engine = engineFor(world);
    const synced = await local.createMany(350, (i) => ({ amountCents: i + 1 }));
    await local.round(engine);
    // 300 new expenses (each created then edited), 200 updates (each edited three times, every
    // edit a real change: one that changes nothing is not queued), 150 deletes (each edited
    // first), 50 created and deleted before sync.
    for (let i = 0; i < 300; i++) await local.edit(await local.create({ amountCents: 5 }), { notes: `new ${i}` });
    for (const id of synced.slice(0, 200)) {
      await local.edit(id, { notes: 'a' });
      await local.edit(id, { amountCents: 7_700 });
      await local.edit(id, { notes: 'b' });
    }
    for (const id of synced.slice(200)) {
      await local.edit(id, { notes: 'doomed' });
      await local.remove(id);
    }
    for (let i = 0; i < 50; i++) await local.remove(await local.create());
    expect(await local.outbox()).toHaveLength(300 * 2 + 200 * 3 + 150 * 2 + 50 * 2);
    world.sim.admin.clearRequestLog();
    const result = await local.round(engine, { skipPull: true });
    expect(result.status).toBe('ok');
    // Lower bound: ceil(300/100) creates + 200 updates + ceil(150/100) deletes.
    expect(writes(world)).toEqual({ post: 3, put: 200, del: 2 });
    expect(requests(world)).toBe(205);
    expect(result.stats.requests).toBe(205);
    expect(serverExpenses(world)).toHaveLength(350 - 150 + 300);
    await assertConverged(world, local);
  });
});

describe('order', () => {
  it('a local edit made while a round runs is kept and pushed by the next round', async () => {
    const local = new Device(world);
    const id = await local.create({ notes: 'first' });
    const engine = engineFor(world);
    const request = await local.buildRequest();
    const running = local.send(engine, request);
    await local.edit(id, { notes: 'second' });
    await local.apply(await running);
    expect(await local.row(id)).toMatchObject({ notes: 'second', syncState: 'pending' });
    expect((await local.row(id)).remoteId).not.toBeNull();
    expect(await local.outbox()).toHaveLength(1);
    await local.round(engine);
    expect(world.sim.admin.getExpense((await local.row(id)).remoteId!)?.notes).toBe('second');
    expect((await local.row(id)).syncState).toBe('synced');
    expect(serverExpenses(world)).toHaveLength(1);
  });

  it('of two queued edits of one field, the later one is what the server keeps', async () => {
    const local = new Device(world);
    const id = await local.create();
    const engine = engineFor(world);
    await local.round(engine);
    await local.edit(id, { amountCents: 111 });
    await local.edit(id, { amountCents: 222 });
    await local.round(engine);
    expect(world.sim.admin.getExpense((await local.row(id)).remoteId!)?.amount_in_cents).toBe(222);
  });
});
