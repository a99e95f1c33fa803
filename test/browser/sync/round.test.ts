/**
 * The renderer's side of a sync round in real Chromium with real IndexedDB, against the real sync
 * engine and the real Kantata simulator (in Node, reached through vitest browser commands: the
 * contract boundary). Covers: prepare + apply in one transaction, exactly-once after a lost apply,
 * rows written during a round stay, conflicts logged, 422 isolation, remote deletes, rounds run one
 * after another and reported to main.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncRoundEnd, SyncRoundRequest } from '@shared/protocol/round';
import { CourierDatabase } from '@renderer/db/database';
import { deleteExpense, saveExpense } from '@renderer/db/expenses-repo';
import { applyRoundResult, prepareRound } from '@renderer/sync/round-db';
import { restorePlan, restoreVersion } from '@renderer/sync/conflicts';
import { SyncExecutor, type SyncPort } from '@renderer/sync/executor';
import { testDbName } from '../../support/browser/seed';
import { startSyncWorld, type BrowserSyncWorld } from '../../support/browser/sync-world';
import { APP_START, LOCAL_WRITE, SYNC_NOW } from '../../support/common/sync-requests';

let db: CourierDatabase;
let world: BrowserSyncWorld;

beforeEach(async () => {
  db = new CourierDatabase(testDbName('sync'));
  await db.open();
  world = await startSyncWorld();
});

afterEach(async () => {
  await db.delete();
  await world.stop();
});

function runner(port: SyncPort = world.port): SyncExecutor {
  return new SyncExecutor({ db, port, onError: (e) => console.error(e) });
}

const mine = (list: Awaited<ReturnType<BrowserSyncWorld['serverExpenses']>>, notes: string) => list.filter((e) => e.notes === notes);

describe('a sync round in the renderer', () => {
  it('delivers offline creates once, marks them synced and empties the outbox', async () => {
    const a = await saveExpense({ fields: world.fields({ notes: 'taxi A' }) }, db);
    const b = await saveExpense({ fields: world.fields({ notes: 'hotel B', amountCents: 9900 }) }, db);
    await saveExpense({ id: b.id, fields: world.fields({ notes: 'hotel B', amountCents: 9950 }) }, db);

    await runner().run(SYNC_NOW);

    expect(await db.outbox.count()).toBe(0);
    const rows = await db.expenses.bulkGet([a.id, b.id]);
    for (const row of rows) expect(row).toMatchObject({ syncState: 'synced', syncMessage: null, remoteId: expect.any(String) });
    const server = await world.serverExpenses();
    expect(server).toHaveLength(2);
    expect(server.find((e) => e.id === rows[1]!.remoteId)).toMatchObject({ notes: 'hotel B', amount_in_cents: 9950 });
    expect(rows[1]!.base?.id).toBe(rows[1]!.remoteId);
    expect(typeof (await db.meta.get('syncCursor'))?.value).toBe('string');
    expect((await db.meta.get('lastSyncAt'))?.value).toEqual(expect.any(Number));
  });

  it('counts the attempt on every outbox row it hands over, in Dexie, before the call', async () => {
    const a = await saveExpense({ fields: world.fields() }, db);
    const request = await prepareRound(db, { roundId: 'r1' });
    expect(request.outbox).toEqual([expect.objectContaining({ expenseId: a.id, kind: 'create', attempts: 0 })]);
    expect(request.expenses.map((e) => e.id)).toEqual([a.id]);
    expect(request.cursor).toBeNull();
    expect((await db.outbox.toArray())[0]!.attempts).toBe(1);
    const again = await prepareRound(db, { roundId: 'r2' });
    expect(again.outbox[0]!.attempts).toBe(1);
  });

  it('replays a round whose result was never applied (crash) without a duplicate', async () => {
    const a = await saveExpense({ fields: world.fields({ notes: 'lost apply' }) }, db);
    // The server commits the create, but the renderer dies before applying the answer.
    const lost = await world.port.syncRound(await prepareRound(db, { roundId: 'lost' }));
    expect(lost.settlements[0]).toMatchObject({ outcome: 'created', settled: true });
    expect(await db.outbox.count()).toBe(1);

    await runner().run(APP_START);

    expect(mine(await world.serverExpenses(), 'lost apply')).toHaveLength(1);
    expect(await db.expenses.get(a.id)).toMatchObject({ syncState: 'synced', remoteId: lost.settlements[0]!.remoteId });
    expect(await db.outbox.count()).toBe(0);
  });

  it('applying the same result twice changes nothing the second time', async () => {
    await saveExpense({ fields: world.fields({ notes: 'twice' }) }, db);
    const result = await world.port.syncRound(await prepareRound(db, { roundId: 'twice' }));
    await applyRoundResult(db, result);
    const after = await db.expenses.toArray();
    await applyRoundResult(db, result);
    expect(await db.expenses.toArray()).toEqual(after);
    expect(await db.outbox.count()).toBe(0);
  });

  it('keeps rows written during the round, with their newer values, and sends them next round', async () => {
    const a = await saveExpense({ fields: world.fields({ notes: 'before' }) }, db);
    let editedDuringRound = false;
    const port: SyncPort = {
      async syncRound(request: SyncRoundRequest) {
        const result = await world.port.syncRound(request);
        if (!editedDuringRound) {
          editedDuringRound = true;
          await saveExpense({ id: a.id, fields: world.fields({ notes: 'typed during the round' }) }, db);
        }
        return result;
      },
    };
    const r = runner(port);
    await r.run(SYNC_NOW);

    // The create settled; the edit made meanwhile is still queued, and the row kept its value.
    const row = await db.expenses.get(a.id);
    expect(row).toMatchObject({ notes: 'typed during the round', syncState: 'pending', remoteId: expect.any(String) });
    expect((await db.outbox.toArray()).map((e) => e.kind)).toEqual(['update']);

    await r.run(LOCAL_WRITE);
    expect(await db.outbox.count()).toBe(0);
    const server = await world.serverExpenses();
    expect(server).toHaveLength(1);
    expect(server[0]).toMatchObject({ id: row!.remoteId, notes: 'typed during the round' });
    expect(await db.expenses.get(a.id)).toMatchObject({ syncState: 'synced' });
  });

  it('runs the rounds main asks for one after another, never two at once, and reports each one over', async () => {
    await saveExpense({ fields: world.fields() }, db);
    let calls = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const reports: SyncRoundEnd[] = [];
    const port: SyncPort = {
      async syncRound(request) {
        calls++;
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        try {
          if (calls === 1) await gate;
          return await world.port.syncRound(request);
        } finally {
          inFlight--;
        }
      },
      roundEnded: async (report) => reports.push(report),
    };
    const r = runner(port);
    const first = r.run(APP_START);
    await expect.poll(() => calls).toBe(1);
    const second = r.run(LOCAL_WRITE);
    expect(r.state.running).toBe(true);
    release();
    await Promise.all([first, second]);
    expect(calls).toBe(2);
    expect(mostInFlight).toBe(1);
    expect(r.state.running).toBe(false);
    // Main hears of each round once it is applied: what it included, and how it went.
    expect(reports).toEqual([
      { applied: true, status: 'ok', reconciled: true, referenceRefreshed: false, error: null },
      { applied: true, status: 'ok', reconciled: false, referenceRefreshed: false, error: null },
    ]);
  });

  it('reports a failed call to main, which schedules the retry, and leaves the outbox intact meanwhile', async () => {
    await saveExpense({ fields: world.fields({ notes: 'after a failure' }) }, db);
    let calls = 0;
    const reports: SyncRoundEnd[] = [];
    const port: SyncPort = {
      async syncRound(request) {
        calls++;
        if (calls === 1) throw new Error('main is restarting');
        return world.port.syncRound(request);
      },
      roundEnded: async (report) => reports.push(report),
    };
    const r = runner(port);
    await r.run(APP_START);
    expect(r.state.lastError).toBe('main is restarting');
    expect(reports).toEqual([{ applied: false, status: null, reconciled: false, referenceRefreshed: false, error: 'main is restarting' }]);
    expect(await db.outbox.toArray()).toEqual([expect.objectContaining({ kind: 'create', attempts: 1 })]);

    // The retry main asks for later sends the same row; the engine finds nothing to double.
    await r.run(LOCAL_WRITE);
    expect(await db.outbox.count()).toBe(0);
    expect(r.state).toMatchObject({ lastError: null, lastStatus: 'ok' });
    expect(mine(await world.serverExpenses(), 'after a failure')).toHaveLength(1);
  });

  it('logs a conflict with both versions when Kantata changed a field edited here', async () => {
    const a = await saveExpense({ fields: world.fields({ notes: 'original' }) }, db);
    const r = runner();
    await r.run(SYNC_NOW);
    const remoteId = (await db.expenses.get(a.id))!.remoteId!;

    await saveExpense({ id: a.id, fields: world.fields({ notes: 'edited here' }) }, db);
    // Someone else edits the same field in Kantata after the local edit: theirs is later and wins.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await world.editAsOther(remoteId, { notes: 'edited in Kantata' });
    await r.run(SYNC_NOW);

    const row = await db.expenses.get(a.id);
    expect(row).toMatchObject({ notes: 'edited in Kantata', syncState: 'conflict' });
    const log = await db.conflicts.where('expenseId').equals(a.id).toArray();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ overwrote: true, resolvedAt: null, remoteId });
    const notes = log[0]!.fields.find((f) => f.field === 'notes');
    expect(notes).toMatchObject({ local: 'edited here', server: 'edited in Kantata', winner: 'server' });
    expect(await db.outbox.count()).toBe(0);

    // "Use your version" (restoring the local one): one normal queued update, then it syncs.
    expect(restorePlan(log[0]!, 'local')).toEqual({ kind: 'fields', values: { notes: 'edited here' } });
    expect(restorePlan(log[0]!, 'server')).toEqual({ kind: 'none' });
    await restoreVersion(db, log[0]!, 'local');
    expect(await db.outbox.toArray()).toEqual([expect.objectContaining({ kind: 'update', changes: { notes: 'edited here' } })]);
    expect((await db.conflicts.get(log[0]!.id))!.resolvedAt).toEqual(expect.any(Number));
    await r.run(LOCAL_WRITE);
    expect(await db.expenses.get(a.id)).toMatchObject({ notes: 'edited here', syncState: 'synced' });
    expect((await world.serverExpenses())[0]).toMatchObject({ id: remoteId, notes: 'edited here' });
  });

  it('brings back an expense deleted here but changed later in Kantata, and "restore" deletes it again', async () => {
    const a = await saveExpense({ fields: world.fields({ notes: 'contested' }) }, db);
    const r = runner();
    await r.run(SYNC_NOW);
    const remoteId = (await db.expenses.get(a.id))!.remoteId!;
    await deleteExpense(a.id, db);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await world.editAsOther(remoteId, { notes: 'still needed, says Kantata' });

    await r.run(LOCAL_WRITE);

    expect(await db.expenses.get(a.id)).toMatchObject({ deleted: false, notes: 'still needed, says Kantata', syncState: 'conflict' });
    const [entry] = await db.conflicts.where('expenseId').equals(a.id).toArray();
    expect(entry).toMatchObject({ kind: 'delete-vs-edit', resolvedAt: null });
    expect(restorePlan(entry!, 'local')).toEqual({ kind: 'delete' });

    await restoreVersion(db, entry!, 'local');
    await r.run(LOCAL_WRITE);
    expect(await db.expenses.get(a.id)).toBeUndefined();
    expect((await world.serverExpenses()).some((e) => e.id === remoteId)).toBe(false);
  });

  it('turns a local edit of an expense locked in Kantata meanwhile into a locked row and a logged rejection', async () => {
    const a = await saveExpense({ fields: world.fields({ notes: 'before the lock' }) }, db);
    const r = runner();
    await r.run(SYNC_NOW);
    const remoteId = (await db.expenses.get(a.id))!.remoteId!;
    await saveExpense({ id: a.id, fields: world.fields({ notes: 'edited after submission' }) }, db);
    await world.admin({ op: 'lock', id: remoteId, how: 'submit' });

    await r.run(LOCAL_WRITE);

    expect(await db.expenses.get(a.id)).toMatchObject({ syncState: 'locked', userCanEdit: false, notes: 'before the lock' });
    expect(await db.outbox.count()).toBe(0);
    const [entry] = await db.conflicts.where('expenseId').equals(a.id).toArray();
    expect(entry).toMatchObject({ kind: 'locked' });
    expect(entry!.local).toMatchObject({ notes: 'edited after submission' });
    expect(restorePlan(entry!, 'local')).toEqual({ kind: 'none' });
    expect((await world.serverExpenses())[0]).toMatchObject({ notes: 'before the lock' });
  });

  it('marks only the refused expense with the server message; the others sync', async () => {
    const good = await saveExpense({ fields: world.fields({ notes: 'good one' }) }, db);
    const bad = await saveExpense({ fields: world.fields({ notes: 'bad one', categoryId: '999999' }) }, db);
    await runner().run(SYNC_NOW);

    expect(await db.expenses.get(good.id)).toMatchObject({ syncState: 'synced' });
    const refused = await db.expenses.get(bad.id);
    expect(refused).toMatchObject({ syncState: 'error', remoteId: null });
    expect(refused!.syncMessage).toMatch(/category/i);
    expect((await world.serverExpenses()).map((e) => e.notes)).toEqual(['good one']);
  });

  it('removes an expense deleted in Kantata, but keeps one with a pending local change', async () => {
    const a = await saveExpense({ fields: world.fields({ notes: 'deleted remotely' }) }, db);
    const b = await saveExpense({ fields: world.fields({ notes: 'edited here, deleted there' }) }, db);
    const r = runner();
    await r.run(SYNC_NOW);
    const [ra, rb] = await db.expenses.bulkGet([a.id, b.id]);
    await world.deleteAsOther(ra!.remoteId!);
    await world.deleteAsOther(rb!.remoteId!);
    await saveExpense({ id: b.id, fields: world.fields({ notes: 'edited here after all' }) }, db);

    await r.run(SYNC_NOW);

    expect(await db.expenses.get(a.id)).toBeUndefined();
    const kept = await db.expenses.get(b.id);
    expect(kept).toMatchObject({ notes: 'edited here after all', deleted: false });
    expect(kept!.remoteId).not.toBe(rb!.remoteId);
    expect(mine(await world.serverExpenses(), 'edited here after all')).toHaveLength(1);
  });

  it('delivers a local delete and drops the row', async () => {
    const a = await saveExpense({ fields: world.fields({ notes: 'to delete' }) }, db);
    const r = runner();
    await r.run(SYNC_NOW);
    await deleteExpense(a.id, db);
    await r.run(LOCAL_WRITE);
    expect(await db.expenses.get(a.id)).toBeUndefined();
    expect(await world.serverExpenses()).toHaveLength(0);
    expect(await db.outbox.count()).toBe(0);
  });
});
