import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Device } from '../support/node/device';
import { assertConverged, engineFor, requests, serverExpenses, startWorld, type SimWorld } from './support';

let world: SimWorld;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

/**
 * A value only the server refuses: the app validates every field before it stores it (a malformed
 * date never reaches the outbox), but it cannot know which categories exist in Kantata.
 */
const NO_SUCH_CATEGORY = '999999';

describe('isolation', () => {
  it('one invalid create in a bulk gets the server message; the others are created', async () => {
    const local = new Device(world);
    const good = [await local.create({ notes: 'a' }), await local.create({ notes: 'b' })];
    const bad = await local.create({ categoryId: NO_SUCH_CATEGORY });
    good.push(await local.create({ notes: 'c' }));
    world.sim.admin.clearRequestLog();
    const result = await local.round(engineFor(world));
    const byId = new Map(result.settlements.map((s) => [s.expenseId, s]));
    expect(byId.get(bad)).toMatchObject({ outcome: 'error', settled: true });
    expect(byId.get(bad)?.error).toMatchObject({ kind: 'validation', field: 'categoryId', retryable: false });
    expect(byId.get(bad)?.error?.message).toMatch(/category/i);
    for (const id of good) expect(byId.get(id)?.outcome).toBe('created');
    expect(requests(world, { method: 'POST' })).toBe(2);
    expect(serverExpenses(world)).toHaveLength(3);
    expect(await local.row(bad)).toMatchObject({ syncState: 'error', remoteId: null });
    // The user fixes it: the fix is an ordinary edit, and the next round creates it.
    await local.edit(bad, { categoryId: world.categoryId });
    const next = await local.round(engineFor(world));
    expect(next.settlements[0]?.outcome).toBe('created');
    expect(serverExpenses(world)).toHaveLength(4);
    await assertConverged(world, local);
  });

  it('when the 422 does not say which item is bad, the bulk is split in halves until it is found', async () => {
    world.sim.admin.setOption('bulkErrorIndex', false);
    const local = new Device(world);
    const ids = await local.createMany(8, (i) => ({ notes: `bulk ${i}` }));
    const bad = [ids[2]!, ids[5]!];
    for (const id of bad) await local.edit(id, { categoryId: NO_SUCH_CATEGORY });
    world.sim.admin.clearRequestLog();
    const result = await local.round(engineFor(world));
    const byId = new Map(result.settlements.map((s) => [s.expenseId, s]));
    for (const id of bad) {
      expect(byId.get(id)).toMatchObject({ outcome: 'error', settled: true });
      expect(byId.get(id)?.error?.message).toMatch(/category/i);
      expect(await local.row(id)).toMatchObject({ syncState: 'error', remoteId: null });
    }
    for (const id of ids.filter((i) => !bad.includes(i))) expect(byId.get(id)?.outcome).toBe('created');
    // Each good expense exactly once; halving finds k bad items among n in at most 2k*log2(n)+1 posts.
    const notes = serverExpenses(world).map((e) => e.notes).sort();
    expect(notes).toEqual(['bulk 0', 'bulk 1', 'bulk 3', 'bulk 4', 'bulk 6', 'bulk 7']);
    // (With indexes it would be 2: the refused bulk, then the good ones again.)
    expect(requests(world, { method: 'POST' })).toBeGreaterThan(2);
    expect(requests(world, { method: 'POST' })).toBeLessThanOrEqual(2 * 2 * 3 + 1);
    await assertConverged(world, local);
  });

  it('with partial-success bulk creates, the valid ones are created and the invalid one is marked', async () => {
    world.sim.admin.setOption('bulkPartialSuccess', true);
    const local = new Device(world);
    const good = await local.create();
    const bad = await local.create({ categoryId: NO_SUCH_CATEGORY });
    const result = await local.round(engineFor(world));
    const byId = new Map(result.settlements.map((s) => [s.expenseId, s]));
    expect(byId.get(good)?.outcome).toBe('created');
    expect(byId.get(bad)).toMatchObject({ outcome: 'error', settled: true });
    expect(serverExpenses(world)).toHaveLength(1);
  });

  it('a bulk delete refused as a whole is split: the deletable ones go, the locked one is reported', async () => {
    const local = new Device(world);
    const ids = await local.createMany(6);
    const engine = engineFor(world);
    await local.round(engine);
    const locked = ids[3]!;
    world.sim.admin.lockExpense((await local.row(locked)).remoteId!, 'approve');
    for (const id of ids) await local.remove(id);
    const result = await local.round(engine, { skipPull: true });
    const byId = new Map(result.settlements.map((s) => [s.expenseId, s]));
    expect(byId.get(locked)).toMatchObject({ outcome: 'locked', settled: true });
    for (const id of ids.filter((i) => i !== locked)) expect(byId.get(id)?.outcome).toBe('deleted');
    expect(serverExpenses(world)).toHaveLength(1);
    expect(await local.row(locked)).toMatchObject({ deleted: false, syncState: 'locked', userCanEdit: false });
  });

  it('a check for copies that Kantata refuses does not hold up the push; it is asked again next round', async () => {
    const local = new Device(world);
    const id = await local.create();
    const engine = engineFor(world);
    await local.round(engine);
    await local.db.meta.put({ key: 'duplicateChecks', value: [id] }); // as a pull that saw two records leaves it
    await local.edit(id, { notes: 'sent anyway' });
    world.sim.admin.injectFault({ kind: 'status', status: 403, method: 'GET', pathPattern: '^/expenses$', times: 1 });
    const result = await local.round(engine, { skipPull: true });
    expect(result.settlements[0]).toMatchObject({ outcome: 'updated', settled: true });
    expect(result.checkedClientIds ?? []).toEqual([]);
    expect((await local.db.meta.get('duplicateChecks'))?.value).toEqual([id]);
    expect((await local.round(engine)).checkedClientIds).toEqual([id]);
    expect((await local.db.meta.get('duplicateChecks'))?.value).toEqual([]);
  });

  it('one update that keeps failing does not block the others', async () => {
    const local = new Device(world);
    const ids = await local.createMany(5);
    const engine = engineFor(world, { retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 } });
    await local.round(engine);
    const stuck = (await local.row(ids[0]!)).remoteId!;
    world.sim.admin.injectFault({ kind: 'status', status: 503, method: 'PUT', pathPattern: `^/expenses/${stuck}$` });
    for (const id of ids) await local.edit(id, { notes: 'edited' });
    const result = await local.round(engine);
    expect(result.status).toBe('partial');
    const byId = new Map(result.settlements.map((s) => [s.expenseId, s]));
    expect(byId.get(ids[0]!)).toMatchObject({ outcome: 'pending', settled: false });
    expect(byId.get(ids[0]!)?.error).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(result.nextAttemptAt).not.toBeNull();
    for (const id of ids.slice(1)) expect(byId.get(id)?.outcome).toBe('updated');
    expect((await local.outbox()).map((e) => e.expenseId)).toEqual([ids[0]]);
    world.sim.admin.clearFaults();
    await local.round(engine);
    expect(world.sim.admin.getExpense(stuck)?.notes).toBe('edited');
    expect(await local.outbox()).toHaveLength(0);
  });
});

describe('locked expenses', () => {
  it('a local edit of an expense locked in Kantata is rejected without a request, with a clear message', async () => {
    const local = new Device(world);
    const id = await local.create();
    const engine = engineFor(world);
    await local.round(engine);
    world.sim.admin.lockExpense((await local.row(id)).remoteId!, 'submit');
    await local.edit(id, { notes: 'too late' });
    world.sim.admin.clearRequestLog();
    const result = await local.round(engine);
    expect(requests(world, { method: 'PUT' })).toBe(0);
    expect(result.settlements[0]).toMatchObject({ outcome: 'locked', settled: true });
    expect(result.settlements[0]?.error?.message).toMatch(/submitted, approved or invoiced/);
    expect(await local.row(id)).toMatchObject({ syncState: 'locked', notes: 'taxi', userCanEdit: false });
    expect(result.conflicts[0]).toMatchObject({ kind: 'locked' });
    expect(result.conflicts[0]?.local?.notes).toBe('too late');
    // Not retried: the outbox is empty, so the next round sends nothing.
    expect(await local.outbox()).toHaveLength(0);
  });

  for (const lockedStatus of [422, 403] as const) {
    it(`a lock the client did not know about (PUT answers ${lockedStatus}) is detected and surfaced`, async () => {
      world.sim.admin.setOption('lockedStatus', lockedStatus);
      const local = new Device(world);
      const id = await local.create();
      const engine = engineFor(world);
      await local.round(engine);
      world.sim.admin.lockExpense((await local.row(id)).remoteId!, 'invoice');
      await local.edit(id, { notes: 'too late' });
      const result = await local.round(engine, { skipPull: true });
      expect(result.settlements[0]).toMatchObject({ outcome: 'locked', settled: true });
      expect((await local.row(id)).syncState).toBe('locked');
    });
  }
});

describe('refusals that are not retried', () => {
  it('403 on an update is surfaced with the server message and not retried', async () => {
    const local = new Device(world);
    const id = await local.create();
    const engine = engineFor(world);
    await local.round(engine);
    world.sim.admin.injectFault({ kind: 'status', status: 403, method: 'PUT' });
    await local.edit(id, { notes: 'not allowed' });
    world.sim.admin.clearRequestLog();
    const result = await local.round(engine);
    expect(requests(world, { method: 'PUT' })).toBe(1);
    expect(result.settlements[0]).toMatchObject({ outcome: 'error', settled: true });
    expect(result.settlements[0]?.error).toMatchObject({ kind: 'forbidden', retryable: false });
    expect(await local.row(id)).toMatchObject({ syncState: 'error', notes: 'not allowed' });
    expect(await local.outbox()).toHaveLength(0);
  });

  it('moving a synced expense to another project is refused locally (the API cannot)', async () => {
    const other = world.sim.admin.addWorkspace({ title: 'Other', currency: 'USD' });
    const local = new Device(world);
    const id = await local.create();
    const engine = engineFor(world);
    await local.round(engine);
    await local.edit(id, { workspaceId: other.id });
    world.sim.admin.clearRequestLog();
    const result = await local.round(engine, { skipPull: true });
    expect(requests(world)).toBe(0);
    expect(result.settlements[0]?.error).toMatchObject({ kind: 'unsupported', field: 'workspaceId', retryable: false });
  });
});

describe('auth', () => {
  it('a 401 stops the round; nothing is lost; after reconnecting the queue goes through', async () => {
    const local = new Device(world);
    await local.create();
    await local.create();
    const token = world.sim.token;
    world.sim.admin.revokeToken(token);
    const result = await local.round(engineFor(world));
    expect(result.status).toBe('auth-required');
    expect(result.settlements.every((s) => !s.settled && s.error?.kind === 'auth')).toBe(true);
    expect(await local.outbox()).toHaveLength(2);
    expect(serverExpenses(world)).toHaveLength(0);
    world.sim.admin.addToken(world.sim.userId, token);
    const next = await local.round(engineFor(world));
    expect(next.status).toBe('ok');
    expect(serverExpenses(world)).toHaveLength(2);
  });

  it('a 401 in the middle of the push leaves the unsent entries pending', async () => {
    const local = new Device(world);
    const ids = await local.createMany(3);
    const engine = engineFor(world);
    await local.round(engine);
    for (const id of ids) await local.edit(id, { notes: 'x' });
    world.sim.admin.injectFault({ kind: 'status', status: 401, method: 'PUT', times: 1 });
    const result = await local.round(engine);
    expect(result.status).toBe('auth-required');
    expect(result.settlements.filter((s) => s.settled).length).toBeLessThan(3);
    const pending = result.settlements.filter((s) => !s.settled);
    expect(pending.every((s) => s.error?.kind === 'auth')).toBe(true);
    expect((await local.outbox()).length).toBe(pending.length);
  });
});

describe('429 and 503 with backoff', () => {
  it('honours Retry-After on 429 and gets through', async () => {
    const local = new Device(world);
    await local.create();
    world.sim.admin.injectFault({ kind: 'status', status: 429, retryAfter: 1, method: 'POST', times: 2 });
    const result = await local.round(engineFor(world));
    expect(result.settlements[0]?.outcome).toBe('created');
    const log = world.sim.admin.requestLog().filter((r) => r.method === 'POST');
    expect(log.map((r) => r.status)).toEqual([429, 429, 200]);
    // Retry-After: 1 s between the tries (the log's times are the server's).
    const times = log.map((r) => Date.parse(r.at));
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
    expect(serverExpenses(world)).toHaveLength(1);
  });

  it('a Retry-After longer than the round may wait leaves the entries pending with that time', async () => {
    const local = new Device(world);
    await local.create();
    world.sim.admin.injectFault({ kind: 'status', status: 429, retryAfter: 120, method: 'POST' });
    const before = Date.now();
    const result = await local.round(engineFor(world));
    expect(result.settlements[0]).toMatchObject({ outcome: 'pending', settled: false });
    expect(result.settlements[0]?.error?.kind).toBe('rate-limited');
    expect(result.nextAttemptAt!).toBeGreaterThanOrEqual(before + 119_000);
    expect(requests(world, { method: 'POST' })).toBe(1);
  });

  it('a long Retry-After parks the rest of the round instead of holding it', async () => {
    const local = new Device(world);
    const ids = [await local.create(), await local.create()];
    const engine = engineFor(world, { concurrency: 1 });
    await local.round(engine);
    await local.create();
    for (const id of ids) await local.edit(id, { notes: 'later' });
    world.sim.admin.injectFault({ kind: 'status', status: 429, retryAfter: 120, method: 'POST' });
    world.sim.admin.clearRequestLog();
    const result = await local.round(engine, { skipPull: true });
    expect(result.status).toBe('partial');
    expect(result.settlements.every((s) => s.settled === false && s.error?.kind === 'rate-limited')).toBe(true);
    // Only the request that got the 429 was sent; the updates waited for a later round.
    expect(requests(world)).toBe(1);
    expect(await local.outbox()).toHaveLength(3);
  });

  it('503 on updates retries with backoff up to the bound, then the entry stays pending', async () => {
    const local = new Device(world);
    const id = await local.create();
    const engine = engineFor(world, { retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 } });
    await local.round(engine);
    await local.edit(id, { notes: 'x' });
    world.sim.admin.injectFault({ kind: 'status', status: 503, method: 'PUT' });
    world.sim.admin.clearRequestLog();
    const result = await local.round(engine);
    expect(requests(world, { method: 'PUT' })).toBe(4);
    expect(result.settlements[0]).toMatchObject({ settled: false, outcome: 'pending' });
    expect((await local.row(id)).syncState).toBe('pending');
  });
});
