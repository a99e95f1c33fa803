/**
 * The Dexie side of one sync round (protocol: src/shared/protocol/round.ts).
 *
 * `prepareRound` reads what the engine needs and, in the same transaction, counts the attempt on
 * every outbox row it hands over: after a crash between sending and applying, the next round sends
 * the same rows with `attempts > 0`, so the engine looks creates up before making them again.
 *
 * `applyRoundResult` writes the result in ONE read-write transaction through the engine's pure
 * `planLocalApply`, re-reading the rows inside the transaction so that anything the user wrote
 * during the round wins: only the settled outbox rows leave, pulled records never overwrite a
 * pending local change, and a remote delete never removes one.
 */
import type { LocalExpense } from '@shared/model/expense';
import type { PullChunkResult } from '@shared/protocol/first-download';
import type { RoundOutboxEntry, StaleReceipt, SyncRoundRequest, SyncRoundResult } from '@shared/protocol/round';
import { localIdForRemote, localKeysNeeded, planLocalApply } from '@shared/sync/plan-local-apply';
import type { CourierDatabase } from '@renderer/db/database';
import type { ConflictRow } from '@renderer/db/schema';

export interface PrepareOptions {
  roundId: string;
  /** Send every known remote id so the engine can spot expenses deleted on the server. */
  reconcile?: boolean;
  skipPull?: boolean;
}

/** The pull cursor as the engine gave it; older databases may hold something else there. */
export async function readCursor(db: CourierDatabase): Promise<string | null> {
  const value = (await db.meta.get('syncCursor'))?.value;
  return typeof value === 'string' ? value : null;
}

export async function prepareRound(db: CourierDatabase, opts: PrepareOptions): Promise<SyncRoundRequest> {
  return db.transaction('rw', [db.outbox, db.expenses, db.meta, db.receipts], async () => {
    const rows = await db.outbox.orderBy('seq').toArray();
    const outbox: RoundOutboxEntry[] = [];
    for (const row of rows) {
      if (row.seq === undefined) continue;
      const attempts = row.attempts ?? 0;
      outbox.push({
        seq: row.seq,
        expenseId: row.expenseId,
        kind: row.kind,
        at: row.at,
        attempts,
        ...(row.changes !== undefined && { changes: row.changes }),
        ...(row.notBefore !== undefined && { notBefore: row.notBefore }),
      });
      row.attempts = attempts + 1;
    }
    await db.outbox.bulkPut(rows);

    const ids = [...new Set(outbox.map((e) => e.expenseId))];
    const expenses = (await db.expenses.bulkGet(ids)).filter((e): e is LocalExpense => e !== undefined);

    const receiptIds = [...new Set(expenses.map((e) => e.receiptId).filter((id): id is string => id !== null))];
    const receiptRemoteIds: Record<string, string> = {};
    for (const receipt of await db.receipts.bulkGet(receiptIds)) {
      if (receipt?.attachmentId) receiptRemoteIds[receipt.id] = receipt.attachmentId;
    }

    const request: SyncRoundRequest = { roundId: opts.roundId, outbox, expenses, cursor: await readCursor(db) };
    if (Object.keys(receiptRemoteIds).length > 0) request.receiptRemoteIds = receiptRemoteIds;
    if (opts.skipPull) request.skipPull = true;
    if (opts.reconcile) request.reconcileRemoteIds = (await db.expenses.orderBy('remoteId').uniqueKeys()).map(String);
    const checks = await readDuplicateChecks(db);
    if (checks.length > 0) request.checkClientIds = checks;
    return request;
  });
}

async function readDuplicateChecks(db: CourierDatabase): Promise<string[]> {
  const value = (await db.meta.get('duplicateChecks'))?.value;
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}

/** Every remote id stored locally (a key-only scan of the remoteId index). */
export async function readKnownRemoteIds(db: CourierDatabase): Promise<Set<string>> {
  return new Set((await db.expenses.orderBy('remoteId').keys()).map(String));
}

export interface ApplySummary {
  puts: number;
  deletes: number;
  outboxRemoved: number;
  conflicts: number;
}

/** Statuses after which the local data reflects the server (the "last sync" time moves). */
const REACHED_SERVER = new Set<SyncRoundResult['status']>(['ok', 'partial']);

export async function applyRoundResult(db: CourierDatabase, result: SyncRoundResult, now: number = Date.now()): Promise<ApplySummary> {
  return applyInOneTransaction(db, result, now, REACHED_SERVER.has(result.status));
}

/**
 * One chunk of the first full download (see first-download.ts), in its own transaction and through
 * the same planLocalApply as a round: pending local rows are never overwritten, and a chunk applied
 * twice writes the same rows. `cursor` is given with the last chunk only.
 */
export async function applyPulledChunk(
  db: CourierDatabase,
  chunk: Pick<PullChunkResult, 'upserts' | 'clientRefs'>,
  cursor: string | null,
  /** Remote ids that may already be stored (any other is known not to be): no index scan per chunk. */
  knownRemoteIds: ReadonlySet<string>,
  now: number = Date.now(),
): Promise<ApplySummary> {
  const result: SyncRoundResult = {
    roundId: 'first-download',
    status: 'partial',
    settlements: [],
    pulled: { upserts: chunk.upserts, clientRefs: chunk.clientRefs, deletedRemoteIds: [], complete: cursor !== null, full: true },
    cursor,
    clockSkewMs: 0,
    conflicts: [],
    nextAttemptAt: null,
    stats: { requests: 0, startedAt: now, finishedAt: now },
  };
  // The round that follows the download records the sync time.
  return applyInOneTransaction(db, result, now, false, knownRemoteIds);
}

async function applyInOneTransaction(
  db: CourierDatabase,
  result: SyncRoundResult,
  now: number,
  reachedServer: boolean,
  knownRemoteIds?: ReadonlySet<string>,
): Promise<ApplySummary> {
  return db.transaction('rw', [db.expenses, db.outbox, db.conflicts, db.meta, db.receipts], async () => {
    const keys = localKeysNeeded(result);
    const byId = new Map<string, LocalExpense>();
    for (const row of await db.expenses.bulkGet(keys.expenseIds)) if (row) byId.set(row.id, row);
    // A full download names every server record: read only those this database already has (a
    // key-only scan of the remoteId index), so the first download into an empty table reads nothing.
    const known = knownRemoteIds ?? (keys.remoteIds.length > 1_000 ? await readKnownRemoteIds(db) : null);
    const remoteIds = known ? keys.remoteIds.filter((id) => known.has(id)) : keys.remoteIds;
    if (remoteIds.length > 0) {
      // Most rows sit under an id the result predicts (the client id, or the id given to records
      // first seen on the server): fetch those by primary key, and search the remoteId index only
      // for the rest (an index search over tens of thousands of keys takes seconds).
      const predicted = remoteIds.map((remoteId) => result.pulled.clientRefs[remoteId] ?? localIdForRemote(remoteId));
      const found = new Set<string>();
      for (const row of await db.expenses.bulkGet(predicted)) {
        if (!row) continue;
        byId.set(row.id, row);
        if (row.remoteId) found.add(row.remoteId);
      }
      const rest = remoteIds.filter((remoteId) => !found.has(remoteId));
      if (rest.length > 0) for (const row of await db.expenses.where('remoteId').anyOf(rest).toArray()) byId.set(row.id, row);
    }
    const expenses = [...byId.values()];
    const outbox = expenses.length > 0 ? await db.outbox.where('expenseId').anyOf([...byId.keys()]).toArray() : [];
    const plan = planLocalApply(result, { expenses, outbox }, now);

    await db.expenses.bulkPut(plan.puts);
    await db.expenses.bulkDelete(plan.deletes);
    await db.outbox.bulkDelete(plan.outboxSeqsToRemove);
    if (plan.outboxAdds.length > 0) await db.outbox.bulkAdd(plan.outboxAdds);
    for (const hold of plan.outboxHolds) await db.outbox.update(hold.seq, { notBefore: hold.notBefore });
    const checked = new Set(result.checkedClientIds ?? []);
    if (checked.size > 0 || plan.duplicateChecks.length > 0) {
      const checks = new Set((await readDuplicateChecks(db)).filter((id) => !checked.has(id)));
      for (const id of plan.duplicateChecks) checks.add(id);
      await db.meta.put({ key: 'duplicateChecks', value: [...checks] });
    }
    const conflictRows: ConflictRow[] = plan.conflictLog.map((entry) => ({ ...entry, at: now, resolvedAt: null }));
    await db.conflicts.bulkPut(conflictRows);
    for (const stale of result.staleReceipts ?? []) await uploadStaleReceiptAgain(db, stale, now);
    if (result.cursor) await db.meta.put({ key: 'syncCursor', value: result.cursor });
    if (reachedServer) await db.meta.put({ key: 'lastSyncAt', value: now });
    return {
      puts: plan.puts.length,
      deletes: plan.deletes.length,
      outboxRemoved: plan.outboxSeqsToRemove.length,
      conflicts: conflictRows.length,
    };
  });
}

/**
 * Kantata refused an expense only because its receipt's attachment is gone (deleted there): the
 * receipt is marked for a fresh upload and the expense queued again, once. A receipt refused a
 * second time keeps the error on the expense; the user can replace or remove it.
 */
async function uploadStaleReceiptAgain(db: CourierDatabase, stale: StaleReceipt, now: number): Promise<void> {
  const receipt = await db.receipts.get(stale.receiptId);
  if (!receipt || receipt.attachmentId !== stale.attachmentId || receipt.refusedAttachmentId) return;
  await db.receipts.update(receipt.id, { attachmentId: null, refusedAttachmentId: stale.attachmentId });
  const expense = await db.expenses.get(stale.expenseId);
  if (!expense || expense.deleted || expense.receiptId !== receipt.id) return;
  await db.expenses.put({ ...expense, syncState: 'pending', syncMessage: 'Its receipt was no longer in Kantata; it is being uploaded again.' });
  await db.outbox.add({ expenseId: expense.id, kind: 'update', changes: { receiptId: receipt.id }, at: now });
}
