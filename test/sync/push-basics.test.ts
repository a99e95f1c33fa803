import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalSide, assertConverged, engineFor, recordsPerClientId, requests, serverExpenses, startWorld, type SimWorld } from './support';

let world: SimWorld;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

describe('push: creates, updates, deletes', () => {
  it('creates offline entries with one bulk request and converges', async () => {
    const local = new LocalSide(world);
    const ids = Array.from({ length: 5 }, (_, i) => local.create({ amountCents: 100 + i, notes: `n${i}` }));
    const engine = engineFor(world);
    world.sim.admin.clearRequestLog();
    const result = await local.round(engine);
    expect(result.status).toBe('ok');
    expect(result.settlements.map((s) => s.outcome)).toEqual(Array(5).fill('created'));
    expect(requests(world, { method: 'POST' })).toBe(1);
    expect(serverExpenses(world)).toHaveLength(5);
    expect(local.outbox).toHaveLength(0);
    for (const id of ids) expect(local.get(id).syncState).toBe('synced');
    assertConverged(world, local);
    expect([...recordsPerClientId(world).values()].every((n) => n === 1)).toBe(true);
  });
});
