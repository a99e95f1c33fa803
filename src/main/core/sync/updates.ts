/**
 * Updates: one PUT each, merged three-way against the base when the server record changed since
 * (decided on `updated_at`, see src/shared/sync/merge.ts). A local edit of an expense deleted on
 * the server wins: it is created again (see the protocol's delete-vs-edit rule).
 */
import type { ApiExpense } from '@shared/kantata/wire';
import { differingFields, fieldFromApi, fieldValuesEqual, isSyncedField, updateBody, type SyncedField } from '@shared/kantata/mapping';
import { mergeEntry } from '@shared/sync/conflict-entries';
import { mergeThreeWay, type MergeOutput } from '@shared/sync/merge';
import { serverChangedSince } from '@shared/sync/server-version';
import type { SettlementOutcome } from '@shared/protocol/round';
import { KantataError, isKantataError } from '../kantata/errors';
import { createBatch } from './creates';
import { tryWithBackoff } from './retry';
import { lookUp } from './duplicates';
import { MISSING_RECEIPT, localSideOf, type CreateOp, type DeleteOp, type RoundContext, type UpdateOp } from './round-context';

export async function update(ctx: RoundContext, op: UpdateOp): Promise<void> {
  // The record is read first when its existence is in question (an Undo after a delete whose
  // answer was lost): assuming the base would settle an expense Kantata no longer has.
  let known = ctx.serverOf(op.remoteId, op.verify ? null : op.base);
  try {
    if (known === null) {
      const page = await ctx.attempt(() => ctx.deps.client.expensesByIds([op.remoteId], ctx.signal));
      known = page.items[0] ?? 'gone';
    }
  } catch (e) {
    ctx.failed(op, e);
    return;
  }
  if (known === 'gone') {
    await recreate(ctx, op);
    return;
  }
  await pushUpdate(ctx, op, known);
}

async function pushUpdate(ctx: RoundContext, op: UpdateOp, server: ApiExpense): Promise<void> {
  if (server.user_can_edit === false) {
    ctx.rejectLocked(op, server);
    return;
  }
  const doubt = ctx.deps.sentCreates.updateInDoubt(op.expenseId);
  if (doubt && ctx.deps.now() - doubt.at <= ctx.deps.serverRequestLimitMs) {
    // An earlier update got no answer and Kantata may still apply it, over anything sent now.
    ctx.leaveUpdateInDoubt(op, doubt.at);
    return;
  }
  // Values on the server that an update in doubt carried are this app's own, not edits in Kantata.
  const own = new Set<SyncedField>();
  if (doubt) {
    for (const [name, value] of Object.entries(doubt.values)) {
      if (isSyncedField(name) && fieldValuesEqual(name, fieldFromApi(name, server), value as never)) own.add(name);
    }
  }
  let merge: MergeOutput | null = null;
  let values: Parameters<typeof updateBody>[0] = op.expense;
  let push: SyncedField[];
  if (op.base && serverChangedSince(op.base, server)) {
    merge = mergeThreeWay({
      base: op.base,
      server,
      local: op.expense,
      localFieldTimes: op.fieldTimes,
      fallbackAt: op.lastAt,
      skewMs: ctx.skewMs,
      ownServerFields: own,
    });
    values = merge.values;
    push = merge.push;
  } else {
    push = differingFields(op.expense, server, op.fields);
  }
  // Refused before anything is logged: nothing is sent, so no change was "kept".
  if (push.includes('workspaceId')) {
    ctx.refuseMove(op, server);
    return;
  }
  const conflictIds: string[] = [];
  if (merge && merge.decisions.length > 0) {
    conflictIds.push(ctx.logConflict(mergeEntry(ctx.decided(op.expenseId), 'push', server, localSideOf(op), merge)));
  }
  const outcome: SettlementOutcome = merge ? 'merged' : 'updated';
  const receipt = ctx.receiptTarget(op);
  const writeReceipt = receipt !== undefined && receipt !== MISSING_RECEIPT && receipt !== (server.receipt_id ?? null);
  if (push.length === 0 && !writeReceipt) {
    if (doubt) ctx.deps.sentCreates.forgetUpdate(op.expenseId);
    ctx.settle(op, merge ? 'merged' : 'unchanged', { server, conflictIds });
    return;
  }
  const body = updateBody(values, push);
  if (writeReceipt) body.receipt_id = receipt;
  const sentValues: Record<string, unknown> = {};
  for (const name of push) sentValues[name] = (values as Record<string, unknown>)[name];
  // Not sent again after a lost answer: a late copy of this request could land after the next one.
  const tried = await tryWithBackoff(ctx.deps, () => ctx.deps.client.updateExpense(server.id, body, ctx.signal), {
    signal: ctx.signal,
    onError: (e) => ctx.stopOnAuth(e),
    onOutcomeUnknown: async () => 'stop',
  });
  if (tried.ok) {
    if (doubt) ctx.deps.sentCreates.forgetUpdate(op.expenseId);
    ctx.settle(op, outcome, { server: tried.value, conflictIds });
    return;
  }
  if (tried.why === 'outcome-unknown') {
    const at = ctx.deps.now();
    ctx.deps.sentCreates.markUpdateInDoubt(op.expenseId, at, sentValues);
    ctx.leaveUpdateInDoubt(op, at, { remoteId: server.id, server });
    return;
  }
  {
    const e = tried.error;
    if (isKantataError(e) && e.kind === 'not-found') {
      await recreate(ctx, op);
      return;
    }
    if (isKantataError(e) && (e.kind === 'validation' || e.kind === 'forbidden') && (await lockedOrGone(ctx, op, server.id))) return;
    ctx.failed(op, e, { remoteId: server.id, server });
  }
}

/** After a 422/403 on a write: is it a locked record (or a vanished one)? Settles when so. */
export async function lockedOrGone(ctx: RoundContext, op: CreateOp | UpdateOp | DeleteOp, remoteId: string): Promise<boolean> {
  try {
    const page = await ctx.attempt(() => ctx.deps.client.expensesByIds([remoteId], ctx.signal));
    const current = page.items[0];
    if (!current) {
      if (op.kind === 'update') await recreate(ctx, op);
      else if (op.kind === 'delete') ctx.settle(op, 'deleted', { remoteId: null });
      // A create's record that vanished meanwhile: it is created again in a later round.
      else ctx.leavePending(op, new KantataError('not-found', 'It was deleted in Kantata meanwhile.'));
      return true;
    }
    if (current.user_can_edit === false) {
      ctx.rejectLocked(op, current);
      return true;
    }
  } catch (e) {
    ctx.stopOnAuth(e);
  }
  return false;
}

/** Local edit vs remote delete: the edit wins (see the protocol), the expense is created again. */
async function recreate(ctx: RoundContext, op: UpdateOp): Promise<void> {
  ctx.deletedRemote.add(op.remoteId);
  // An earlier round may have re-created it already (its result lost): find that record first,
  // in the pull or by the client reference, so a replay never makes a second one.
  let existing: ApiExpense | undefined;
  for (const [remoteId, clientId] of ctx.clientRefs) {
    const record = ctx.pulled.get(remoteId);
    if (clientId === op.expenseId && remoteId !== op.remoteId && record) existing = record;
  }
  if (!existing) {
    try {
      existing = (await lookUp(ctx, [op.expenseId])).get(op.expenseId);
    } catch (e) {
      ctx.failed(op, e);
      return;
    }
  }
  if (existing && existing.id !== op.remoteId && !ctx.followed.has(op.expenseId)) {
    // The expense lives on as another record (created again by another device, or by an
    // earlier round whose answer was lost): the edit goes there, merged against what the user
    // saw, as any update (locks, project moves and refusals included). Followed once a round.
    ctx.followed.add(op.expenseId);
    op.remoteId = existing.id;
    await pushUpdate(ctx, op, existing);
    return;
  }
  if (ctx.inDoubt(op.expenseId)) {
    // Created again by an earlier round that never heard back: it may still arrive.
    ctx.leaveInDoubt(op);
    return;
  }
  await createBatch(ctx, [{ op, label: 'recreated' }]);
}
