/**
 * Creates, exactly once. Every create carries the client id as an external reference, and main
 * records when it sent each one before it leaves (sent-creates.ts). A create whose outcome is
 * unknown (timeout, dropped connection, 5xx, an answer that is not the API's) is looked up by its
 * reference; a look-up that finds nothing proves nothing while Kantata may still be working on the
 * request (its own limit is 3 minutes), so such a create stays IN DOUBT: it is looked up again in
 * later rounds and sent again only when a look-up finds nothing and the server's request limit has
 * passed since it was last sent. If the look-up itself fails, nothing is sent.
 */
import type { ApiExpense } from '@shared/kantata/wire';
import { appFieldForApiField, differingFields, updateBody } from '@shared/kantata/mapping';
import { recreatedEntry, resentEntry } from '@shared/sync/conflict-entries';
import type { KantataClient } from '../kantata/client';
import { KantataError, isKantataError } from '../kantata/errors';
import { lookUp } from './duplicates';
import { tryWithBackoff, type Tried } from './retry';
import { localSideOf, type CreateJob, type CreateOp, type RoundContext } from './round-context';
import { lockedOrGone } from './updates';

/**
 * Sorts the round's creates: one found on the server is adopted (a task), one that may still
 * arrive waits, the rest are returned to be sent. `existing`: the record each client id has on the
 * server, as far as the round knows; `lookupFailed`: why looking the attempted ones up failed.
 */
export function planCreates(
  ctx: RoundContext,
  creates: CreateOp[],
  existing: Map<string, ApiExpense>,
  lookupFailed: unknown,
  tasks: Array<() => Promise<void>>,
): CreateJob[] {
  const fresh: CreateJob[] = [];
  for (const op of creates) {
    if (ctx.waitsForReceipt(op)) continue;
    const found = existing.get(op.expenseId);
    if (found) tasks.push(() => adopt(ctx, op, found));
    else if (op.attempted && lookupFailed !== null) ctx.lookupFailedFor(op, lookupFailed);
    else if (op.attempted && ctx.inDoubt(op.expenseId)) ctx.leaveInDoubt(op);
    else fresh.push({ op, label: op.attempted && ctx.deps.sentCreates.lastSent(op.expenseId) !== undefined ? 'resent' : 'created' });
  }
  return fresh;
}

/** A create that had reached the server: take that record, and bring it up to the local values. */
async function adopt(ctx: RoundContext, op: CreateOp, existing: ApiExpense): Promise<void> {
  if (op.expense.workspaceId !== existing.workspace_id) {
    ctx.refuseMove(op, existing);
    return;
  }
  if (existing.user_can_edit === false) {
    // It arrived, and was submitted or approved in Kantata before this app heard of it.
    ctx.rejectLocked(op, existing);
    return;
  }
  const push = differingFields(op.expense, existing).filter((f) => f !== 'workspaceId');
  const receipt = ctx.receiptTarget(op);
  const writeReceipt = typeof receipt === 'string' && receipt !== existing.receipt_id;
  if (push.length === 0 && !writeReceipt) {
    ctx.settle(op, 'adopted', { server: existing });
    return;
  }
  const body = updateBody(op.expense, push);
  if (writeReceipt) body.receipt_id = receipt;
  try {
    const server = await ctx.attempt(() => ctx.deps.client.updateExpense(existing.id, body, ctx.signal));
    ctx.settle(op, 'adopted', { server });
  } catch (e) {
    if (isKantataError(e) && (e.kind === 'validation' || e.kind === 'forbidden') && (await lockedOrGone(ctx, op, existing.id))) return;
    ctx.failed(op, e, { remoteId: existing.id, server: existing });
  }
}

type CreatedPage = Awaited<ReturnType<KantataClient['createExpenses']>>;

/**
 * Bulk create. Items Kantata refuses (422 or 403, named by index or found by bisection) get its
 * message; the others go again. A create whose outcome is unknown is looked up and, when not
 * found, left in doubt: never sent twice while Kantata may still commit the first request.
 */
export async function createBatch(ctx: RoundContext, jobs: CreateJob[]): Promise<void> {
  const { client, sentCreates } = ctx.deps;
  let pending = jobs;
  const send = async (): Promise<CreatedPage | null> => {
    while (pending.length > 0) {
      // Written before the request leaves: a crash right after it still knows the create may exist.
      sentCreates.markSent(
        pending.map((job) => job.op.expenseId),
        ctx.deps.now(),
      );
      try {
        return await client.createExpenses(
          pending.map((job) => ctx.createBodyFor(job.op)),
          ctx.signal,
        );
      } catch (e) {
        if (!isKantataError(e) || (e.kind !== 'validation' && e.kind !== 'forbidden')) throw e;
        ctx.stopOnAuth(e);
        // Inside the tried call: a split to find the refused items is not a retry.
        pending = await isolateInvalid(ctx, pending, e);
      }
    }
    return null;
  };
  const sent = await tryWithBackoff(ctx.deps, send, {
    signal: ctx.signal,
    onError: (e) => ctx.stopOnAuth(e),
    onOutcomeUnknown: async () => 'stop',
  });
  if (!sent.ok) {
    await createsNotSent(ctx, pending, sent);
    return;
  }
  const page = sent.value;
  if (page === null) return;
  const byClient = new Map<string, ApiExpense>();
  for (const record of page.items) {
    const clientId = page.clientRefs.get(record.id);
    if (clientId) byClient.set(clientId, record);
  }
  // Partial success (a server switch): 200 with the created ones plus per-item errors.
  const refused = new Map<number, string[]>();
  for (const err of page.errors) {
    if (typeof err.index === 'number') refused.set(err.index, [...(refused.get(err.index) ?? []), err.message]);
  }
  const unmatched: CreateJob[] = [];
  pending.forEach((job, index) => {
    const record = byClient.get(job.op.expenseId);
    const messages = refused.get(index);
    if (record) createdAs(ctx, job, record);
    else if (messages) ctx.refuse(job.op, { kind: 'validation', message: messages.join('; ') });
    else unmatched.push(job);
  });
  // Answered, but these were not in the answer: find out by reference.
  if (unmatched.length > 0) await settleUnknownCreates(ctx, unmatched, false);
}

/** A bulk create that got no answer to use: what each item becomes depends on how it ended. */
async function createsNotSent(ctx: RoundContext, pending: CreateJob[], sent: Extract<Tried<unknown>, { ok: false }>): Promise<void> {
  const e = sent.error;
  switch (sent.why) {
    case 'outcome-unknown':
      await settleUnknownCreates(ctx, pending);
      return;
    case 'refused':
      if (!isKantataError(e)) throw e;
      if (e.kind === 'bad-response' || e.kind === 'aborted') {
        await settleUnknownCreates(ctx, pending);
        return;
      }
      // A failure that names no item (404 on the collection, an unexpected status): nothing
      // was created; the items wait, backed off, with Kantata's message on each.
      for (const job of pending) ctx.holdBack(job.op, `Kantata did not accept the expense: ${e.message}`);
      ctx.deps.sentCreates.forget(pending.map((job) => job.op.expenseId));
      return;
    case 'gave-up':
    case 'interrupted':
      // Refused before any work (429, the only retryable failure with a known outcome): nothing
      // was created; the items go again in a later round.
      for (const job of pending) ctx.leavePending(job.op, e);
      return;
    default:
      return sent.why satisfies never;
  }
}

/**
 * Creates whose request may or may not have been committed: the ones a look-up finds are
 * settled; the others stay in doubt (`inFlight`: Kantata may still be working on the request)
 * or, when the server has answered and so finished with it, wait backed off.
 */
async function settleUnknownCreates(ctx: RoundContext, jobs: CreateJob[], inFlight = true): Promise<void> {
  let found: Map<string, ApiExpense>;
  try {
    found = await lookUp(
      ctx,
      jobs.map((j) => j.op.expenseId),
    );
  } catch (lookupError) {
    ctx.stopOnAuth(lookupError);
    for (const job of jobs) {
      if (inFlight) ctx.leaveInDoubt(job.op);
      else ctx.lookupFailedFor(job.op, lookupError);
    }
    return;
  }
  for (const job of jobs) {
    const record = found.get(job.op.expenseId);
    if (record) createdAs(ctx, job, record);
    else if (inFlight) ctx.leaveInDoubt(job.op);
    else {
      ctx.deps.sentCreates.forget([job.op.expenseId]);
      ctx.holdBack(job.op, 'Kantata answered without creating this expense; it is sent again later.');
    }
  }
}

function createdAs(ctx: RoundContext, job: CreateJob, record: ApiExpense): void {
  if (record.workspace_id !== job.op.expense.workspaceId) {
    // An earlier send reached Kantata before the user moved the expense to another project.
    ctx.refuseMove(job.op, record);
    return;
  }
  switch (job.label) {
    case 'recreated': {
      const id = ctx.logConflict(recreatedEntry(ctx.decided(job.op.expenseId), record.id, localSideOf(job.op)));
      ctx.settle(job.op, 'recreated', { server: record, conflictIds: [id] });
      return;
    }
    case 'resent': {
      // Found as sent again: the log says so (see resentEntry), so the user can delete it again.
      const id = ctx.logConflict(resentEntry(ctx.decided(job.op.expenseId), record.id, localSideOf(job.op)));
      ctx.settle(job.op, 'created', { server: record, conflictIds: [id] });
      return;
    }
    case 'created':
      ctx.settle(job.op, 'created', { server: record });
      return;
    default:
      return job.label satisfies never;
  }
}

/**
 * A 422 or 403 on a bulk create (all-or-nothing: nothing was created): the errors' `index` names
 * the bad items (they get the server's message, the rest is returned to be sent again). Without
 * indexes the batch is bisected; a lone item is refused with the server's message.
 */
async function isolateInvalid(ctx: RoundContext, jobs: CreateJob[], e: KantataError): Promise<CreateJob[]> {
  const indexed = e.errors.filter((err) => typeof err.index === 'number' && err.index >= 0 && err.index < jobs.length);
  if (jobs.length === 1) {
    ctx.refuse(jobs[0]!.op, e);
    return [];
  }
  if (indexed.length > 0) {
    const bad = new Set(indexed.map((err) => err.index!));
    for (const index of bad) {
      const messages = indexed.filter((err) => err.index === index);
      // Named by a field other than receipt_id when there is one (a refused receipt alone is special).
      const first = messages.find((m) => m.field !== 'receipt_id') ?? messages[0]!;
      ctx.refuse(jobs[index]!.op, {
        kind: 'validation',
        message: messages.map((m) => m.message).join('; '),
        field: appFieldForApiField(first.field),
      });
    }
    return jobs.filter((_, i) => !bad.has(i));
  }
  const mid = Math.ceil(jobs.length / 2);
  await createBatch(ctx, jobs.slice(0, mid));
  await createBatch(ctx, jobs.slice(mid));
  return [];
}
