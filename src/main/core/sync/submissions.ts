/**
 * Expense report submissions in a round (protocol: src/shared/protocol/submissions.ts).
 *
 * Pull: submissions changed since the cursor (with the expense pull's overlap; seen again is
 * harmless), and the expenses of every submission that was approved, rejected or cancelled, so
 * their lock state arrives in the same round.
 *
 * Push, after the expenses' creates and updates: a submit is sent exactly once, as creates are
 * (see creates.ts): it carries its client id as an external reference, the ledger of sent writes
 * records it before the request leaves, and an attempt whose answer was lost is looked up before
 * anything is sent again; while Kantata may still be committing it, it stays in doubt.
 */
import type { ApiSubmission, ApiSubmissionWrite } from '@shared/kantata/wire';
import { EXTERNAL_SERVICE_NAME } from '@shared/kantata/wire';
import type { RoundSubmission, SubmissionOutcome } from '@shared/protocol/submissions';
import type { SyncError } from '@shared/protocol/round';
import { submissionStatusOf } from '@shared/submissions/status';
import { idListChunks, type Query } from '../kantata/client';
import { KantataError, isKantataError } from '../kantata/errors';
import { retryAtAfter, tryWithBackoff } from './retry';
import { syncKindOf, type RoundContext } from './round-context';

/** The external reference's service_model for a submission made by this app. */
export const SUBMISSION_SERVICE_MODEL = 'ExpenseReportSubmission';

/** Outcomes of an expense settlement after which the expense is in Kantata with the local values. */
const IN_KANTATA = new Set(['created', 'adopted', 'updated', 'unchanged', 'merged', 'resurrected', 'recreated']);

export async function pullSubmissions(ctx: RoundContext, cursor: string | null): Promise<void> {
  const { client } = ctx.deps;
  const api = client.submissions;
  const query: Query = { per_page: 200 };
  if (cursor !== null) query.updated_after = new Date(Date.parse(cursor) - ctx.deps.pull.overlapMs).toISOString();
  let serverDate: number | null = null;
  const resolved: ApiSubmission[] = [];
  for (let page = 1; ; page++) {
    const answer = await ctx.attempt(() => api.page({ ...query, page }, ctx.signal));
    // Listed newest first by creation: a submission made meanwhile pushes others to later pages (seen twice, never skipped).
    if (page === 1) serverDate = answer.serverDate;
    for (const s of answer.items) {
      ctx.pulledSubmissions.set(s.id, s);
      if (submissionStatusOf(s) !== 'pending') resolved.push(s);
    }
    for (const [remoteId, clientId] of answer.clientRefs) ctx.submissionRefs.set(remoteId, clientId);
    if (page >= answer.meta.page_count) break;
  }
  // A first pull stores every expense's state from the expense download already.
  if (cursor !== null) await refetchExpensesOf(ctx, resolved);
  ctx.submissionCursor = new Date(serverDate ?? client.serverTimePassed() ?? ctx.deps.now()).toISOString();
  ctx.submissionsPulled = true;
}

/** Approval, rejection and cancellation change the expenses' lock: fetch them as they are now. */
async function refetchExpensesOf(ctx: RoundContext, submissions: ApiSubmission[]): Promise<void> {
  const ids = [...new Set(submissions.flatMap((s) => s.expense_ids ?? []).map(String))];
  for (const chunk of idListChunks(ids, 200)) {
    const page = await ctx.attempt(() => ctx.deps.client.expensesByIds(chunk, ctx.signal));
    for (const record of page.items) ctx.pulled.set(record.id, record);
    for (const [remoteId, clientId] of page.clientRefs) ctx.clientRefs.set(remoteId, clientId);
  }
}

export async function pushSubmissions(ctx: RoundContext, rows: readonly RoundSubmission[]): Promise<void> {
  const now = ctx.deps.now();
  const submits: RoundSubmission[] = [];
  const cancels: RoundSubmission[] = [];
  for (const row of rows) {
    if (row.notBefore !== undefined && row.notBefore > now) leave(ctx, row, pendingError('Waiting before trying again.', false, row.notBefore));
    else if (row.kind === 'submit') submits.push(row);
    else cancels.push(row);
  }
  const byClient = new Map<string, ApiSubmission>();
  for (const [remoteId, clientId] of ctx.submissionRefs) {
    const s = ctx.pulledSubmissions.get(remoteId);
    if (s) byClient.set(clientId, s);
  }
  const attempted = (row: RoundSubmission): boolean => row.attempts > 0 || ctx.deps.sentCreates.lastSent(row.submissionId) !== undefined;
  const toLookUp = submits.filter((row) => attempted(row) && !byClient.has(row.submissionId)).map((row) => row.submissionId);
  let lookupFailed: unknown = null;
  if (toLookUp.length > 0) {
    try {
      for (const [clientId, s] of await lookUpSubmissions(ctx, toLookUp)) byClient.set(clientId, s);
    } catch (e) {
      ctx.stopOnAuth(e);
      lookupFailed = e;
    }
  }
  for (const row of submits) {
    const found = byClient.get(row.submissionId);
    if (found) settle(ctx, row, 'adopted', { server: found });
    else if (attempted(row) && lookupFailed !== null) leave(ctx, row, errorOf(ctx, lookupFailed));
    else if (attempted(row) && ctx.inDoubt(row.submissionId)) leaveInDoubt(ctx, row);
    else await submit(ctx, row);
  }
  for (const row of cancels) await cancel(ctx, row);
}

/** The submissions that carry this app's reference for any of `clientIds`, by client id. */
async function lookUpSubmissions(ctx: RoundContext, clientIds: string[]): Promise<Map<string, ApiSubmission>> {
  const out = new Map<string, ApiSubmission>();
  for (const chunk of idListChunks(clientIds, 200)) {
    const page = await ctx.attempt(() => ctx.deps.client.submissions.byClientRefs(chunk, ctx.signal));
    for (const s of page.items) {
      const clientId = page.clientRefs.get(s.id);
      if (!clientId) continue;
      ctx.pulledSubmissions.set(s.id, s);
      ctx.submissionRefs.set(s.id, clientId);
      // Two records for one client id cannot come from this app's sends (each waits for a look-up); keep the oldest.
      const known = out.get(clientId);
      if (!known || Number(s.id) < Number(known.id)) out.set(clientId, s);
    }
  }
  return out;
}

type ExpenseIds = { ids: string[] } | { wait: string } | { refuse: string };

/** The remote ids of the submission's expenses, as this round leaves them. */
function expenseRemoteIds(ctx: RoundContext, row: RoundSubmission): ExpenseIds {
  const ids: string[] = [];
  for (const expense of row.expenses) {
    const settlement = ctx.settlements.get(expense.id);
    let remoteId = expense.remoteId;
    if (settlement) {
      if (!settlement.settled) return { wait: 'Waiting for its expenses to reach Kantata; it is sent right after them.' };
      if (!IN_KANTATA.has(settlement.outcome)) {
        const why = settlement.error?.message ?? `the expense was ${settlement.outcome}`;
        return { refuse: `Not submitted: Kantata did not accept one of its expenses (${why}). Fix it, then submit again.` };
      }
      remoteId = settlement.remoteId ?? remoteId;
    }
    if (remoteId === null) return { wait: 'Waiting for its expenses to reach Kantata; it is sent right after them.' };
    ids.push(remoteId);
  }
  return { ids };
}

function bodyOf(row: RoundSubmission, remoteIds: string[]): ApiSubmissionWrite {
  return {
    workspace_id: Number(row.workspaceId),
    title: row.title,
    line_item_ids: remoteIds.map(Number),
    ...(row.comment.trim() !== '' && { comment: row.comment }),
    external_reference: { service_name: EXTERNAL_SERVICE_NAME, service_model: SUBMISSION_SERVICE_MODEL, service_model_ref: row.submissionId },
  };
}

async function submit(ctx: RoundContext, row: RoundSubmission): Promise<void> {
  const expenses = expenseRemoteIds(ctx, row);
  if ('wait' in expenses) {
    leave(ctx, row, pendingError(expenses.wait, true, null));
    return;
  }
  if ('refuse' in expenses) {
    settle(ctx, row, 'error', { error: refusal('validation', expenses.refuse) });
    return;
  }
  const { sentCreates } = ctx.deps;
  const body = bodyOf(row, expenses.ids);
  // Written before the request leaves: after a crash the submission is looked up, never sent blind.
  sentCreates.markSent([row.submissionId], ctx.deps.now());
  const sent = await tryWithBackoff(ctx.deps, () => ctx.deps.client.submissions.create(body, ctx.signal), {
    signal: ctx.signal,
    onError: (e) => ctx.stopOnAuth(e),
    onOutcomeUnknown: async () => 'stop',
  });
  if (sent.ok) {
    settle(ctx, row, 'submitted', { server: sent.value });
    return;
  }
  const e = sent.error;
  const unknownOutcome = sent.why === 'outcome-unknown' || (isKantataError(e) && (e.kind === 'bad-response' || e.kind === 'aborted'));
  if (unknownOutcome) {
    await settleUnknown(ctx, row);
  } else if (sent.why === 'refused' && isKantataError(e)) {
    // Kantata answered and made nothing: its message is the user's to read (422 already submitted, 403...).
    sentCreates.forget([row.submissionId]);
    settle(ctx, row, 'error', { error: refusal(syncKindOf(e), e.message) });
  } else {
    leave(ctx, row, errorOf(ctx, e));
  }
}

/** A submit whose answer was lost: found by its reference, or in doubt while Kantata may still commit it. */
async function settleUnknown(ctx: RoundContext, row: RoundSubmission): Promise<void> {
  try {
    const found = (await lookUpSubmissions(ctx, [row.submissionId])).get(row.submissionId);
    if (found) {
      settle(ctx, row, 'submitted', { server: found });
      return;
    }
  } catch (lookupError) {
    ctx.stopOnAuth(lookupError);
  }
  leaveInDoubt(ctx, row);
}

async function cancel(ctx: RoundContext, row: RoundSubmission): Promise<void> {
  const remoteId = row.remoteId;
  if (remoteId === null) {
    settle(ctx, row, 'error', { error: refusal('validation', 'This report has not reached Kantata yet, so there is nothing to cancel there.') });
    return;
  }
  const api = ctx.deps.client.submissions;
  // A cancel sent twice changes nothing more: it is simply retried.
  const sent = await tryWithBackoff(ctx.deps, () => api.cancel(remoteId, row.reason ?? '', ctx.signal), {
    signal: ctx.signal,
    onError: (e) => ctx.stopOnAuth(e),
  });
  if (sent.ok) {
    settle(ctx, row, 'cancelled', { server: sent.value });
    await refetchAfterCancel(ctx, sent.value);
    return;
  }
  const e = sent.error;
  if (sent.why === 'refused' && isKantataError(e) && (e.kind === 'validation' || e.kind === 'forbidden')) {
    // Maybe an earlier cancel of ours went through; otherwise it was approved or rejected meanwhile.
    let now: ApiSubmission | undefined;
    try {
      now = (await ctx.attempt(() => api.byIds([remoteId], ctx.signal))).items[0];
    } catch (lookupError) {
      ctx.stopOnAuth(lookupError);
    }
    if (now) ctx.pulledSubmissions.set(now.id, now);
    if (now && submissionStatusOf(now) === 'cancelled') {
      settle(ctx, row, 'cancelled', { server: now });
      await refetchAfterCancel(ctx, now);
    } else settle(ctx, row, 'error', { server: now ?? null, error: refusal(syncKindOf(e), e.message) });
    return;
  }
  leave(ctx, row, errorOf(ctx, e));
}

/** The cancel freed its expenses in Kantata: their records now say so (else the next pull brings them). */
async function refetchAfterCancel(ctx: RoundContext, server: ApiSubmission): Promise<void> {
  try {
    await refetchExpensesOf(ctx, [server]);
  } catch (e) {
    ctx.stopOnAuth(e);
  }
}

function settle(ctx: RoundContext, row: RoundSubmission, outcome: SubmissionOutcome, fields: { server?: ApiSubmission | null; error?: SyncError | null; settled?: boolean } = {}): void {
  const settled = fields.settled ?? outcome !== 'pending';
  if (settled && row.kind === 'submit') ctx.settledClientIds.push(row.submissionId);
  if (fields.server) ctx.pulledSubmissions.set(fields.server.id, fields.server);
  if (fields.server) ctx.submissionRefs.set(fields.server.id, row.submissionId);
  ctx.submissionSettlements.set(row.seq, {
    seq: row.seq,
    submissionId: row.submissionId,
    kind: row.kind,
    settled,
    outcome,
    server: fields.server ?? null,
    error: fields.error ?? null,
  });
}

function leave(ctx: RoundContext, row: RoundSubmission, error: SyncError): void {
  settle(ctx, row, 'pending', { settled: false, error });
}

function leaveInDoubt(ctx: RoundContext, row: RoundSubmission): void {
  const sentAt = ctx.deps.sentCreates.lastSent(row.submissionId) ?? ctx.deps.now();
  ctx.deps.log('Submission in doubt: Kantata may still be saving it; it is looked up again before anything is re-sent', { clientId: row.submissionId });
  leave(ctx, row, {
    kind: 'timeout',
    message: 'Kantata has not confirmed this report yet and may still be saving it. It is checked again, and sent again only if it did not arrive.',
    field: null,
    retryable: true,
    retryAt: sentAt + ctx.deps.serverRequestLimitMs + 1_000,
  });
}

/** Every submission row the round carried but did not reach (a stop, an offline pull) stays pending. */
export function leaveUnreached(ctx: RoundContext, rows: readonly RoundSubmission[], why: unknown): void {
  for (const row of rows) if (!ctx.submissionSettlements.has(row.seq)) leave(ctx, row, errorOf(ctx, why));
}

function pendingError(message: string, retryable: boolean, retryAt: number | null): SyncError {
  return { kind: 'network', message, field: null, retryable, retryAt };
}

function refusal(kind: SyncError['kind'], message: string): SyncError {
  return { kind, message, field: null, retryable: false, retryAt: null };
}

function errorOf(ctx: RoundContext, e: unknown): SyncError {
  const err = isKantataError(e) ? e : new KantataError('network', String(e));
  if (ctx.authError) return { kind: 'auth', message: 'Sync paused: reconnect your Kantata account.', field: null, retryable: true, retryAt: null };
  return { kind: syncKindOf(err), message: err.message, field: null, retryable: true, retryAt: retryAtAfter(ctx.deps.policy, err, ctx.deps.now()) };
}
