import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncEngine } from '../../src/main/core/sync/engine';
import { Device, atLocalTime } from '../support/node/device';
import { assertConverged, engineFor, requests, serverExpenses, startWorld, type SimWorld } from './support';

let world: SimWorld;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

let engine: SyncEngine;
beforeEach(() => {
  engine = engineFor(world);
});

/** The skew estimate is good to about a round trip once the engine has written a record. */
/**
 * Kantata stamps updated_at to the second: within one second the order of two edits is unknown
 * and the server's is kept. "Later" here is later by more than that second.
 */
const laterThanTheServerSecond = <T>(write: () => Promise<T>): Promise<T> => atLocalTime(Date.now() + 1_500, write);

async function syncedExpense(local: Device, notes = 'start'): Promise<{ id: string; remoteId: string }> {
  const id = await local.create({ notes, amountCents: 1000 });
  await local.round(engine);
  return { id, remoteId: (await local.row(id)).remoteId! };
}

const remote = (w: SimWorld) => w.sim.admin.actAs(w.sim.userId);

describe('conflicts on updated_at', () => {
  it('fields changed on one side only take that side (both changes survive)', async () => {
    const local = new Device(world);
    const { id, remoteId } = await syncedExpense(local);
    await local.edit(id, { amountCents: 2500 });
    remote(world).updateExpense(remoteId, { notes: 'changed in Kantata' });
    const result = await local.round(engine);
    expect(result.settlements[0]).toMatchObject({ outcome: 'merged', settled: true });
    expect(world.sim.admin.getExpense(remoteId)).toMatchObject({ amount_in_cents: 2500, notes: 'changed in Kantata' });
    expect(await local.row(id)).toMatchObject({ amountCents: 2500, notes: 'changed in Kantata', syncState: 'synced' });
    const conflict = result.conflicts[0]!;
    expect(conflict.overwrote).toBe(false);
    expect(conflict.fields.map((f) => [f.field, f.winner, f.reason])).toEqual(
      expect.arrayContaining([
        ['amountCents', 'local', 'local-only'],
        ['notes', 'server', 'server-only'],
      ]),
    );
    await assertConverged(world, local);
  });

  it('a field changed on both sides: the later local edit wins', async () => {
    const local = new Device(world);
    const { id, remoteId } = await syncedExpense(local);
    remote(world).updateExpense(remoteId, { notes: 'remote, earlier' });
    await laterThanTheServerSecond(() => local.edit(id, { notes: 'local, later' }));
    const result = await local.round(engine);
    expect(world.sim.admin.getExpense(remoteId)?.notes).toBe('local, later');
    expect(result.conflicts[0]).toMatchObject({ kind: 'merge', overwrote: true, winner: 'local' });
    expect(result.conflicts[0]?.fields).toEqual([
      expect.objectContaining({ field: 'notes', local: 'local, later', server: 'remote, earlier', winner: 'local', reason: 'local-newer' }),
    ]);
    expect(await local.conflicts()).toHaveLength(1);
    await assertConverged(world, local);
  });

  it('a field changed on both sides: the later remote edit wins; the local value is kept in the log', async () => {
    const local = new Device(world);
    const { id, remoteId } = await syncedExpense(local);
    await atLocalTime(Date.now() - 60_000, () => local.edit(id, { notes: 'local, earlier' }));
    remote(world).updateExpense(remoteId, { notes: 'remote, later' });
    world.sim.admin.clearRequestLog();
    const result = await local.round(engine);
    expect(result.settlements[0]).toMatchObject({ outcome: 'merged', settled: true });
    expect(requests(world, { method: 'PUT' })).toBe(0);
    expect(world.sim.admin.getExpense(remoteId)?.notes).toBe('remote, later');
    expect(await local.row(id)).toMatchObject({ notes: 'remote, later', syncState: 'conflict' });
    const entry = (await local.conflicts())[0]!;
    expect(entry).toMatchObject({ overwrote: true, winner: 'server' });
    expect(entry.local?.notes).toBe('local, earlier');
    expect(entry.server?.notes).toBe('remote, later');
  });

  it('clock skew: with the server clock an hour ahead, a later local edit still wins', async () => {
    world.sim.admin.setClock(60 * 60_000);
    const local = new Device(world);
    const { id, remoteId } = await syncedExpense(local);
    remote(world).updateExpense(remoteId, { notes: 'remote, earlier' });
    await laterThanTheServerSecond(() => local.edit(id, { notes: 'local, later' }));
    const result = await local.round(engine);
    expect(result.clockSkewMs).toBeGreaterThan(59 * 60_000);
    expect(result.clockSkewMs).toBeLessThan(61 * 60_000);
    expect(world.sim.admin.getExpense(remoteId)?.notes).toBe('local, later');
  });

  it('clock skew: with the server clock an hour behind, a later remote edit still wins', async () => {
    world.sim.admin.setClock(-60 * 60_000);
    const local = new Device(world);
    const { id, remoteId } = await syncedExpense(local);
    await atLocalTime(Date.now() - 1_500, () => local.edit(id, { notes: 'local, earlier' }));
    remote(world).updateExpense(remoteId, { notes: 'remote, later' });
    await local.round(engine);
    expect(world.sim.admin.getExpense(remoteId)?.notes).toBe('remote, later');
    expect((await local.row(id)).notes).toBe('remote, later');
  });

  it('a pulled remote change meeting a pending local edit (not pushed this round) is merged, not lost', async () => {
    const local = new Device(world);
    const { id, remoteId } = await syncedExpense(local);
    remote(world).updateExpense(remoteId, { notes: 'remote', amount_in_cents: 4242 });
    const request = await local.buildRequest(); // empty outbox: a pull-only round
    // Clearly after the remote edit: both sides changed notes, so time decides, and skew is
    // measured to within a few milliseconds only.
    await atLocalTime(Date.now() + 5_000, () => local.edit(id, { notes: 'local, during the round' }));
    await local.apply(await local.send(engine, request));
    expect(await local.row(id)).toMatchObject({ notes: 'local, during the round', amountCents: 4242, syncState: 'pending' });
    await local.round(engine);
    expect(world.sim.admin.getExpense(remoteId)).toMatchObject({ notes: 'local, during the round', amount_in_cents: 4242 });
    await assertConverged(world, local);
  });
});

describe('delete vs edit', () => {
  it('a remote edit newer than the local delete resurrects the expense and says so', async () => {
    const local = new Device(world);
    const { id, remoteId } = await syncedExpense(local);
    await atLocalTime(Date.now() - 60_000, () => local.remove(id));
    remote(world).updateExpense(remoteId, { notes: 'still needed' });
    world.sim.admin.clearRequestLog();
    const result = await local.round(engine);
    expect(requests(world, { method: 'DELETE' })).toBe(0);
    expect(result.settlements[0]).toMatchObject({ outcome: 'resurrected', settled: true });
    expect(await local.row(id)).toMatchObject({ deleted: false, notes: 'still needed', syncState: 'conflict' });
    expect(result.conflicts[0]).toMatchObject({ kind: 'delete-vs-edit', winner: 'server' });
    expect(serverExpenses(world)).toHaveLength(1);
  });

  it('a local delete newer than the remote edit deletes it', async () => {
    const local = new Device(world);
    const { id } = await syncedExpense(local);
    remote(world).updateExpense((await local.row(id)).remoteId!, { notes: 'edited' });
    await laterThanTheServerSecond(() => local.remove(id));
    const result = await local.round(engine);
    expect(result.settlements[0]?.outcome).toBe('deleted');
    expect(serverExpenses(world)).toHaveLength(0);
    expect(await local.has(id)).toBe(false);
  });

  it('a local edit of an expense deleted in Kantata re-creates it (conflict logged)', async () => {
    const local = new Device(world);
    const { id, remoteId } = await syncedExpense(local);
    remote(world).deleteExpense(remoteId);
    await local.edit(id, { notes: 'my edit' });
    const result = await local.round(engine, { skipPull: true });
    expect(result.settlements[0]).toMatchObject({ outcome: 'recreated', settled: true });
    const servers = serverExpenses(world);
    expect(servers).toHaveLength(1);
    expect(servers[0]).toMatchObject({ notes: 'my edit', amount_in_cents: 1000 });
    expect(servers[0]?.id).not.toBe(remoteId);
    expect(await local.row(id)).toMatchObject({ remoteId: servers[0]!.id, syncState: 'conflict' });
    expect(result.conflicts[0]).toMatchObject({ kind: 'edit-vs-delete', winner: 'local' });
  });

  it('replaying a round that re-created an expense (result lost) does not make a second one', async () => {
    const local = new Device(world);
    const { id, remoteId } = await syncedExpense(local);
    remote(world).deleteExpense(remoteId);
    await local.edit(id, { notes: 'my edit' });
    const request = await local.buildRequest({ skipPull: true });
    expect((await local.send(engine, request)).settlements[0]?.outcome).toBe('recreated'); // result lost
    // The new process finds the record the lost round created and sends the edit there (it holds it already).
    const again = await local.round(engineFor(world), { skipPull: true });
    expect(again.settlements[0]).toMatchObject({ outcome: 'merged', settled: true });
    expect(serverExpenses(world)).toHaveLength(1);
    expect((await local.row(id)).remoteId).toBe(serverExpenses(world)[0]!.id);
  });

  it('a remote delete of an expense with no pending change removes it locally (reconciliation)', async () => {
    const local = new Device(world);
    const a = await syncedExpense(local, 'a');
    const b = await syncedExpense(local, 'b');
    const c = await syncedExpense(local, 'c');
    remote(world).deleteExpense(a.remoteId);
    remote(world).deleteExpense(c.remoteId);
    // A round that reconciles ids (every known remote id is sent); the user edits c while it runs.
    const request = await local.buildRequest({ reconcile: true });
    expect(request.reconcileRemoteIds?.sort()).toEqual([a.remoteId, b.remoteId, c.remoteId].sort());
    await local.edit(c.id, { notes: 'pending edit' });
    const result = await local.send(engine, request);
    expect(result.pulled.deletedRemoteIds.sort()).toEqual([a.remoteId, c.remoteId].sort());
    await local.apply(result);
    expect(await local.has(a.id)).toBe(false);
    expect((await local.row(b.id)).syncState).toBe('synced');
    // Never silently: the pending edit stays, and the next round decides (edit wins: re-created).
    expect((await local.row(c.id)).notes).toBe('pending edit');
    const next = await local.round(engine);
    expect(next.settlements[0]?.outcome).toBe('recreated');
  });
});
