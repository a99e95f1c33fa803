import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalSide, assertConverged, engineFor, recordsPerClientId, requests, serverExpenses, startWorld, type SimWorld } from './support';

let world: SimWorld;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

const noDuplicates = (w: SimWorld): void => {
  expect([...recordsPerClientId(w).values()].filter((n) => n > 1)).toEqual([]);
};

describe('no duplicate', () => {
  it('commit-then-drop on a bulk create: looked up by external reference, adopted, one record each', async () => {
    const local = new LocalSide(world);
    const ids = Array.from({ length: 30 }, (_, i) => local.create({ amountCents: 10 + i }));
    world.sim.admin.injectFault({ kind: 'commit-then-drop', method: 'POST', pathPattern: '^/expenses$', times: 1 });
    world.sim.admin.clearRequestLog();
    const result = await local.round(engineFor(world));
    expect(result.status).toBe('ok');
    expect(result.settlements.every((s) => s.outcome === 'created' && s.settled)).toBe(true);
    expect(serverExpenses(world)).toHaveLength(30);
    noDuplicates(world);
    // One create that committed, one look-up, no second create.
    expect(requests(world, { method: 'POST' })).toBe(1);
    expect(ids.every((id) => local.get(id).remoteId !== null)).toBe(true);
    assertConverged(world, local);
  });

  it('a connection dropped before the server saw the create: looked up (nothing), sent again', async () => {
    const local = new LocalSide(world);
    local.create();
    world.sim.admin.injectFault({ kind: 'drop-before', method: 'POST', pathPattern: '^/expenses$', times: 1 });
    world.sim.admin.clearRequestLog();
    const result = await local.round(engineFor(world));
    expect(result.settlements[0]).toMatchObject({ outcome: 'created', settled: true });
    expect(requests(world, { method: 'POST' })).toBe(2);
    expect(serverExpenses(world)).toHaveLength(1);
  });

  it('a create that hangs past the client timeout is looked up before it is sent again', async () => {
    const local = new LocalSide(world);
    local.create();
    local.create();
    world.sim.admin.injectFault({ kind: 'hang', method: 'POST', pathPattern: '^/expenses$', times: 1 });
    const result = await local.round(engineFor(world, { timeoutMs: 400 }));
    expect(result.settlements.map((s) => s.outcome)).toEqual(['created', 'created']);
    expect(serverExpenses(world)).toHaveLength(2);
    noDuplicates(world);
  });

  it('503 on a bulk create: looked up, then sent again; one record each', async () => {
    const local = new LocalSide(world);
    local.create();
    world.sim.admin.injectFault({ kind: 'status', status: 503, method: 'POST', pathPattern: '^/expenses$', times: 2 });
    const result = await local.round(engineFor(world));
    expect(result.settlements[0]).toMatchObject({ outcome: 'created', settled: true });
    expect(serverExpenses(world)).toHaveLength(1);
  });

  it('replaying the same round request (renderer crashed before storing the result) makes no duplicate', async () => {
    const local = new LocalSide(world);
    for (let i = 0; i < 3; i++) local.create({ amountCents: i + 1 });
    const engine = engineFor(world);
    const request = local.buildRequest();
    await engine.runRound(request); // result lost
    const again = await engine.runRound(request);
    expect(again.settlements.map((s) => s.outcome)).toEqual(['adopted', 'adopted', 'adopted']);
    expect(serverExpenses(world)).toHaveLength(3);
    noDuplicates(world);
    local.apply(again);
    assertConverged(world, local);
  });

  it('after an app restart (new engine), a replay with attempts > 0 looks the creates up first', async () => {
    const local = new LocalSide(world);
    const id = local.create();
    await engineFor(world).runRound(local.buildRequest()); // result lost, process gone
    local.edit(id, { notes: 'edited after the crash' });
    world.sim.admin.clearRequestLog();
    const result = await local.round(engineFor(world), { skipPull: true });
    expect(result.settlements[0]).toMatchObject({ outcome: 'adopted', settled: true });
    expect(requests(world, { method: 'POST' })).toBe(0);
    expect(requests(world, { method: 'GET', path: /^\/expenses$/ })).toBe(1);
    expect(serverExpenses(world)).toHaveLength(1);
    expect(serverExpenses(world)[0]?.notes).toBe('edited after the crash');
    assertConverged(world, local);
  });

  it('a replay with a pull finds the earlier creates in the pulled records (no extra look-up)', async () => {
    const local = new LocalSide(world);
    local.create();
    await engineFor(world).runRound(local.buildRequest());
    world.sim.admin.clearRequestLog();
    const result = await local.round(engineFor(world));
    expect(result.settlements[0]?.outcome).toBe('adopted');
    expect(requests(world, { method: 'POST' })).toBe(0);
    expect(serverExpenses(world)).toHaveLength(1);
  });

  it('a create deleted locally after an attempt with unknown outcome deletes the server record', async () => {
    const local = new LocalSide(world);
    const id = local.create();
    await engineFor(world).runRound(local.buildRequest()); // committed, result lost
    local.remove(id);
    const result = await local.round(engineFor(world), { skipPull: true });
    expect(result.settlements[0]).toMatchObject({ outcome: 'deleted', settled: true });
    expect(serverExpenses(world)).toHaveLength(0);
    expect(local.expenses.size).toBe(0);
  });

  it('when the look-up itself fails, the create is not re-sent blindly: it stays pending', async () => {
    const local = new LocalSide(world);
    local.create();
    world.sim.admin.injectFault({ kind: 'commit-then-drop', method: 'POST', pathPattern: '^/expenses$', times: 1 });
    world.sim.admin.injectFault({ kind: 'status', status: 503, method: 'GET', pathPattern: '^/expenses$', times: 100 });
    const engine = engineFor(world, { retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 } });
    const result = await local.round(engine, { skipPull: true });
    expect(result.settlements[0]).toMatchObject({ outcome: 'pending', settled: false });
    expect(result.settlements[0]?.error).toMatchObject({ retryable: true });
    expect(local.outbox).toHaveLength(1);
    world.sim.admin.clearFaults();
    const next = await local.round(engine);
    expect(next.settlements[0]?.outcome).toBe('adopted');
    expect(serverExpenses(world)).toHaveLength(1);
    expect(local.outbox).toHaveLength(0);
  });
});
