/**
 * The pipelined first download (src/renderer/src/sync/first-download.ts) in real Chromium with real
 * IndexedDB, against the real main core's `syncPullChunk` (contract-checked, account connected) and
 * the real simulator: chunks applied one transaction each, the cursor written only with the last
 * one, an interrupted download started again without duplicates or lost rows, a pending local
 * change never overwritten, a server that changes while paging leaving no cursor, and the runner
 * using it for the first round (then pushing without pulling everything again).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PullChunkRequest, PullChunkResult } from '@shared/protocol/first-download';
import { CourierDatabase } from '@renderer/db/database';
import { saveExpense } from '@renderer/db/expenses-repo';
import { firstDownload, type PullChunkPort } from '@renderer/sync/first-download';
import { readCursor } from '@renderer/sync/round-db';
import { SyncExecutor } from '@renderer/sync/executor';
import { testDbName } from '../../support/browser/seed';
import { startSyncWorld, type BrowserSyncWorld } from '../../support/browser/sync-world';
import { SYNC_NOW } from '../../support/common/sync-requests';

const SERVER = 450;
let db: CourierDatabase;
let world: BrowserSyncWorld;
let chunks: PullChunkPort;

beforeEach(async () => {
  db = new CourierDatabase(testDbName('first-download'));
  await db.open();
  world = await startSyncWorld();
  await world.courier.accountConnect({ baseUrl: world.baseUrl, token: world.token });
  const f = world.fields();
  await world.admin({
    op: 'seedMine',
    count: SERVER,
    fields: { workspace_id: f.workspaceId, date: f.date, expense_category_id: f.categoryId, category: f.category, amount_in_cents: 500 },
  });
  // The download lists records up to a server second already passed: let the seeded ones be past.
  await world.admin({ op: 'advanceClock', ms: 5_000 });
  chunks = { syncPullChunk: (request) => world.courier.syncPullChunk(request) };
});

afterEach(async () => {
  await db.delete();
  await world.stop();
});

/** Stored rows by remote id: each server record exactly once. */
async function byRemoteId(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const row of await db.expenses.toArray()) if (row.remoteId) counts.set(row.remoteId, (counts.get(row.remoteId) ?? 0) + 1);
  return counts;
}

describe('the pipelined first download', () => {
  it('stores every server expense chunk by chunk and writes the cursor with the last chunk', async () => {
    const seen: PullChunkRequest[] = [];
    const cursorsWhileApplying: Array<string | null> = [];
    const port: PullChunkPort = {
      async syncPullChunk(request) {
        seen.push(request);
        cursorsWhileApplying.push(await readCursor(db));
        return chunks.syncPullChunk(request);
      },
    };
    const outcome = await firstDownload(db, port, 'r1', 1);
    expect(outcome).toMatchObject({ status: 'done', puts: SERVER });
    expect(seen.map((r) => [r.fromPage, r.pages])).toEqual([[1, 1], [2, 1], [3, 1]]);
    expect(cursorsWhileApplying).toEqual([null, null, null]);
    expect(typeof (await readCursor(db))).toBe('string');
    const counts = await byRemoteId();
    expect(counts.size).toBe(SERVER);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect((await db.expenses.toArray()).every((row) => row.syncState === 'synced' && row.base?.id === row.remoteId)).toBe(true);
  });

  it('after an interruption starts again: no duplicates, nothing lost, a pending local edit kept', async () => {
    let calls = 0;
    const failing: PullChunkPort = {
      syncPullChunk: (request) => (++calls === 2 ? Promise.reject(new Error('main went away')) : chunks.syncPullChunk(request)),
    };
    await expect(firstDownload(db, failing, 'r1', 1)).rejects.toThrow('main went away');
    expect(await readCursor(db)).toBeNull();
    const partial = await db.expenses.toArray();
    expect(partial).toHaveLength(200);

    // The user edits a downloaded expense before the download is finished.
    const edited = partial[7]!;
    await saveExpense({ id: edited.id, fields: { ...world.fields(), notes: 'edited here' } }, db);

    const again = await firstDownload(db, chunks, 'r2', 1);
    expect(again.status).toBe('done');
    const counts = await byRemoteId();
    expect(counts.size).toBe(SERVER);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(await db.expenses.get(edited.id)).toMatchObject({ notes: 'edited here', syncState: 'pending' });
    expect(await db.outbox.where('expenseId').equals(edited.id).count()).toBe(1);
    expect(typeof (await readCursor(db))).toBe('string');
  });

  it('a chunk that cannot be stored stops the download before the cursor is written', async () => {
    let refusedId: string | null = null;
    const port: PullChunkPort = {
      async syncPullChunk(request) {
        const result = await chunks.syncPullChunk(request);
        if (request.fromPage === 2) refusedId = result.upserts[0]!.id;
        return result;
      },
    };
    const refuse = (_key: unknown, row: { remoteId: string | null }) => {
      if (row.remoteId === refusedId) throw new Error('disk trouble');
    };
    db.expenses.hook('creating', refuse);
    try {
      await expect(firstDownload(db, port, 'r1', 1)).rejects.toThrow('disk trouble');
    } finally {
      db.expenses.hook('creating').unsubscribe(refuse);
    }
    expect(await readCursor(db)).toBeNull();
    // Started again, the download stores everything once and only then writes the cursor.
    expect((await firstDownload(db, chunks, 'r2', 1)).status).toBe('done');
    expect((await byRemoteId()).size).toBe(SERVER);
    expect(typeof (await readCursor(db))).toBe('string');
  });

  it('writes no cursor when the server changed while paging, so a normal round pulls again', async () => {
    // Every chunk lists the records last changed before the first chunk's server time. A record
    // created meanwhile falls outside that set (the next pull brings it); a listed record edited
    // meanwhile leaves it, so later pages count one fewer: the download cannot prove it missed
    // nothing and writes no cursor.
    let calls = 0;
    let firstChunk: PullChunkResult | null = null;
    const changing: PullChunkPort = {
      async syncPullChunk(request): Promise<PullChunkResult> {
        if (++calls === 2) {
          const f = world.fields();
          await world.admin({
            op: 'seedMine',
            count: 1,
            fields: { workspace_id: f.workspaceId, date: f.date, expense_category_id: f.categoryId, category: f.category, amount_in_cents: 7 },
          });
          await world.editAsOther(firstChunk!.upserts[0]!.id, { notes: 'edited in Kantata while paging' });
        }
        const result = await chunks.syncPullChunk(request);
        if (calls === 1) firstChunk = result;
        return result;
      },
    };
    const outcome = await firstDownload(db, changing, 'r1', 1);
    expect(outcome.status).toBe('incomplete');
    expect(await readCursor(db)).toBeNull();

    await world.admin({ op: 'advanceClock', ms: 5_000 });
    const runner = new SyncExecutor({ db, port: { ...world.port, ...chunks }, onError: (e) => console.error(e) });
    await runner.run(SYNC_NOW);
    expect(runner.state.lastStatus).toBe('ok');
    expect((await byRemoteId()).size).toBe(SERVER + 1);
    expect((await db.expenses.where('remoteId').equals(firstChunk!.upserts[0]!.id).first())?.notes).toBe('edited in Kantata while paging');
    expect(typeof (await readCursor(db))).toBe('string');
  });

  it('is how the executor makes the first round, which then pushes without pulling again', async () => {
    const offline = await saveExpense({ fields: world.fields({ notes: 'typed offline' }) }, db);
    const requestsBefore = (await world.admin({ op: 'requestCount' })) as number;
    const runner = new SyncExecutor({ db, port: { ...world.port, ...chunks }, onError: (e) => console.error(e) });
    await runner.run(SYNC_NOW);

    expect(runner.state.lastStatus).toBe('ok');
    expect(runner.state.lastSummary?.puts).toBeGreaterThanOrEqual(SERVER);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.expenses.get(offline.id)).toMatchObject({ syncState: 'synced', remoteId: expect.any(String) });
    expect((await byRemoteId()).size).toBe(SERVER + 1);
    expect(await world.serverExpenses()).toHaveLength(SERVER + 1);
    expect(typeof (await readCursor(db))).toBe('string');
    // Page 1 for the listing's length and the server's time, 3 pages bounded by that time, 1 bulk
    // create (+ reference data is not this runner's business). Nothing reconciled or pulled twice:
    // 450 ids would have cost more requests.
    const requests = ((await world.admin({ op: 'requestCount' })) as number) - requestsBefore;
    expect(requests).toBeLessThanOrEqual(5);
  });
});
