import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Device } from '../support/node/device';
import { SERVER_REQUEST_LIMIT_MS } from '../../src/main/core/sync/engine';
import { SentCreates } from '../../src/main/core/sync/sent-creates';
import { memoryLedgerStore } from '../../src/main/core/receipts/ledger';
import { assertConverged, engineFor, recordsPerClientId, requests, serverExpenses, startWorld, type SimWorld } from './support';

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
    const local = new Device(world);
    const ids = await local.createMany(30, (i) => ({ amountCents: 10 + i }));
    world.sim.admin.injectFault({ kind: 'commit-then-drop', method: 'POST', pathPattern: '^/expenses$', times: 1 });
    world.sim.admin.clearRequestLog();
    const result = await local.round(engineFor(world));
    expect(result.status).toBe('ok');
    expect(result.settlements.every((s) => s.outcome === 'created' && s.settled)).toBe(true);
    expect(serverExpenses(world)).toHaveLength(30);
    noDuplicates(world);
    // One create that committed, one look-up, no second create.
    expect(requests(world, { method: 'POST' })).toBe(1);
    for (const id of ids) expect((await local.row(id)).remoteId).not.toBeNull();
    await assertConverged(world, local);
  });

  /** An engine whose clock the test moves: Kantata's 3-minute request limit passes at once. */
  function engineWithClock(opts: Parameters<typeof engineFor>[1] = {}): { engine: ReturnType<typeof engineFor>; advance(ms: number): void } {
    let offset = 0;
    const engine = engineFor(world, { ...opts, now: () => Date.now() + offset });
    return { engine, advance: (ms) => void (offset += ms) };
  }
  const PAST_THE_SERVER_LIMIT = SERVER_REQUEST_LIMIT_MS + 60_000;

  it('a connection dropped before the server saw the create: in doubt, looked up, sent again only after the server limit', async () => {
    const local = new Device(world);
    const id = await local.create();
    const { engine, advance } = engineWithClock();
    world.sim.admin.injectFault({ kind: 'drop-before', method: 'POST', pathPattern: '^/expenses$', times: 1 });
    world.sim.admin.clearRequestLog();
    const first = await local.round(engine);
    expect(first.settlements[0]).toMatchObject({ outcome: 'pending', settled: false, error: { kind: 'timeout' } });
    expect(requests(world, { method: 'POST' })).toBe(1);
    expect((await local.row(id)).syncMessage).toMatch(/may still be saving it/);
    // Within Kantata's request limit a look-up that finds nothing proves nothing: nothing is sent.
    const second = await local.round(engine);
    expect(second.settlements[0]).toMatchObject({ outcome: 'pending', settled: false });
    expect(requests(world, { method: 'POST' })).toBe(1);
    advance(PAST_THE_SERVER_LIMIT);
    const third = await local.round(engine);
    expect(third.settlements[0]).toMatchObject({ outcome: 'created', settled: true });
    expect(requests(world, { method: 'POST' })).toBe(2);
    expect(serverExpenses(world)).toHaveLength(1);
    // Sent again after doubt: the log says so (it may have arrived and been deleted there).
    expect(third.conflicts[0]).toMatchObject({ kind: 'edit-vs-delete', winner: 'local', overwrote: false });
    expect((await local.row(id)).syncState).toBe('synced');
  });

  it('a late commit (gateway 504, Kantata commits 1 s later) is found, never sent twice', async () => {
    const local = new Device(world);
    await local.createMany(3, (i) => ({ amountCents: 100 + i }));
    const { engine, advance } = engineWithClock();
    world.sim.admin.injectFault({ kind: 'late-commit', method: 'POST', pathPattern: '^/expenses$', ms: 1_000, status: 504, times: 1 });
    const first = await local.round(engine);
    expect(first.settlements.map((s) => s.outcome)).toEqual(['pending', 'pending', 'pending']);
    expect(serverExpenses(world)).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 1_300));
    expect(serverExpenses(world)).toHaveLength(3);
    advance(PAST_THE_SERVER_LIMIT);
    const second = await local.round(engine);
    expect(second.settlements.map((s) => s.outcome)).toEqual(['adopted', 'adopted', 'adopted']);
    expect(requests(world, { method: 'POST' })).toBe(1);
    expect(serverExpenses(world)).toHaveLength(3);
    noDuplicates(world);
    await assertConverged(world, local);
  });

  it('a late commit after the look-up found nothing: the next look-up finds it (the create stayed in doubt)', async () => {
    const local = new Device(world);
    await local.create();
    const { engine } = engineWithClock();
    world.sim.admin.injectFault({ kind: 'late-commit', method: 'POST', pathPattern: '^/expenses$', ms: 600, drop: true, times: 1 });
    const first = await local.round(engine);
    expect(first.settlements[0]?.outcome).toBe('pending'); // looked up at once: nothing yet
    await new Promise((r) => setTimeout(r, 900));
    const second = await local.round(engine);
    expect(second.settlements[0]?.outcome).toBe('adopted');
    expect(serverExpenses(world)).toHaveLength(1);
    expect(requests(world, { method: 'POST' })).toBe(1);
  });

  it('the in-doubt time survives a crash of the app: a new process does not send the create again within the limit', async () => {
    const local = new Device(world);
    await local.create();
    const store = memoryLedgerStore();
    const before = engineFor(world, { sentCreates: new SentCreates(store) });
    world.sim.admin.injectFault({ kind: 'late-commit', method: 'POST', pathPattern: '^/expenses$', ms: 800, times: 1 });
    await local.send(before, await local.buildRequest()); // the app dies before the answer is stored
    const after = engineFor(world, { sentCreates: new SentCreates(store) });
    const replay = await local.round(after);
    expect(replay.settlements[0]?.outcome).toBe('pending');
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await local.round(after)).settlements[0]?.outcome).toBe('adopted');
    expect(serverExpenses(world)).toHaveLength(1);
    expect(requests(world, { method: 'POST' })).toBe(1);
  });

  it('a create that hangs past the client timeout stays in doubt; Kantata never gets it twice', async () => {
    const local = new Device(world);
    await local.create();
    await local.create();
    const { engine, advance } = engineWithClock({ timeoutMs: 400 });
    world.sim.admin.injectFault({ kind: 'hang', method: 'POST', pathPattern: '^/expenses$', times: 1 });
    const first = await local.round(engine);
    expect(first.settlements.map((s) => s.outcome)).toEqual(['pending', 'pending']);
    advance(PAST_THE_SERVER_LIMIT);
    const second = await local.round(engine);
    expect(second.settlements.map((s) => s.outcome)).toEqual(['created', 'created']);
    expect(serverExpenses(world)).toHaveLength(2);
    noDuplicates(world);
  });

  it('a gateway 502 on a bulk create: in doubt, looked up, sent again after the limit; one record each', async () => {
    const local = new Device(world);
    await local.create();
    const { engine, advance } = engineWithClock();
    world.sim.admin.injectFault({ kind: 'status', status: 502, method: 'POST', pathPattern: '^/expenses$', times: 1 });
    expect((await local.round(engine)).settlements[0]).toMatchObject({ outcome: 'pending', settled: false });
    advance(PAST_THE_SERVER_LIMIT);
    expect((await local.round(engine)).settlements[0]).toMatchObject({ outcome: 'created', settled: true });
    expect(serverExpenses(world)).toHaveLength(1);
  });

  it("Kantata's own 503 on a bulk create is not in doubt (the request was not taken on): sent again in the same round", async () => {
    const local = new Device(world);
    await local.create();
    world.sim.admin.injectFault({ kind: 'status', status: 503, method: 'POST', pathPattern: '^/expenses$', times: 1 });
    world.sim.admin.clearRequestLog();
    expect((await local.round(engineFor(world))).settlements[0]).toMatchObject({ outcome: 'created', settled: true });
    expect(requests(world, { method: 'POST' })).toBe(2);
    expect(serverExpenses(world)).toHaveLength(1);
  });

  it('429 on a bulk create is not in doubt (Kantata did nothing): sent again in the same round', async () => {
    const local = new Device(world);
    await local.create();
    world.sim.admin.injectFault({ kind: 'status', status: 429, retryAfter: 0, method: 'POST', pathPattern: '^/expenses$', times: 1 });
    world.sim.admin.clearRequestLog();
    expect((await local.round(engineFor(world))).settlements[0]).toMatchObject({ outcome: 'created', settled: true });
    expect(requests(world, { method: 'POST' })).toBe(2);
  });

  it('a create + delete whose create is in doubt is not called discarded until that is settled', async () => {
    const local = new Device(world);
    const id = await local.create();
    const { engine, advance } = engineWithClock();
    world.sim.admin.injectFault({ kind: 'late-commit', method: 'POST', pathPattern: '^/expenses$', ms: 800, times: 1 });
    await local.round(engine);
    await local.remove(id);
    const early = await local.round(engine);
    expect(early.settlements[0]).toMatchObject({ outcome: 'pending', settled: false });
    await new Promise((r) => setTimeout(r, 1_000));
    advance(PAST_THE_SERVER_LIMIT);
    const settled = await local.round(engine);
    expect(settled.settlements[0]).toMatchObject({ outcome: 'deleted', settled: true });
    expect(serverExpenses(world)).toHaveLength(0);
    expect(await local.has(id)).toBe(false);
  });

  it('a re-create whose answer was lost, then a delete: the record it made is found and deleted too', async () => {
    const local = new Device(world);
    const id = await local.create();
    const engine = engineFor(world, { timeoutMs: 400 });
    await local.round(engine);
    world.sim.admin.actAs(world.sim.userId).deleteExpense((await local.row(id)).remoteId!);
    await local.edit(id, { notes: 'edited' }); // meets the remote delete: created again
    world.sim.admin.injectFault({ kind: 'latency', method: 'POST', pathPattern: '^/expenses$', ms: 700, times: 1 });
    await local.send(engine, await local.buildRequest({ skipPull: true })); // timed out; the app dies before applying
    await new Promise((r) => setTimeout(r, 800));
    expect(serverExpenses(world)).toHaveLength(1);
    await local.remove(id);
    expect((await local.round(engine)).settlements[0]).toMatchObject({ outcome: 'deleted', settled: true });
    expect(serverExpenses(world)).toHaveLength(0);
  });

  it('a delete waits while a re-create of the same expense may still commit, then deletes what it made', async () => {
    const local = new Device(world);
    const id = await local.create();
    const { engine, advance } = engineWithClock({ timeoutMs: 300 });
    await local.round(engine);
    world.sim.admin.actAs(world.sim.userId).deleteExpense((await local.row(id)).remoteId!);
    await local.edit(id, { notes: 'edited' });
    world.sim.admin.injectFault({ kind: 'latency', method: 'POST', pathPattern: '^/expenses$', ms: 1_200, times: 1 });
    await local.send(engine, await local.buildRequest({ skipPull: true }));
    await local.remove(id);
    expect((await local.round(engine)).settlements[0]).toMatchObject({ outcome: 'pending', settled: false });
    await new Promise((r) => setTimeout(r, 1_300));
    expect(serverExpenses(world)).toHaveLength(1); // the late create landed
    advance(PAST_THE_SERVER_LIMIT);
    expect((await local.round(engine)).settlements[0]).toMatchObject({ outcome: 'deleted', settled: true });
    expect(serverExpenses(world)).toHaveLength(0);
    expect(await local.has(id)).toBe(false);
  });

  it('an update whose answer was lost is not sent again; a later edit waits until a late copy can no longer land over it', async () => {
    const local = new Device(world);
    const id = await local.create({ notes: 'start' });
    const { engine, advance } = engineWithClock();
    await local.round(engine);
    const remoteId = (await local.row(id)).remoteId!;
    await local.edit(id, { notes: 'first' });
    world.sim.admin.injectFault({ kind: 'late-commit', method: 'PUT', ms: 700, status: 504, times: 1 });
    world.sim.admin.clearRequestLog();
    expect((await local.round(engine)).settlements[0]).toMatchObject({ outcome: 'pending', settled: false, error: { kind: 'timeout' } });
    expect(requests(world, { method: 'PUT' })).toBe(1); // no second PUT after the lost answer
    await local.edit(id, { notes: 'second' });
    expect((await local.round(engine)).settlements[0]).toMatchObject({ outcome: 'pending', settled: false });
    expect(requests(world, { method: 'PUT' })).toBe(1); // nothing sent while the first may still land
    await new Promise((r) => setTimeout(r, 900));
    expect(world.sim.admin.getExpense(remoteId)?.notes).toBe('first'); // the late copy landed
    advance(PAST_THE_SERVER_LIMIT);
    await local.round(engine);
    // The late value is this app's own: the later local edit wins, with no conflict to resolve.
    expect(world.sim.admin.getExpense(remoteId)?.notes).toBe('second');
    expect(await local.row(id)).toMatchObject({ notes: 'second', syncState: 'synced' });
    expect(await local.outbox()).toEqual([]);
  });

  it('Undo after a delete whose answer was lost (the app crashed): the expense is checked and created again', async () => {
    const local = new Device(world);
    const id = await local.create({ notes: 'keep me' });
    const engine = engineFor(world);
    await local.round(engine);
    await local.remove(id);
    await local.send(engine, await local.buildRequest()); // the delete reached Kantata; the answer was lost
    expect(serverExpenses(world)).toHaveLength(0);
    expect(await local.undo(id)).toBe(true);
    await local.round(engine);
    const servers = serverExpenses(world);
    expect(servers).toHaveLength(1);
    expect(servers[0]?.notes).toBe('keep me');
    expect(await local.row(id)).toMatchObject({ deleted: false, remoteId: servers[0]!.id });
    noDuplicates(world);
  });

  it('replaying the same round request (renderer crashed before storing the result) makes no duplicate', async () => {
    const local = new Device(world);
    await local.createMany(3, (i) => ({ amountCents: i + 1 }));
    const engine = engineFor(world);
    const request = await local.buildRequest();
    await local.send(engine, request); // result lost
    const again = await local.send(engine, request);
    expect(again.settlements.map((s) => s.outcome)).toEqual(['adopted', 'adopted', 'adopted']);
    expect(serverExpenses(world)).toHaveLength(3);
    noDuplicates(world);
    await local.apply(again);
    await assertConverged(world, local);
  });

  it('after an app restart (new engine), a replay with attempts > 0 looks the creates up first', async () => {
    const local = new Device(world);
    const id = await local.create();
    await local.send(engineFor(world), await local.buildRequest()); // result lost, process gone
    await local.edit(id, { notes: 'edited after the crash' });
    world.sim.admin.clearRequestLog();
    const result = await local.round(engineFor(world), { skipPull: true });
    expect(result.settlements[0]).toMatchObject({ outcome: 'adopted', settled: true });
    expect(requests(world, { method: 'POST' })).toBe(0);
    expect(requests(world, { method: 'GET', path: /^\/expenses$/ })).toBe(1);
    expect(serverExpenses(world)).toHaveLength(1);
    expect(serverExpenses(world)[0]?.notes).toBe('edited after the crash');
    await assertConverged(world, local);
  });

  it('a replay with a pull finds the earlier creates in the pulled records (no extra look-up)', async () => {
    const local = new Device(world);
    await local.create();
    await local.send(engineFor(world), await local.buildRequest());
    world.sim.admin.clearRequestLog();
    const result = await local.round(engineFor(world));
    expect(result.settlements[0]?.outcome).toBe('adopted');
    expect(requests(world, { method: 'POST' })).toBe(0);
    expect(serverExpenses(world)).toHaveLength(1);
  });

  it('a create deleted locally after an attempt with unknown outcome deletes the server record', async () => {
    const local = new Device(world);
    const id = await local.create();
    await local.send(engineFor(world), await local.buildRequest()); // committed, result lost
    await local.remove(id);
    const result = await local.round(engineFor(world), { skipPull: true });
    expect(result.settlements[0]).toMatchObject({ outcome: 'deleted', settled: true });
    expect(serverExpenses(world)).toHaveLength(0);
    expect(await local.rows()).toHaveLength(0);
  });

  it('when the look-up itself fails, the create is not re-sent blindly: it stays pending', async () => {
    const local = new Device(world);
    await local.create();
    world.sim.admin.injectFault({ kind: 'commit-then-drop', method: 'POST', pathPattern: '^/expenses$', times: 1 });
    world.sim.admin.injectFault({ kind: 'status', status: 503, method: 'GET', pathPattern: '^/expenses$', times: 100 });
    const engine = engineFor(world, { retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 } });
    const result = await local.round(engine, { skipPull: true });
    expect(result.settlements[0]).toMatchObject({ outcome: 'pending', settled: false });
    expect(result.settlements[0]?.error).toMatchObject({ retryable: true });
    expect(await local.outbox()).toHaveLength(1);
    world.sim.admin.clearFaults();
    const next = await local.round(engine);
    expect(next.settlements[0]?.outcome).toBe('adopted');
    expect(serverExpenses(world)).toHaveLength(1);
    expect(await local.outbox()).toHaveLength(0);
  });
});
