/**
 * Deletes: bulk deletes of at most 100 (all-or-nothing on the server, so a refusal is bisected),
 * a lone one as a single DELETE. A missing record counts as deleted; a local delete loses to a
 * later remote edit (the protocol's delete-vs-edit rule).
 */
import type { ApiExpense } from '@shared/kantata/wire';
import { differingFields } from '@shared/kantata/mapping';
import { resurrectedEntry } from '@shared/sync/conflict-entries';
import { latestTimeOf, serverChangedSince } from '@shared/sync/server-version';
import { isKantataError } from '../kantata/errors';
import { tryWithBackoff } from './retry';
import type { DeleteOp, RoundContext } from './round-context';
import { lockedOrGone } from './updates';

export interface DeleteItem {
  op: DeleteOp;
  remoteId: string;
}

/**
 * A delete of an expense main once created (again) and never heard back about: that create may
 * have made a record the local row does not know. Found by client id, it is deleted too.
 */
export function sentOnce(ctx: RoundContext, op: DeleteOp): boolean {
  return op.remoteId !== null && ctx.deps.sentCreates.lastSent(op.expenseId) !== undefined;
}

/**
 * Sorts the round's deletes: the ones to send, with the record each one removes; the others are
 * settled or left waiting here. `existing` and `lookupFailed` as in planCreates.
 */
export function planDeletes(ctx: RoundContext, deletes: DeleteOp[], existing: Map<string, ApiExpense>, lookupFailed: unknown): DeleteItem[] {
  const deletable: DeleteItem[] = [];
  for (const op of deletes) {
    if (op.remoteId === null) {
      const found = existing.get(op.expenseId);
      if (found) deletable.push({ op, remoteId: found.id });
      else if (lookupFailed !== null) ctx.lookupFailedFor(op, lookupFailed);
      // Created and deleted here: nothing to delete there, unless the create may still arrive.
      else if (ctx.inDoubt(op.expenseId)) ctx.leaveInDoubt(op);
      else ctx.settle(op, 'discarded');
      continue;
    }
    if (sentOnce(ctx, op)) {
      const current = existing.get(op.expenseId);
      if (current) {
        // The record the client id has now (copies healed by the look-up): that one goes.
        if (current.id !== op.remoteId) ctx.deletedRemote.add(op.remoteId);
        op.remoteId = current.id;
      } else if (lookupFailed !== null) {
        ctx.lookupFailedFor(op, lookupFailed);
        continue;
      } else if (ctx.inDoubt(op.expenseId)) {
        // Not while that create may still arrive: deleting now would leave its record behind.
        ctx.leaveInDoubt(op);
        continue;
      }
    }
    const remoteId = op.remoteId;
    if (judgeDelete(ctx, op, remoteId)) deletable.push({ op, remoteId });
  }
  return deletable;
}

/** True when the delete should be sent; otherwise it is settled here. */
function judgeDelete(ctx: RoundContext, op: DeleteOp, remoteId: string): boolean {
  const known = ctx.serverOf(remoteId, op.base);
  if (known === 'gone') {
    ctx.settle(op, 'deleted', { remoteId: null });
    return false;
  }
  if (known === null) return true;
  if (known.user_can_edit === false) {
    ctx.rejectLocked(op, known);
    return false;
  }
  // Holding exactly the local values, the record shows no edit of anyone else's (a record this
  // app created again from them, say), whatever its stamp.
  const remoteEditedSinceBase = op.base !== null && serverChangedSince(op.base, known) && differingFields(op.expense, known).length > 0;
  // Within the server stamp's second the order is unknown: the edit in Kantata is kept.
  if (remoteEditedSinceBase && latestTimeOf(known.updated_at) > op.lastAt + ctx.skewMs) {
    const id = ctx.logConflict(resurrectedEntry(ctx.decided(op.expenseId), known, op.lastAt));
    ctx.settle(op, 'resurrected', { server: known, conflictIds: [id] });
    return false;
  }
  return true;
}

export async function deleteBatch(ctx: RoundContext, items: DeleteItem[]): Promise<void> {
  if (items.length === 1) {
    await deleteOne(ctx, items[0]!.op, items[0]!.remoteId);
    return;
  }
  const { client } = ctx.deps;
  let pending = items;
  const deleted = await tryWithBackoff(
    ctx.deps,
    () =>
      client.deleteExpenses(
        pending.map((i) => i.remoteId),
        ctx.signal,
      ),
    {
      signal: ctx.signal,
      onError: (e) => ctx.stopOnAuth(e),
      // Drop the ones that are already gone, so the retry does not fail on them.
      onOutcomeUnknown: async () => {
        try {
          const page = await ctx.attempt(() => client.expensesByIds(pending.map((i) => i.remoteId), ctx.signal));
          const still = new Set(page.items.map((r) => r.id));
          for (const item of pending) if (!still.has(item.remoteId)) ctx.settle(item.op, 'deleted', { remoteId: null });
          pending = pending.filter((item) => still.has(item.remoteId));
        } catch (lookupError) {
          ctx.stopOnAuth(lookupError);
        }
        return pending.length === 0 ? 'stop' : 'retry';
      },
    },
  );
  if (deleted.ok) {
    for (const item of pending) ctx.settle(item.op, 'deleted', { remoteId: null });
    return;
  }
  const e = deleted.error;
  switch (deleted.why) {
    case 'outcome-unknown':
      // Every one was found gone.
      return;
    case 'refused':
      if (!isKantataError(e)) throw e;
      if (e.kind === 'validation' || e.kind === 'not-found' || e.kind === 'forbidden') {
        // All-or-nothing: split to find the ones that cannot go (missing ones count as done).
        const mid = Math.ceil(pending.length / 2);
        await deleteBatch(ctx, pending.slice(0, mid));
        await deleteBatch(ctx, pending.slice(mid));
        return;
      }
      for (const item of pending) ctx.refuse(item.op, e);
      return;
    case 'gave-up':
    case 'interrupted':
      for (const item of pending) ctx.leavePending(item.op, e);
      return;
    default:
      return deleted.why satisfies never;
  }
}

async function deleteOne(ctx: RoundContext, op: DeleteOp, remoteId: string): Promise<void> {
  try {
    await ctx.attempt(() => ctx.deps.client.deleteExpense(remoteId, ctx.signal));
    ctx.settle(op, 'deleted', { remoteId: null });
  } catch (e) {
    if (isKantataError(e) && e.kind === 'not-found') {
      ctx.settle(op, 'deleted', { remoteId: null });
      return;
    }
    if (isKantataError(e) && (e.kind === 'validation' || e.kind === 'forbidden') && (await lockedOrGone(ctx, op, remoteId))) return;
    ctx.failed(op, e);
  }
}
