/**
 * What the renderer writes for the submissions of a round result: a pure plan, applied in the same
 * transaction as the expenses' plan (planLocalApply; see round-db.ts). Only the carried outbox rows
 * a settlement settles leave; a pulled record older than the one stored is ignored (the pull
 * overlaps); a status that moves from open to approved or rejected gives a notice for the user.
 */
import type { ApiSubmission } from '../kantata/wire';
import { localIdForRemoteSubmission, type LocalSubmission, type SubmissionOutboxEntry } from '../model/submission';
import type { SyncRoundResult } from '../protocol/round';
import { submissionStatusOf, type SubmissionStatus } from '../submissions/status';

export interface SubmissionApplyState {
  /** Every stored submission (a user has few). */
  submissions: readonly LocalSubmission[];
  outbox: readonly SubmissionOutboxEntry[];
  /** The local id of the expense stored with this remote id, when there is one. */
  localExpenseId: (remoteId: string) => string | undefined;
}

/** A report approved or rejected in Kantata (arrived by a pull): worth a notification. */
export interface SubmissionNotice {
  submissionId: string;
  title: string;
  status: 'approved' | 'rejected';
  resolution: string | null;
}

export interface SubmissionApplyPlan {
  puts: LocalSubmission[];
  outboxSeqsToRemove: number[];
  outboxHolds: Array<{ seq: number; notBefore: number }>;
  notices: SubmissionNotice[];
  /** Submissions whose status changed in this apply (before -> after). */
  changed: Array<{ before: SubmissionStatus | null; after: LocalSubmission }>;
}

/** The stored row updated to a server record (a new row when `row` is null). */
export function submissionFromServer(server: ApiSubmission, row: LocalSubmission | null, id: string, localExpenseId: (remoteId: string) => string | undefined, now: number): LocalSubmission {
  const status = submissionStatusOf(server);
  const remoteExpenseIds = (server.expense_ids ?? []).map(String);
  const mapped = remoteExpenseIds.map(localExpenseId).filter((x): x is string => x !== undefined);
  // Expenses this device has not stored (yet) cannot be named; those it named before stay.
  const kept = mapped.length < remoteExpenseIds.length ? (row?.expenseIds ?? []) : [];
  const expenseIds = server.expense_ids ? [...new Set([...mapped, ...kept])] : (row?.expenseIds ?? []);
  const resolution = server.current_resolution_description ?? server.resolution_description ?? null;
  return {
    id,
    remoteId: server.id,
    workspaceId: server.workspace_id ?? row?.workspaceId ?? '',
    title: server.title,
    comment: server.comment ?? '',
    expenseIds,
    status,
    currency: server.currency,
    totalCents: server.line_item_total_in_cents,
    resolution: status === 'pending' ? null : resolution,
    resolvedAt: status === 'pending' ? null : (server.current_resolution_created_at_date ?? server.updated_at),
    canCancel: server.permissions?.can_cancel_submission ?? status === 'pending',
    syncMessage: null,
    cancelling: row?.cancelling === true && status === 'pending',
    createdAt: row?.createdAt ?? Date.parse(server.created_at),
    updatedAt: row ? now : Date.parse(server.updated_at),
    server,
  };
}

const newer = (a: ApiSubmission, b: ApiSubmission | null): boolean => b === null || Date.parse(a.updated_at) >= Date.parse(b.updated_at);

export function planSubmissionApply(result: SyncRoundResult, state: SubmissionApplyState, now: number = Date.now()): SubmissionApplyPlan {
  const rows = new Map(state.submissions.map((s) => [s.id, s]));
  const byRemote = new Map<string, string>();
  for (const s of state.submissions) if (s.remoteId) byRemote.set(s.remoteId, s.id);
  const before = new Map(state.submissions.map((s) => [s.id, s.status]));
  const present = new Set(state.outbox.map((e) => e.seq));
  const dirty = new Set<string>();
  const removeSeqs: number[] = [];
  const outboxHolds: Array<{ seq: number; notBefore: number }> = [];
  const put = (row: LocalSubmission): void => {
    rows.set(row.id, row);
    if (row.remoteId) byRemote.set(row.remoteId, row.id);
    dirty.add(row.id);
  };

  for (const s of result.submissionSettlements ?? []) {
    const row = rows.get(s.submissionId);
    if (!row) continue;
    if (!s.settled) {
      put({ ...row, syncMessage: s.error?.message ?? null });
      if (s.error && !s.error.retryable && s.error.retryAt !== null && present.has(s.seq)) outboxHolds.push({ seq: s.seq, notBefore: s.error.retryAt });
      continue;
    }
    removeSeqs.push(s.seq);
    const base = s.server && newer(s.server, row.server) ? submissionFromServer(s.server, row, row.id, state.localExpenseId, now) : row;
    switch (s.outcome) {
      case 'submitted':
      case 'adopted':
        put(base);
        break;
      case 'cancelled':
        put({ ...base, cancelling: false });
        break;
      case 'error':
        if (s.kind === 'submit') {
          // Kantata made nothing: the report is kept, refused, and its expenses are free again.
          put({ ...row, status: 'refused', canCancel: false, syncMessage: s.error?.message ?? 'Kantata refused this report.', updatedAt: now });
        } else {
          put({ ...base, cancelling: false, syncMessage: s.error?.message ?? 'Kantata refused to cancel this report.' });
        }
        break;
      case 'pending':
        break;
    }
  }

  for (const server of result.pulledSubmissions?.upserts ?? []) {
    const clientId = result.pulledSubmissions?.clientRefs[server.id];
    const id = (clientId && rows.has(clientId) ? clientId : byRemote.get(server.id)) ?? clientId ?? localIdForRemoteSubmission(server.id);
    const row = rows.get(id) ?? null;
    if (row && !newer(server, row.server)) continue;
    if (row?.server && row.server.updated_at === server.updated_at && submissionStatusOf(row.server) === submissionStatusOf(server)) continue;
    const next = submissionFromServer(server, row, id, state.localExpenseId, now);
    put(row?.syncMessage && next.status === row.status ? { ...next, syncMessage: row.syncMessage } : next);
  }

  const notices: SubmissionNotice[] = [];
  const changed: SubmissionApplyPlan['changed'] = [];
  for (const id of dirty) {
    const after = rows.get(id)!;
    const was = before.get(id) ?? null;
    if (was === after.status) continue;
    changed.push({ before: was, after });
    const wasOpen = was === 'pending' || was === 'queued';
    if (wasOpen && (after.status === 'approved' || after.status === 'rejected')) {
      notices.push({ submissionId: id, title: after.title, status: after.status, resolution: after.resolution });
    }
  }
  return {
    puts: [...dirty].map((id) => rows.get(id)!),
    outboxSeqsToRemove: removeSeqs,
    outboxHolds,
    notices,
    changed,
  };
}
