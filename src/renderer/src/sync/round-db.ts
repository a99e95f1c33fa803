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
import type { RoundSubmission } from '@shared/protocol/submissions';
import type { ReceiptAttachment } from '@shared/protocol/receipt-attachments';
import { holdsExpenses } from '@shared/submissions/status';
import { localIdForRemote, localKeysNeeded, planLocalApply } from '@shared/sync/plan-local-apply';
import { planSubmissionApply, type SubmissionNotice } from '@shared/sync/plan-submission-apply';
import type { CourierDatabase } from '@renderer/db/database';
import type { ConflictRow } from '@renderer/db/schema';
import { releasedText } from '@renderer/submissions/submission-text';
import { t } from '@renderer/i18n';

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
  return db.transaction('rw', [db.outbox, db.expenses, db.meta, db.receipts, db.submissions, db.submissionOutbox], async () => {
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
    const submissions = await prepareSubmissions(db);
    if (submissions.length > 0) request.submissions = submissions;
    // Open reports are followed every round; reports made elsewhere turn up on the reconcile schedule.
    if (opts.reconcile || (await db.submissions.where('status').anyOf('queued', 'pending').count()) > 0) {
      request.submissionCursor = await readSubmissionCursor(db);
    }
    return request;
  });
}

async function readSubmissionCursor(db: CourierDatabase): Promise<string | null> {
  const value = (await db.meta.get('submissionCursor'))?.value;
  return typeof value === 'string' ? value : null;
}

/** The queued submission outbox rows, each counted as attempted (as expense rows are), with its expenses' remote ids. */
async function prepareSubmissions(db: CourierDatabase): Promise<RoundSubmission[]> {
  const rows = await db.submissionOutbox.orderBy('seq').toArray();
  if (rows.length === 0) return [];
  const subs = new Map((await db.submissions.bulkGet([...new Set(rows.map((r) => r.submissionId))])).flatMap((s) => (s ? [[s.id, s] as const] : [])));
  const expenseIds = [...new Set([...subs.values()].flatMap((s) => s.expenseIds))];
  const remoteIds = new Map((await db.expenses.bulkGet(expenseIds)).flatMap((e) => (e ? [[e.id, e.remoteId] as const] : [])));
  const out: RoundSubmission[] = [];
  for (const row of rows) {
    const sub = subs.get(row.submissionId);
    if (row.seq === undefined || !sub) continue;
    const attempts = row.attempts ?? 0;
    out.push({
      seq: row.seq,
      submissionId: sub.id,
      kind: row.kind,
      at: row.at,
      attempts,
      workspaceId: sub.workspaceId,
      title: sub.title,
      comment: sub.comment,
      expenses: sub.expenseIds.map((id) => ({ id, remoteId: remoteIds.get(id) ?? null })),
      remoteId: sub.remoteId,
      ...(row.reason !== undefined && { reason: row.reason }),
      ...(row.notBefore !== undefined && { notBefore: row.notBefore }),
    });
    row.attempts = attempts + 1;
  }
  await db.submissionOutbox.bulkPut(rows);
  return out;
}

/**
 * Keeps what the pull learned of Kantata receipt attachments. An attachment's bytes never change
 * under its id, so a hash already downloaded stays; the URL and name are taken fresh.
 */
async function storeRemoteReceipts(db: CourierDatabase, receipts: readonly ReceiptAttachment[], now: number): Promise<void> {
  if (receipts.length === 0) return;
  const known = await db.remoteReceipts.bulkGet(receipts.map((r) => r.id));
  await db.remoteReceipts.bulkPut(receipts.map((r, i) => ({ ...r, hash: known[i]?.hash ?? null, fetchedAt: now })));
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
  /** Reports approved or rejected in Kantata, as this result brought them. */
  submissionNotices?: SubmissionNotice[];
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
  chunk: Pick<PullChunkResult, 'upserts' | 'clientRefs' | 'receipts'>,
  cursor: string | null,
  /** Remote ids that may already be stored (any other is known not to be): no index scan per chunk. */
  knownRemoteIds: ReadonlySet<string>,
  now: number = Date.now(),
): Promise<ApplySummary> {
  const result: SyncRoundResult = {
    roundId: 'first-download',
    status: 'partial',
    settlements: [],
    pulled: {
      upserts: chunk.upserts,
      clientRefs: chunk.clientRefs,
      deletedRemoteIds: [],
      complete: cursor !== null,
      full: true,
      ...(chunk.receipts && { receipts: chunk.receipts }),
    },
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
  const tables = [db.expenses, db.outbox, db.conflicts, db.meta, db.receipts, db.submissions, db.submissionOutbox, db.remoteReceipts];
  return db.transaction('rw', tables, async () => {
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
    await storeRemoteReceipts(db, result.pulled.receipts ?? [], now);
    if (result.cursor) await db.meta.put({ key: 'syncCursor', value: result.cursor });
    if (reachedServer) await db.meta.put({ key: 'lastSyncAt', value: now });
    const notices = await applySubmissions(db, result, plan.puts, now);
    return {
      puts: plan.puts.length,
      deletes: plan.deletes.length,
      outboxRemoved: plan.outboxSeqsToRemove.length,
      conflicts: conflictRows.length,
      ...(notices.length > 0 && { submissionNotices: notices }),
    };
  });
}

/**
 * The submission part of a result (planSubmissionApply), then the expenses' lock: an expense held
 * by an open report (queued here, pending or approved in Kantata) cannot be edited, whatever its
 * server record said when it was stored; one whose report was rejected or cancelled is editable
 * again (as its server record says) and shows why. Runs inside applyInOneTransaction.
 */
async function applySubmissions(db: CourierDatabase, result: SyncRoundResult, expensePuts: readonly LocalExpense[], now: number): Promise<SubmissionNotice[]> {
  const hasSubmissionPart = (result.submissionSettlements?.length ?? 0) > 0 || (result.pulledSubmissions?.upserts.length ?? 0) > 0;
  if (result.submissionCursor) await db.meta.put({ key: 'submissionCursor', value: result.submissionCursor });
  let changed: ReturnType<typeof planSubmissionApply>['changed'] = [];
  let notices: SubmissionNotice[] = [];
  if (hasSubmissionPart) {
    const remoteExpenseIds = new Set<string>();
    for (const server of [...(result.pulledSubmissions?.upserts ?? []), ...(result.submissionSettlements ?? []).flatMap((s) => (s.server ? [s.server] : []))]) {
      for (const id of server.expense_ids ?? []) remoteExpenseIds.add(String(id));
    }
    const localOf = new Map<string, string>();
    for (const row of await db.expenses.where('remoteId').anyOf([...remoteExpenseIds]).toArray()) if (row.remoteId) localOf.set(row.remoteId, row.id);
    const plan = planSubmissionApply(result, {
      submissions: await db.submissions.toArray(),
      outbox: await db.submissionOutbox.toArray(),
      localExpenseId: (remoteId) => localOf.get(remoteId),
    }, now);
    await db.submissions.bulkPut(plan.puts);
    await db.submissionOutbox.bulkDelete(plan.outboxSeqsToRemove);
    for (const hold of plan.outboxHolds) await db.submissionOutbox.update(hold.seq, { notBefore: hold.notBefore });
    changed = plan.changed;
    notices = plan.notices;
  }
  // Only rows an open report holds, or whose report just let go of them, differ from what their server record says.
  const open = await db.submissions.where('status').anyOf('queued', 'pending', 'approved').toArray();
  const held = new Set(open.filter((s) => holdsExpenses(s.status)).flatMap((s) => s.expenseIds));
  const released = new Map<string, string>();
  for (const { after } of changed) {
    if (after.status !== 'rejected' && after.status !== 'cancelled' && after.status !== 'refused') continue;
    for (const id of after.expenseIds) released.set(id, releasedText(after));
  }
  const affected = new Set([...expensePuts.map((e) => e.id).filter((id) => held.has(id)), ...released.keys()]);
  if (affected.size === 0) return notices;
  const rows = (await db.expenses.bulkGet([...affected])).filter((e): e is LocalExpense => e !== undefined);
  const updates: LocalExpense[] = [];
  for (const row of rows) {
    const serverEditable = row.base ? row.base.user_can_edit !== false : true;
    const userCanEdit = serverEditable && !held.has(row.id);
    const message = !held.has(row.id) && row.syncState === 'synced' ? released.get(row.id) : undefined;
    if (row.userCanEdit === userCanEdit && message === undefined) continue;
    updates.push({ ...row, userCanEdit, ...(message !== undefined && { syncMessage: message }) });
  }
  await db.expenses.bulkPut(updates);
  return notices;
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
  await db.expenses.put({ ...expense, syncState: 'pending', syncMessage: t('history.receiptAgain') });
  await db.outbox.add({ expenseId: expense.id, kind: 'update', changes: { receiptId: receipt.id }, at: now });
}
