/**
 * One round of the protocol in src/shared/protocol/round.ts, in order: pull (so the current server
 * version of every changed record is known before anything is pushed), heal duplicates, check the
 * client ids asked for (and those the pull shows under another record), reconcile ids (when
 * asked), aim updates and deletes at the record their expense has now, then push: look up creates
 * that may already exist, bulk creates and bulk deletes of at most 100, one PUT per update, all in
 * a bounded pool so one slow retry never holds up the rest. Expense report submissions are pulled
 * right after the expenses and pushed after the expenses' writes (submissions.ts). Then the result.
 */
import type { ApiExpense } from '@shared/kantata/wire';
import type { SyncRoundRequest, SyncRoundResult } from '@shared/protocol/round';
import { KantataError, isKantataError } from '../kantata/errors';
import { coalesce, type PlannedOp } from './coalesce';
import { createBatch, planCreates } from './creates';
import { deleteBatch, planDeletes, sentOnce } from './deletes';
import { healPulledDuplicates, lookUp, movedElsewhere, recordsByClientId, retargetReplaced } from './duplicates';
import type { EngineDeps } from './engine-deps';
import { findDeletedIds, pullExpenses } from './pull';
import { runPool } from './retry';
import { leaveUnreached, pullSubmissions, pushSubmissions } from './submissions';
import { AuthStop, RoundContext, type CreateOp, type DeleteOp, type UpdateOp } from './round-context';
import { update } from './updates';

export async function runRound(deps: EngineDeps, req: SyncRoundRequest): Promise<SyncRoundResult> {
  const ctx = new RoundContext(deps, req);
  const startedAt = deps.now();
  const requestsBefore = deps.client.requestCount;
  const ops = coalesce(req.outbox, req.expenses, (id) => deps.sentCreates.lastSent(id) !== undefined);
  let cursor: string | null = null;
  let pullComplete = false;
  let offline = false;
  let roundError: KantataError | null = null;
  try {
    if (!req.skipPull) {
      const pull = await pullExpenses(
        deps.client,
        req.cursor,
        deps.pull,
        ctx.signal,
        (done, total) => ctx.progress('pull', done, total),
        (fn) => ctx.attempt(fn),
      );
      for (const [id, record] of pull.records) ctx.pulled.set(id, record);
      for (const [remoteId, clientId] of pull.clientRefs) ctx.clientRefs.set(remoteId, clientId);
      for (const [id, receipt] of pull.receipts) ctx.pulledReceipts.set(id, receipt);
      pullComplete = pull.consistent;
      cursor = pull.consistent ? pull.cursor : null;
      if (req.submissionCursor !== undefined) {
        try {
          await pullSubmissions(ctx, req.submissionCursor);
        } catch (e) {
          // The statuses are pulled again next round; the push must not wait for them.
          ctx.stopOnAuth(e);
          deps.log('Pulling submissions failed; pulled again next round', { error: e instanceof Error ? e.message : String(e) });
        }
      }
    }
    ctx.skewMs = deps.client.skewMs ?? 0;
    await healPulledDuplicates(ctx);
    const check = [...new Set([...(req.checkClientIds ?? []), ...movedElsewhere(ctx, ops)])];
    if (check.length > 0) {
      try {
        // The record each client id has now (duplicates healed) goes to the renderer as pulled.
        for (const [clientId, record] of await lookUp(ctx, check)) {
          ctx.pulled.set(record.id, record);
          ctx.clientRefs.set(record.id, clientId);
        }
        ctx.checkedClientIds = check;
      } catch (e) {
        // A check that fails must not hold up the push: the renderer asks again next round.
        ctx.stopOnAuth(e);
        deps.log('Checking client ids for copies failed; asked again next round', { error: e instanceof Error ? e.message : String(e) });
      }
    }
    if (req.reconcileRemoteIds && req.reconcileRemoteIds.length > 0) {
      const found = await findDeletedIds(
        deps.client,
        req.reconcileRemoteIds,
        ctx.signal,
        deps.concurrency,
        (fn) => ctx.attempt(fn),
        (done, total) => ctx.progress('reconcile', done, total),
      );
      for (const id of found.deleted) ctx.deletedRemote.add(id);
    }
    retargetReplaced(ctx, ops);
    await push(ctx, ops);
    if (req.submissions && req.submissions.length > 0) await pushSubmissions(ctx, req.submissions);
  } catch (e) {
    if (e instanceof AuthStop) ctx.authError = e.error;
    else if (isKantataError(e)) {
      roundError = e;
      offline = e.retryable;
    } else throw e;
    cursor = null;
    pullComplete = false;
  } finally {
    deps.sentCreates.forget(ctx.settledClientIds);
    const queued = [...req.outbox.map((e) => e.expenseId), ...(req.submissions ?? []).map((s) => s.submissionId)];
    deps.sentCreates.prune(new Set(queued), deps.now(), deps.serverRequestLimitMs);
  }
  ctx.skewMs = deps.client.skewMs ?? ctx.skewMs;
  ctx.progress('done', ctx.pushDone, ctx.pushTotal);
  return result(ctx, ops, { cursor, pullComplete, offline, roundError, startedAt, requestsBefore });
}

async function push(ctx: RoundContext, ops: PlannedOp[]): Promise<void> {
  const { deps } = ctx;
  ctx.pushTotal = ops.length;
  ctx.progress('push', 0, ops.length);
  const creates: CreateOp[] = [];
  const updates: UpdateOp[] = [];
  const deletes: DeleteOp[] = [];
  const now = deps.now();
  for (const op of ops) {
    if (op.kind === 'discard') {
      ctx.settle(op, 'discarded');
    } else if (op.notBefore !== null && op.notBefore > now) {
      // Backed off after a persistent failure: no request until then (or until the user edits it).
      ctx.holdBack(op, op.expense.syncMessage ?? 'Waiting before trying again.', undefined, op.notBefore);
    } else if (op.kind === 'create') creates.push(op);
    else if (op.kind === 'update') updates.push(op);
    else deletes.push(op);
  }

  // Creates (and deletes of never-confirmed creates) that may already exist on the server.
  // After healPulledDuplicates at most one pulled record per client id remains.
  const byClientRef = recordsByClientId(ctx);
  const toLookUp = [...creates.filter((op) => op.attempted), ...deletes.filter((op) => op.remoteId === null || sentOnce(ctx, op))]
    .map((op) => op.expenseId)
    .filter((id) => !byClientRef.has(id));
  let lookupFailed: unknown = null;
  if (toLookUp.length > 0) {
    try {
      for (const [clientId, record] of await lookUp(ctx, toLookUp)) byClientRef.set(clientId, record);
    } catch (e) {
      ctx.stopOnAuth(e);
      lookupFailed = e;
    }
  }

  const tasks: Array<() => Promise<void>> = [];
  const freshCreates = planCreates(ctx, creates, byClientRef, lookupFailed, tasks);
  const deletable = planDeletes(ctx, deletes, byClientRef, lookupFailed);
  for (let i = 0; i < freshCreates.length; i += deps.createBatchSize) {
    const batch = freshCreates.slice(i, i + deps.createBatchSize);
    tasks.push(() => createBatch(ctx, batch));
  }
  for (let i = 0; i < deletable.length; i += deps.deleteBatchSize) {
    const batch = deletable.slice(i, i + deps.deleteBatchSize);
    tasks.push(() => deleteBatch(ctx, batch));
  }
  for (const op of updates) if (!ctx.waitsForReceipt(op)) tasks.push(() => update(ctx, op));
  try {
    await runPool(tasks, deps.concurrency);
  } finally {
    // Anything a stop (401) left unanswered stays pending.
    for (const op of ops) if (!ctx.settlements.has(op.expenseId)) ctx.leavePending(op, ctx.authError ?? new KantataError('aborted', 'not attempted'));
  }
  if (ctx.authError) throw new AuthStop(ctx.authError);
}

interface RoundEnd {
  cursor: string | null;
  pullComplete: boolean;
  offline: boolean;
  roundError: KantataError | null;
  startedAt: number;
  requestsBefore: number;
}

function result(ctx: RoundContext, ops: PlannedOp[], end: RoundEnd): SyncRoundResult {
  const { req } = ctx;
  for (const op of ops) {
    if (!ctx.settlements.has(op.expenseId)) {
      ctx.leavePending(op, ctx.authError ?? end.roundError ?? new KantataError('network', 'The server could not be reached.'));
    }
  }
  const settlements = ops.map((op) => ctx.settlements.get(op.expenseId)!);
  const submissionRows = req.submissions ?? [];
  leaveUnreached(ctx, submissionRows, ctx.authError ?? end.roundError ?? new KantataError('network', 'The server could not be reached.'));
  const submissionSettlements = submissionRows.map((row) => ctx.submissionSettlements.get(row.seq)!);
  const settledRemote = new Set(settlements.map((s) => s.remoteId).filter((id): id is string => id !== null));
  const upserts = [...ctx.pulled.values()].filter((r: ApiExpense) => !settledRemote.has(r.id));
  // Every pulled record's client id, also of expenses settled this round: without it a record
  // of this app would be taken for one made in Kantata and stored a second time.
  const clientRefs: Record<string, string> = {};
  for (const record of upserts) {
    const clientId = ctx.clientRefs.get(record.id);
    if (clientId) clientRefs[record.id] = clientId;
  }
  const retryTimes = [...settlements, ...submissionSettlements].map((s) => s.error?.retryAt).filter((t): t is number => typeof t === 'number');
  const allSettled = settlements.every((s) => s.settled) && submissionSettlements.every((s) => s.settled);
  const submissionClientRefs: Record<string, string> = {};
  for (const remoteId of ctx.pulledSubmissions.keys()) {
    const clientId = ctx.submissionRefs.get(remoteId);
    if (clientId) submissionClientRefs[remoteId] = clientId;
  }
  const status: SyncRoundResult['status'] = ctx.authError
    ? 'auth-required'
    : end.offline
      ? 'offline'
      : allSettled && (end.pullComplete || req.skipPull === true)
        ? 'ok'
        : 'partial';
  return {
    roundId: req.roundId,
    status,
    settlements,
    ...(ctx.staleReceipts.length > 0 && { staleReceipts: ctx.staleReceipts }),
    pulled: {
      upserts,
      clientRefs,
      deletedRemoteIds: [...ctx.deletedRemote],
      complete: end.pullComplete,
      full: req.cursor === null && !req.skipPull,
      ...(ctx.pulledReceipts.size > 0 && { receipts: [...ctx.pulledReceipts.values()] }),
    },
    cursor: end.cursor,
    clockSkewMs: Math.round(ctx.skewMs),
    conflicts: [...ctx.conflicts.values()],
    ...(ctx.checkedClientIds.length > 0 && { checkedClientIds: ctx.checkedClientIds }),
    nextAttemptAt: retryTimes.length > 0 ? Math.min(...retryTimes) : null,
    ...(submissionSettlements.length > 0 && { submissionSettlements }),
    ...((ctx.submissionsPulled || ctx.pulledSubmissions.size > 0) && {
      pulledSubmissions: { upserts: [...ctx.pulledSubmissions.values()], clientRefs: submissionClientRefs, complete: ctx.submissionsPulled && end.cursor !== null },
    }),
    ...(ctx.submissionsPulled && end.cursor !== null && { submissionCursor: ctx.submissionCursor }),
    stats: { requests: ctx.deps.client.requestCount - end.requestsBefore, startedAt: end.startedAt, finishedAt: ctx.deps.now() },
  };
}
