/**
 * A full first download applied in real IndexedDB: thousands of server records in one transaction,
 * rows found again whatever id they sit under, a pending local change never overwritten, and a
 * second identical download writing nothing. (Throughput is the bench's business, not asserted.)
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ApiExpense } from '@shared/kantata/wire';
import type { LocalExpense } from '@shared/model/expense';
import type { SyncRoundResult } from '@shared/protocol/round';
import { localFromApi } from '@shared/kantata/mapping';
import { CourierDatabase } from '@renderer/db/database';
import { applyRoundResult } from '@renderer/sync/round-db';
import { testDbName } from '../../support/browser/seed';
import { apiExpense } from '../../support/common/api-expense';

const N = 3_000;
let db: CourierDatabase;

beforeEach(async () => {
  db = new CourierDatabase(testDbName('full-download'));
  await db.open();
});

afterEach(async () => {
  await db.delete();
});

function serverExpense(i: number, notes = `expense ${i}`): ApiExpense {
  return apiExpense({
    id: String(100_000 + i),
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-02T00:00:00Z',
    date: '2026-01-01',
    notes,
    amount_in_cents: 1000 + i,
    workspace_id: '7',
    user_id: '1',
    external_reference_ids: [],
  });
}

function fullDownload(roundId: string, upserts: ApiExpense[], clientRefs: Record<string, string> = {}): SyncRoundResult {
  return {
    roundId,
    status: 'ok',
    settlements: [],
    cursor: '2026-01-03T00:00:00Z',
    clockSkewMs: 0,
    conflicts: [],
    nextAttemptAt: null,
    pulled: { upserts, clientRefs, deletedRemoteIds: [], complete: true, full: true },
    stats: { requests: 0, startedAt: 0, finishedAt: 0 },
  };
}

it('stores a full download, finds existing rows under any id, keeps pending edits, and re-applies as a no-op', async () => {
  const upserts = Array.from({ length: N }, (_, i) => serverExpense(i));
  // Already here before the download: a synced row under an id the result cannot predict, and a
  // row this app created whose local edit is still queued.
  const stale = serverExpense(5, 'old notes');
  const odd: LocalExpense = { ...localFromApi({ ...stale, updated_at: '2025-12-01T00:00:00Z' }, null, 'imported-by-hand') };
  const mine: LocalExpense = { ...localFromApi(serverExpense(9), null, 'client-uuid-9'), notes: 'edited here', syncState: 'pending' };
  await db.expenses.bulkPut([odd, mine]);
  await db.outbox.add({ expenseId: mine.id, kind: 'update', changes: { notes: 'edited here' }, at: Date.now() });

  const first = await applyRoundResult(db, fullDownload('full-1', upserts, { [serverExpense(9).id]: mine.id }));

  expect(await db.expenses.count()).toBe(N);
  expect(await db.expenses.get('imported-by-hand')).toMatchObject({ remoteId: serverExpense(5).id, notes: 'expense 5', syncState: 'synced' });
  expect(await db.expenses.get('kantata-' + serverExpense(5).id)).toBeUndefined();
  expect(await db.expenses.get(mine.id)).toMatchObject({ notes: 'edited here', syncState: 'pending' });
  expect(await db.outbox.count()).toBe(1);
  expect(await db.expenses.get('kantata-100042')).toMatchObject({ notes: 'expense 42', amountCents: 1042, syncState: 'synced' });
  expect(first.puts).toBeGreaterThanOrEqual(N - 1);
  expect((await db.meta.get('syncCursor'))?.value).toBe('2026-01-03T00:00:00Z');

  const again = await applyRoundResult(db, fullDownload('full-2', upserts, { [serverExpense(9).id]: mine.id }));
  expect(again.puts).toBe(0);
  expect(await db.expenses.count()).toBe(N);
});
