/**
 * Regression tests for the defects 2-12 of issue #11 ("Nothing lost, nothing doubled"), one
 * `describe` per defect, each on the shipped code: a Device (the renderer's real data layer on
 * fake-indexeddb), the real SyncEngine and the simulator over HTTP. Defect 1 (a late commit makes
 * a duplicate) is covered by exactly-once.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiExpense, ApiExpenseWrite } from '@shared/kantata/wire';
import { EXTERNAL_SERVICE_NAME } from '@shared/kantata/wire';
import { MAX_ID_LIST_CHARS } from '../../src/main/core/kantata/client';
import type { ExpenseInput } from '../kantata-sim/expenses';
import { advanceClock, alignToSecondStart } from '../kantata-sim/helpers';
import { Device, atLocalTime } from '../support/node/device';
import { assertConverged, engineFor, recordsPerClientId, requests, serverExpenses, startWorld, type SimWorld } from './support';

let world: SimWorld;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

/** Someone using Kantata's web UI as the same user (or another device's request, for the admin). */
const web = (w: SimWorld) => w.sim.admin.actAs(w.sim.userId);

/** An expense as entered in Kantata for the world's project. */
function webFields(w: SimWorld, overrides: ApiExpenseWrite = {}): ExpenseInput {
  return {
    workspace_id: w.workspaceId,
    date: '2026-02-01',
    expense_category_id: w.categoryId,
    category: w.category,
    amount_in_cents: 500,
    notes: 'entered in Kantata',
    ...overrides,
  };
}

/** This app's external reference for a client id (what every create of the app carries). */
const clientRef = (clientId: string): NonNullable<ApiExpenseWrite['external_reference']> => ({
  service_name: EXTERNAL_SERVICE_NAME,
  service_model: 'Expense',
  service_model_ref: clientId,
});

const server = (w: SimWorld, remoteId: string): ApiExpense | undefined => w.sim.admin.getExpense(remoteId);

async function synced(local: Device, engine: ReturnType<typeof engineFor>, fields: Parameters<Device['create']>[0] = {}): Promise<{ id: string; remoteId: string }> {
  const id = await local.create(fields);
  await local.round(engine);
  const remoteId = (await local.row(id)).remoteId;
  if (!remoteId) throw new Error(`setup: ${id} was not created in Kantata`);
  return { id, remoteId };
}

describe('defect 2: a second record for the same client id', () => {
  it('does not take over the local row: a pending edit survives, the oldest record is kept, the copy is deleted', async () => {
    const local = new Device(world);
    const engine = engineFor(world);
    const { id, remoteId: oldest } = await synced(local, engine, { notes: 'mine', amountCents: 1000 });
    advanceClock(world.sim);
    const copy = web(world).createExpense(webFields(world, { notes: 'a copy', amount_in_cents: 999, external_reference: clientRef(id) }));
    // A pull-only round; the user edits the expense while it runs.
    const request = await local.buildRequest();
    await local.edit(id, { notes: 'my pending edit' });
    await local.apply(await local.send(engine, request));
    expect(await local.row(id)).toMatchObject({ remoteId: oldest, notes: 'my pending edit', amountCents: 1000, syncState: 'pending' });
    expect(await local.live()).toHaveLength(1);
    expect(server(world, copy.id)).toBeUndefined();
    expect(recordsPerClientId(world).get(id)).toBe(1);
    // The edit goes to the record kept.
    await local.round(engine);
    expect(server(world, oldest)).toMatchObject({ notes: 'my pending edit', amount_in_cents: 1000 });
    expect(serverExpenses(world)).toHaveLength(1);
    await assertConverged(world, local);
  });

  it('a look-up that finds two records adopts the oldest (on every device the same) and deletes the other', async () => {
    const local = new Device(world);
    const id = await local.create({ notes: 'mine' });
    await local.send(engineFor(world), await local.buildRequest()); // created; the answer is lost (crash)
    const oldest = serverExpenses(world)[0]!.id;
    advanceClock(world.sim);
    const copy = web(world).createExpense(webFields(world, { notes: 'mine', amount_in_cents: 1234, date: '2026-03-14', external_reference: clientRef(id) }));
    const result = await local.round(engineFor(world), { skipPull: true });
    expect(result.settlements[0]).toMatchObject({ outcome: 'adopted', settled: true, remoteId: oldest });
    expect(await local.row(id)).toMatchObject({ remoteId: oldest, syncState: 'synced' });
    expect(server(world, copy.id)).toBeUndefined();
    expect(recordsPerClientId(world).get(id)).toBe(1);
  });
});

describe('defect 3: undo of a delete while the round carrying it is in flight', () => {
  it('a synced expense whose delete reached Kantata: kept here, and created again there with its client id', async () => {
    const local = new Device(world);
    const engine = engineFor(world);
    const { id, remoteId: before } = await synced(local, engine, { notes: 'keep me' });
    await local.remove(id);
    const result = await local.send(engine, await local.buildRequest());
    expect(server(world, before)).toBeUndefined(); // the delete reached Kantata
    expect(await local.undo(id)).toBe(true); // the list says "restored" while the round is still running
    await local.apply(result);
    expect(await local.row(id)).toMatchObject({ deleted: false, notes: 'keep me' });
    await local.round(engine);
    const row = await local.row(id);
    expect(row).toMatchObject({ deleted: false, notes: 'keep me', syncState: 'synced' });
    expect(row.remoteId).not.toBeNull();
    expect(row.remoteId).not.toBe(before);
    expect(server(world, row.remoteId!)).toMatchObject({ notes: 'keep me' });
    expect(recordsPerClientId(world).get(id)).toBe(1);
    expect(await local.outbox()).toEqual([]);
    await assertConverged(world, local);
  });

  it('a never-synced expense (create + delete in the round): kept here, and created in Kantata', async () => {
    const local = new Device(world);
    const engine = engineFor(world);
    const id = await local.create({ notes: 'second thoughts' });
    await local.remove(id);
    const request = await local.buildRequest();
    expect(await local.undo(id)).toBe(true);
    await local.apply(await local.send(engine, request));
    expect(await local.row(id)).toMatchObject({ deleted: false, notes: 'second thoughts' });
    await local.round(engine);
    expect(await local.row(id)).toMatchObject({ deleted: false, syncState: 'synced' });
    expect(recordsPerClientId(world).get(id)).toBe(1);
    expect(serverExpenses(world)).toHaveLength(1);
    expect(await local.outbox()).toEqual([]);
    await assertConverged(world, local);
  });
});

describe('defect 4: an expense re-created on another device', () => {
  it('is not removed by the reconciliation of a device that knew its old record', async () => {
    const a = new Device(world);
    const b = new Device(world);
    const engineA = engineFor(world);
    const engineB = engineFor(world);
    const { id, remoteId: old } = await synced(a, engineA, { notes: 'shared' });
    await b.round(engineB); // B downloads it
    expect((await b.row(id)).remoteId).toBe(old);
    web(world).deleteExpense(old); // deleted in Kantata while B edits it: B's edit wins, it is re-created
    await b.edit(id, { notes: 'edited on B' });
    expect((await b.round(engineB, { skipPull: true })).settlements[0]?.outcome).toBe('recreated');
    const recreated = (await b.row(id)).remoteId!;
    expect(recreated).not.toBe(old);
    const run = await a.round(engineA, { reconcile: true });
    expect(run.pulled.deletedRemoteIds).toContain(old); // A learns the old record is gone...
    // ...and keeps the expense, now on the new record.
    expect(await a.row(id)).toMatchObject({ deleted: false, remoteId: recreated, notes: 'edited on B' });
    expect(await a.live()).toHaveLength(1);
    expect(recordsPerClientId(world).get(id)).toBe(1);
    await assertConverged(world, a);
  });
});

describe('defect 5: a change on the server while a listing is paged', () => {
  const PAGE = 5;

  function seed(n: number, tag: string): string[] {
    return Array.from({ length: n }, (_, i) => web(world).createExpense(webFields(world, { amount_in_cents: 100 + i, notes: `${tag} ${i}` })).id);
  }

  /** When page 2 of a listing is asked for (once): a record of page 1 is deleted and another one created. */
  function changeWhilePaging(deleteId: string): { created: () => string | null } {
    let created: string | null = null;
    world.sim.admin.onApiRequest(({ method, path, query }) => {
      if (created !== null || method !== 'GET' || path !== '/expenses' || query.page !== '2') return;
      web(world).deleteExpense(deleteId);
      created = web(world).createExpense(webFields(world, { notes: 'created while paging' })).id;
    });
    return { created: () => created };
  }

  async function storedRemoteIds(local: Device): Promise<Set<string | null>> {
    return new Set((await local.rows()).map((r) => r.remoteId));
  }

  it('first download: every record that existed throughout is stored, and the cursor does not pass one', async () => {
    const seeded = seed(3 * PAGE - 2, 'old');
    // Older than any pull overlap: once the cursor is past a record, no later pull brings it.
    advanceClock(world.sim, 10 * 60_000);
    const engine = engineFor(world, { pull: { pageSize: PAGE } });
    const change = changeWhilePaging(seeded[1]!);
    const local = new Device(world);
    await local.roundSteps(engine);
    const created = change.created();
    expect(created).not.toBeNull(); // the change happened while the pages were fetched
    const survivors = seeded.filter((id) => id !== seeded[1]);
    let stored = await storedRemoteIds(local);
    expect(survivors.filter((id) => !stored.has(id))).toEqual([]);
    expect(await local.cursor()).not.toBeNull();
    // Later rounds go on from the cursor: still nothing missing, and the new record arrives.
    await local.roundSteps(engine);
    stored = await storedRemoteIds(local);
    expect([...survivors, created!].filter((id) => !stored.has(id))).toEqual([]);
  });

  it('incremental pull of more than a page of changes: every record changed since the cursor is stored', async () => {
    const local = new Device(world);
    const engine = engineFor(world, { pull: { pageSize: PAGE } });
    await local.round(engine); // nothing yet: a cursor
    expect(await local.cursor()).not.toBeNull();
    advanceClock(world.sim, 10 * 60_000);
    const changed = seed(3 * PAGE - 2, 'new');
    advanceClock(world.sim, 10 * 60_000);
    const change = changeWhilePaging(changed[1]!);
    await local.round(engine);
    const created = change.created();
    expect(created).not.toBeNull();
    const survivors = changed.filter((id) => id !== changed[1]);
    let stored = await storedRemoteIds(local);
    expect(survivors.filter((id) => !stored.has(id))).toEqual([]);
    await local.round(engine);
    stored = await storedRemoteIds(local);
    expect([...survivors, created!].filter((id) => !stored.has(id))).toEqual([]);
  });
});

describe('defect 6: a bulk create refused as a whole', () => {
  it('403 naming no item: the refused item is isolated (bisection), the others are created', async () => {
    const local = new Device(world);
    const ids = await local.createMany(4, (i) => ({ notes: `item ${i}` }));
    // Three 403s: the bulk, then halves, until one item alone is refused.
    world.sim.admin.injectFault({ kind: 'status', status: 403, method: 'POST', pathPattern: '^/expenses$', times: 3 });
    const result = await local.round(engineFor(world));
    const refused = result.settlements.filter((s) => s.outcome === 'error');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ settled: true, error: { kind: 'forbidden', retryable: false } });
    expect(result.settlements.filter((s) => s.outcome === 'created')).toHaveLength(3);
    expect(serverExpenses(world)).toHaveLength(3);
    const bad = refused[0]!.expenseId;
    const row = await local.row(bad);
    expect(row).toMatchObject({ syncState: 'error', remoteId: null, deleted: false });
    expect(row.syncMessage).toMatch(/Service is unavailable/);
    for (const id of ids.filter((i) => i !== bad)) expect((await local.row(id)).syncState).toBe('synced');
    await assertConverged(world, local);
  });

  it('404 naming no item: the items stay queued with a backoff and a visible message, and go later', async () => {
    const local = new Device(world);
    const ids = await local.createMany(3);
    world.sim.admin.injectFault({ kind: 'status', status: 404, method: 'POST', pathPattern: '^/expenses$' });
    const before = Date.now();
    const result = await local.round(engineFor(world));
    expect(result.settlements.map((s) => [s.outcome, s.settled])).toEqual(ids.map(() => ['pending', false]));
    const outbox = await local.outbox();
    expect(outbox.map((e) => e.expenseId).sort()).toEqual([...ids].sort());
    for (const entry of outbox) expect(entry.notBefore).toBeGreaterThan(before);
    for (const id of ids) {
      const row = await local.row(id);
      expect(row).toMatchObject({ syncState: 'pending', remoteId: null, deleted: false });
      expect(row.syncMessage).toMatch(/Service is unavailable/);
    }
    expect(serverExpenses(world)).toHaveLength(0);
    // Once the wait is over (and Kantata takes them), each is created once.
    world.sim.admin.clearFaults();
    const later = engineFor(world, { now: () => Date.now() + 60 * 60_000 });
    const next = await local.round(later);
    expect(next.settlements.map((s) => s.outcome)).toEqual(['created', 'created', 'created']);
    expect(serverExpenses(world)).toHaveLength(3);
    expect(await local.outbox()).toEqual([]);
  });

  it('an answer that is not JSON: the outcome is unknown, the records Kantata made are found and kept, none refused or doubled', async () => {
    const local = new Device(world);
    const ids = await local.createMany(3, (i) => ({ notes: `item ${i}` }));
    world.sim.admin.injectFault({ kind: 'garbage', method: 'POST', pathPattern: '^/expenses$', times: 1 });
    const result = await local.round(engineFor(world));
    expect(result.settlements.map((s) => [s.outcome, s.settled])).toEqual(ids.map(() => ['created', true]));
    expect(requests(world, { method: 'POST' })).toBe(1);
    expect(serverExpenses(world)).toHaveLength(3);
    for (const id of ids) {
      expect(recordsPerClientId(world).get(id)).toBe(1);
      expect(await local.row(id)).toMatchObject({ syncState: 'synced', remoteId: expect.any(String) });
    }
    expect(await local.outbox()).toEqual([]);
    await assertConverged(world, local);
  });
});

describe('defect 7: a look-up Kantata refuses', () => {
  it('backs off (no request for the expense until then, the wait capped) and shows the error, instead of asking every round', async () => {
    const HOUR = 60 * 60_000;
    /** The longest wait between tries of an expense that keeps failing (the engine's MAX_BACKOFF_MS). */
    const CAP = 30 * 60_000;
    const local = new Device(world);
    const id = await local.create();
    await local.send(engineFor(world), await local.buildRequest()); // created; the answer is lost (crash)
    world.sim.admin.injectFault({ kind: 'status', status: 403, method: 'GET', pathPattern: '^/expenses$' });
    // Waits that double from 10 minutes: the second refusal below would wait far beyond the cap.
    const engineAt = (offsetMs: number) => engineFor(world, { retry: { maxDelayMs: 10 * 60_000 }, now: () => Date.now() + offsetMs });
    const notBefore = async (): Promise<number | undefined> => (await local.outbox())[0]?.notBefore;
    const engine = engineAt(0);
    const before = Date.now();
    world.sim.admin.clearRequestLog();
    const first = await local.round(engine, { skipPull: true });
    expect(requests(world)).toBe(1); // the look-up, refused
    expect(requests(world, { method: 'POST' })).toBe(0);
    expect(first.settlements[0]).toMatchObject({ settled: false, outcome: 'pending' });
    expect((await local.row(id)).syncMessage).toMatch(/Service is unavailable/);
    const firstWait = await notBefore();
    expect(firstWait).toBeGreaterThan(before);
    expect(firstWait! - before).toBeLessThanOrEqual(CAP + 5_000);
    // The next round sends nothing for it, and the message stays.
    world.sim.admin.clearRequestLog();
    const second = await local.round(engine, { skipPull: true });
    expect(requests(world)).toBe(0);
    expect(second.settlements[0]).toMatchObject({ settled: false, outcome: 'pending' });
    expect((await local.row(id)).syncMessage).toMatch(/Service is unavailable/);
    expect(await local.outbox()).toHaveLength(1);
    // After the wait it is tried once more; refused again, it waits again, no longer than the cap.
    world.sim.admin.clearRequestLog();
    const afterAnHour = Date.now() + HOUR;
    await local.round(engineAt(HOUR), { skipPull: true });
    expect(requests(world)).toBe(1);
    const secondWait = await notBefore();
    expect(secondWait).toBeGreaterThan(afterAnHour);
    expect(secondWait! - afterAnHour).toBeLessThanOrEqual(CAP + 5_000);
    expect((await local.row(id)).syncMessage).toMatch(/Service is unavailable/);
    // Once Kantata answers again, the record is found: one record, nothing sent twice.
    world.sim.admin.clearFaults();
    expect((await local.round(engineAt(3 * HOUR), { skipPull: true })).settlements[0]).toMatchObject({ outcome: 'adopted', settled: true });
    expect(serverExpenses(world)).toHaveLength(1);
    expect(await local.outbox()).toEqual([]);
  });

  it('300 client ids are looked up in lists that keep every URL well under the limits', async () => {
    const local = new Device(world);
    const ids = await local.createMany(300, (i) => ({ amountCents: 100 + i }));
    await local.send(engineFor(world), await local.buildRequest()); // created; the answer is lost (crash)
    world.sim.admin.clearRequestLog();
    const result = await local.round(engineFor(world), { skipPull: true });
    expect(result.settlements.every((s) => s.outcome === 'adopted' && s.settled)).toBe(true);
    const lookUps = world.sim.admin
      .requestLog()
      .filter((r) => r.method === 'GET' && r.path === '/expenses' && r.query.external_reference_service_model_refs !== undefined);
    const asked = lookUps.flatMap((r) => r.query.external_reference_service_model_refs!.split(','));
    expect(new Set(asked)).toEqual(new Set(ids));
    for (const r of lookUps) {
      expect(r.status).toBe(200);
      expect(r.query.external_reference_service_model_refs!.length).toBeLessThanOrEqual(MAX_ID_LIST_CHARS);
      // The whole URL (path, the other parameters, the percent-encoded commas): far from 8 KB.
      const url = `${r.rawPath}?${new URLSearchParams(r.query).toString()}`;
      expect(url.length).toBeLessThanOrEqual(MAX_ID_LIST_CHARS + 1_000);
    }
    expect(requests(world, { method: 'POST' })).toBe(0);
    expect(serverExpenses(world)).toHaveLength(300);
  });
});

describe('defect 8: a refusal stays visible', () => {
  it("a refused delete shows the expense again with Kantata's message, also after later rounds", async () => {
    const local = new Device(world);
    const engine = engineFor(world);
    const { id, remoteId } = await synced(local, engine, { notes: 'cannot go' });
    world.sim.admin.injectFault({ kind: 'status', status: 403, method: 'DELETE', pathPattern: `^/expenses/${remoteId}$` });
    await local.remove(id);
    const result = await local.round(engine);
    expect(result.settlements[0]).toMatchObject({ outcome: 'error', settled: true, error: { kind: 'forbidden' } });
    const row = await local.row(id);
    expect(row).toMatchObject({ deleted: false, syncState: 'error', notes: 'cannot go', remoteId });
    expect(row.syncMessage).toMatch(/Service is unavailable/);
    expect((await local.live()).map((r) => r.id)).toEqual([id]);
    expect(server(world, remoteId)).toBeDefined();
    // A round that pulls the unchanged record again leaves the refusal in view.
    const again = await local.round(engine);
    expect(again.pulled.upserts.map((u) => u.id)).toContain(remoteId);
    expect(await local.row(id)).toMatchObject({ deleted: false, syncState: 'error', syncMessage: row.syncMessage });
  });

  it("a refused edit is not replaced by a pull of the unchanged record; once Kantata's version changes, the refused values are in the conflict log", async () => {
    const local = new Device(world);
    const engine = engineFor(world);
    const { id, remoteId } = await synced(local, engine, { notes: 'original', amountCents: 1000 });
    world.sim.admin.injectFault({ kind: 'status', status: 403, method: 'PUT', times: 1 });
    await local.edit(id, { notes: 'refused edit' });
    expect((await local.round(engine)).settlements[0]).toMatchObject({ outcome: 'error', settled: true });
    expect(await local.row(id)).toMatchObject({ syncState: 'error', notes: 'refused edit' });
    const again = await local.round(engine);
    expect(again.pulled.upserts.map((u) => u.id)).toContain(remoteId);
    const row = await local.row(id);
    expect(row).toMatchObject({ syncState: 'error', notes: 'refused edit' });
    expect(row.syncMessage).toMatch(/Service is unavailable/);
    // Kantata's version really changes: it is shown, and the refused values can be restored.
    web(world).updateExpense(remoteId, { amount_in_cents: 4321 });
    await local.round(engine);
    expect(await local.row(id)).toMatchObject({ notes: 'original', amountCents: 4321, syncState: 'conflict' });
    const entry = (await local.conflicts()).find((c) => c.expenseId === id);
    expect(entry?.local?.notes).toBe('refused edit');
    expect(entry?.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'notes', local: 'refused edit', server: 'original', winner: 'server' })]));
  });
});

describe("defect 9: an edit in Kantata in the same second as the app's write", () => {
  /**
   * `fields` are changed in Kantata right after the app's PUT of `remoteId` is applied, in the same
   * second: the server clock is moved to the start of a second just before the PUT is handled.
   */
  function editRightAfterThePut(remoteId: string, fields: ExpenseInput): () => boolean {
    let done = false;
    const isThePut = (method: string, path: string): boolean => !done && method === 'PUT' && path === `/expenses/${remoteId}`;
    world.sim.admin.onApiRequest(({ method, path }) => {
      if (isThePut(method, path)) alignToSecondStart(world.sim);
    });
    world.sim.admin.afterApiRequest(({ method, path }) => {
      if (!isThePut(method, path)) return;
      done = true;
      web(world).updateExpense(remoteId, fields);
    });
    return () => done;
  }

  /** The setup holds: Kantata's record carries the same updated_at as the version the app wrote. */
  async function sameStamp(local: Device, id: string, remoteId: string): Promise<void> {
    const base = (await local.row(id)).base;
    expect(base?.updated_at).toBe(server(world, remoteId)?.updated_at);
  }

  it('is pulled by the next round, although its updated_at is the same', async () => {
    const local = new Device(world);
    const engine = engineFor(world);
    const { id, remoteId } = await synced(local, engine, { notes: 'start', amountCents: 1000 });
    await local.edit(id, { notes: 'app write' });
    const done = editRightAfterThePut(remoteId, { amount_in_cents: 2500, billable: false });
    await local.round(engine);
    expect(done()).toBe(true);
    await sameStamp(local, id, remoteId);
    await local.round(engine);
    expect(await local.row(id)).toMatchObject({ notes: 'app write', amountCents: 2500, billable: false, syncState: 'synced' });
    expect(server(world, remoteId)).toMatchObject({ notes: 'app write', amount_in_cents: 2500, is_billable: false });
    await assertConverged(world, local);
  });

  it('is not overwritten without a conflict by a push of an earlier local edit of the same field', async () => {
    const local = new Device(world);
    const engine = engineFor(world);
    const { id, remoteId } = await synced(local, engine, { notes: 'start', amountCents: 1000 });
    await local.edit(id, { amountCents: 1500 });
    const done = editRightAfterThePut(remoteId, { notes: 'web, later' });
    const roundStarted = Date.now();
    await local.round(engine);
    expect(done()).toBe(true);
    await sameStamp(local, id, remoteId);
    // Typed before Kantata's edit (while the round ran), saved after it.
    await atLocalTime(roundStarted, () => local.edit(id, { notes: 'local, earlier' }));
    const result = await local.round(engine);
    expect(server(world, remoteId)).toMatchObject({ notes: 'web, later', amount_in_cents: 1500 });
    const entry = result.conflicts.find((c) => c.expenseId === id);
    expect(entry?.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'notes', local: 'local, earlier', server: 'web, later', winner: 'server' })]),
    );
    expect(await local.row(id)).toMatchObject({ notes: 'web, later', amountCents: 1500 });
    expect((await local.conflicts()).some((c) => c.expenseId === id && c.local?.notes === 'local, earlier')).toBe(true);
    await assertConverged(world, local);
  });
});

/**
 * An expense synced, deleted in Kantata, edited here, and created again by a round whose answer
 * was lost; plus another project to move it to.
 */
async function recreatedWithLostAnswer() {
  const other = world.sim.admin.addWorkspace({ title: 'Other project', currency: 'USD' });
  const local = new Device(world);
  const engine = engineFor(world);
  const { id, remoteId: old } = await synced(local, engine, { notes: 'start' });
  web(world).deleteExpense(old);
  await local.edit(id, { notes: 'edited' });
  const lost = await local.send(engine, await local.buildRequest());
  return { local, engine, id, other, lost };
}

describe("defect 10: a project change on an expense that is adopted or re-created", () => {
  it("adopted: refused with Kantata's explanation, the row learns the remote id, a later edit makes no second record", async () => {
    const other = world.sim.admin.addWorkspace({ title: 'Other project', currency: 'USD' });
    const local = new Device(world);
    const id = await local.create({ notes: 'to move' });
    await local.send(engineFor(world), await local.buildRequest()); // created in the first project; the answer is lost
    const record = serverExpenses(world)[0]!;
    // Not known to be in Kantata yet, so the form still lets the project change.
    await local.edit(id, { workspaceId: other.id });
    const engine = engineFor(world);
    const result = await local.round(engine, { skipPull: true });
    expect(result.settlements[0]).toMatchObject({ settled: true, outcome: 'error', error: { field: 'workspaceId', retryable: false } });
    const row = await local.row(id);
    expect(row).toMatchObject({ syncState: 'error', remoteId: record.id, workspaceId: other.id, deleted: false });
    expect(row.syncMessage).toMatch(/project/i);
    expect(server(world, record.id)?.workspace_id).toBe(world.workspaceId);
    await local.edit(id, { notes: 'to move, edited' });
    world.sim.admin.clearRequestLog();
    await local.round(engine);
    expect(requests(world, { method: 'POST' })).toBe(0);
    expect(recordsPerClientId(world).get(id)).toBe(1);
    expect(serverExpenses(world)).toHaveLength(1);
  });

  it("re-created by an earlier round whose answer was lost: refused with Kantata's explanation, the row follows the new record", async () => {
    const { local, engine, id, other, lost } = await recreatedWithLostAnswer(); // its answer lost
    expect(lost.settlements[0]?.outcome).toBe('recreated');
    const recreated = lost.settlements[0]!.remoteId!;
    await local.edit(id, { workspaceId: other.id });
    const result = await local.round(engine, { reconcile: true });
    expect(result.settlements[0]).toMatchObject({ settled: true, outcome: 'error', error: { field: 'workspaceId', retryable: false } });
    expect(server(world, recreated)?.workspace_id).toBe(world.workspaceId);
    const row = await local.row(id);
    expect(row.syncMessage).toMatch(/project/i);
    expect(row).toMatchObject({ syncState: 'error', deleted: false, workspaceId: other.id, remoteId: recreated });
    await local.edit(id, { notes: 'edited again' });
    world.sim.admin.clearRequestLog();
    await local.round(engine, { reconcile: true });
    expect(requests(world, { method: 'POST' })).toBe(0);
    expect(recordsPerClientId(world).get(id)).toBe(1);
    expect(await local.live()).toHaveLength(1);
  });
  it('a refused move of a re-created expense, later found deleted by reconciliation and saved again, makes no second record', async () => {
    const { local, engine, id, other } = await recreatedWithLostAnswer(); // its answer lost
    advanceClock(world.sim, 10 * 60_000); // the re-created record is older than the pull overlap from here on
    await local.edit(id, { workspaceId: other.id });
    expect((await local.round(engine, { reconcile: true })).settlements[0]).toMatchObject({ outcome: 'error', error: { field: 'workspaceId' } });
    await local.round(engine, { reconcile: true });
    await local.edit(id, { notes: 'saved again' });
    world.sim.admin.clearRequestLog();
    await local.round(engine, { reconcile: true });
    expect(requests(world, { method: 'POST' })).toBe(0);
    expect(recordsPerClientId(world).get(id)).toBe(1);
    expect(serverExpenses(world)).toHaveLength(1);
  });
});

describe('defect 11: a foreign amount Kantata sends as a number', () => {
  it('is stored as a decimal string, and rounds with that expense pass the IPC schemas', async () => {
    expect(world.sim.admin.options().foreignAmountValueAs).toBe('number');
    const { amount_in_cents: _inProjectCurrency, ...fields } = webFields(world);
    const record = web(world).createExpense({ ...fields, foreign_exchange_amount: { source_value: '189.50', source_currency: 'EUR' } });
    expect(typeof record.foreign_exchange_amount?.source_value).toBe('number');
    const local = new Device(world);
    const engine = engineFor(world);
    expect((await local.round(engine)).status).toBe('ok');
    const [row] = await local.live();
    expect(row?.remoteId).toBe(record.id);
    expect(row?.foreignAmount).toEqual({ value: '189.5', currency: 'EUR' });
    // A round that carries the expense (Device.send checks the contract's schemas both ways).
    await local.edit(row!.id, { notes: 'paid in euros' });
    expect((await local.round(engine)).status).toBe('ok');
    expect(server(world, record.id)?.notes).toBe('paid in euros');
    expect((await local.row(row!.id)).foreignAmount).toEqual({ value: '189.5', currency: 'EUR' });
    await assertConverged(world, local);
  });
});

describe('defect 12: request parameters and on_my_account', () => {
  it('creates, updates, deletes, look-ups, reconciliation and pulls use only documented parameters', async () => {
    const local = new Device(world);
    const engine = engineFor(world);
    const [a, b, c] = await local.createMany(3, (i) => ({ notes: `n${i}` }));
    await local.round(engine);
    await local.edit(a!, { notes: 'edited' });
    await local.remove(b!);
    await local.remove(c!);
    await local.create({ notes: 'new' });
    await local.send(engine, await local.buildRequest()); // all sent; the answer is lost (crash)
    await local.round(engineFor(world), { skipPull: true }); // a new process: look-ups
    await local.round(engineFor(world), { reconcile: true }); // a pull and reconciliation
    const log = world.sim.admin.requestLog();
    const seen = (method: string, operation: string, param?: string): boolean =>
      log.some((r) => r.method === method && r.operation === operation && (param === undefined || r.query[param] !== undefined));
    expect(seen('POST', 'POST /expenses')).toBe(true);
    expect(seen('PUT', 'PUT /expenses/{id}')).toBe(true);
    expect(log.some((r) => r.method === 'DELETE')).toBe(true);
    expect(seen('GET', 'GET /expenses', 'external_reference_service_model_refs')).toBe(true);
    expect(seen('GET', 'GET /expenses', 'only')).toBe(true);
    expect(seen('GET', 'GET /expenses', 'updated_after')).toBe(true);
    expect(world.sim.admin.undocumentedParamUses().map((r) => `${r.method} ${r.path}: ${r.undocumentedParams.join(', ')}`)).toEqual([]);
  });

  it('expenses on a client project (not on my account) are pulled, found by look-ups, and not taken for deleted', async () => {
    const clientProject = world.sim.admin.addWorkspace({ title: 'Client project', currency: 'USD', onMyAccount: false });
    const fromWeb = web(world).createExpense(webFields(world, { workspace_id: clientProject.id, notes: 'entered on the web' }));
    const local = new Device(world);
    const engine = engineFor(world);
    await local.round(engine);
    expect((await local.live()).map((r) => r.remoteId)).toEqual([fromWeb.id]);
    const id = await local.create({ workspaceId: clientProject.id, notes: 'entered here' });
    await local.send(engineFor(world), await local.buildRequest()); // created; the answer is lost (crash)
    world.sim.admin.clearRequestLog();
    const replay = await local.round(engineFor(world), { skipPull: true });
    expect(replay.settlements[0]).toMatchObject({ outcome: 'adopted', settled: true });
    expect(requests(world, { method: 'POST' })).toBe(0);
    expect(recordsPerClientId(world).get(id)).toBe(1);
    expect(serverExpenses(world)).toHaveLength(2);
    const reconciled = await local.round(engine, { reconcile: true });
    expect(reconciled.pulled.deletedRemoteIds).toEqual([]);
    expect((await local.live()).map((r) => r.remoteId).sort()).toEqual(serverExpenses(world).map((e) => e.id).sort());
    await assertConverged(world, local);
  });
});
