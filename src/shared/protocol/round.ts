/**
 * The sync round protocol between the renderer (which owns the data, in Dexie) and main (which
 * owns the token and talks to Kantata).
 *
 * ## One round
 * 1. The renderer reads its pending outbox rows (ordered by `seq`) and, for every expense they
 *    name, the current `LocalExpense` row. BEFORE calling `syncRound` it increments `attempts` on
 *    every outbox row it is about to send, in Dexie (this is what makes a replay after a crash
 *    safe: a create with `attempts > 0` may already exist on the server, so the engine looks it
 *    up by its external reference before creating it again). It passes its pull cursor (the
 *    `cursor` of the last applied result, null before the first download) and, when it wants
 *    remote deletes detected (on a schedule), the remote ids it knows in `reconcileRemoteIds`.
 *    It also passes `checkClientIds` (client ids it saw on two server records) and keeps on each
 *    outbox row the `notBefore` of a persistent failure.
 * 2. Main runs the round: pull remote changes since the cursor (with an overlap; a listing longer
 *    than a page is bounded by `updated_before` so nothing is skipped while it is paged), heal
 *    duplicates, reconcile ids, coalesce the outbox to at most one operation per expense, push
 *    (bulk creates/deletes of at most 100, updates one PUT each), resolve conflicts, and answers a
 *    `SyncRoundResult`. A write whose answer was lost stays IN DOUBT (pending, `error.kind`
 *    'timeout', `retryAt` when Kantata's request limit has passed): main's ledger of sent writes
 *    says when it went out, and nothing is sent again for that expense before then.
 * 3. The renderer applies the result in ONE Dexie transaction with `planLocalApply`
 *    (src/shared/sync/plan-local-apply.ts): re-read the rows the result names (inside the
 *    transaction: rows added or edited during the round must win), compute the plan, then
 *    `bulkPut(puts)`, `bulkDelete(deletes)`, `outbox.bulkDelete(outboxSeqsToRemove)`,
 *    `conflicts.bulkPut(conflictLog)` and store `cursor` (only when not null).
 * 4. A crash anywhere before step 3 commits simply means the same outbox is sent again: creates
 *    are found again by their client id, updates that already hold the values are no-ops, deletes
 *    of missing records count as done.
 *
 * ## Settlements
 * There is one settlement per coalesced expense. `seqs` lists every outbox seq it covers.
 * `settled: true` means "remove exactly these outbox rows" (rows the user took back meanwhile,
 * by Undo, are honoured: see planLocalApply); `settled: false` means they stay pending
 * (`error.retryAt` says when trying again is useful; with `error.retryable` false it is a
 * persistent failure, and the renderer keeps `retryAt` on the rows as `notBefore`).
 * `server` is the server record after the round (null when it no longer exists), `remoteId` the
 * server id (null when there is none). `outcome`:
 * - created: a new server record was made. adopted: a create whose earlier attempt had reached the
 *   server; the existing record was found by its external reference and (if the local values had
 *   moved on) updated to them.
 * - updated: the PUT went through. unchanged: the server already held the local values (no PUT).
 * - merged: the server record had changed since `base`; fields were merged (see `conflictIds`).
 * - deleted: gone from the server (or was already gone). discarded: created and deleted locally
 *   before ever reaching the server; nothing was sent.
 * - resurrected: a local delete lost to a newer remote edit; the expense comes back with `server`.
 * - recreated: a local edit of an expense deleted on the server; it was created again (new
 *   remoteId, same client reference). See the delete-vs-edit rule below.
 * - locked: the server record is read-only (submitted, approved, invoiced); the local change is
 *   rejected, `server` is the server version, the rejected values are in the conflict log.
 * - error: the server refused it (422 with its message and field, 403, ...). Settled errors are
 *   not retried: the user must change the expense (which queues a new outbox entry).
 * - pending: not attempted or not finished in this round (settled false).
 *
 * ## Conflict rules (decided in main, recorded in `conflicts`)
 * - Three-way field merge against `base`: a field changed on one side only takes that side;
 *   a field changed on both sides to different values is decided by time: the local edit time
 *   (`OutboxEntry.at` of the last entry touching that field, plus `clockSkewMs`) against the
 *   server's `updated_at`. The later wins; a tie goes to the server.
 * - Local delete vs remote edit: if the server record changed since `base` and its `updated_at` is
 *   later than the (corrected) delete time, the remote edit wins and the expense is resurrected
 *   (conflict entry). Otherwise it is deleted.
 * - Local edit vs remote delete: Kantata hard-deletes (no tombstone, no time). An unsent local edit
 *   is an explicit user action the server never saw, so it wins: the expense is created again with
 *   the local values (outcome `recreated`, conflict entry) and the user can delete it with one
 *   action. A remote delete of an expense with NO pending local change simply removes it locally.
 * - Locked records are never written; the local change is rejected (outcome `locked`).
 *
 * ## Expense report submissions
 * Queued submissions ride along in the same round, after the creates and updates of their
 * expenses, with the same exactly-once rules as creates; their statuses are pulled incrementally.
 * See ./submissions.ts.
 */
import { z } from 'zod';
import { ApiExpenseSchema, ExpenseFieldsSchema, LocalExpenseSchema } from '../model/expense';
import { SyncErrorSchema } from './round-errors';
import { PulledSubmissionsSchema, RoundSubmissionSchema, SubmissionSettlementSchema } from './submissions';
import { ReceiptAttachmentSchema } from './receipt-attachments';

export { SyncErrorKindSchema, SyncErrorSchema, type SyncError, type SyncErrorKind } from './round-errors';

/** An outbox row as sent in a round: `seq` is required; `attempts` counts earlier sends. */
export const RoundOutboxEntrySchema = z.object({
  seq: z.number().int(),
  expenseId: z.string().min(1),
  kind: z.enum(['create', 'update', 'delete']),
  changes: ExpenseFieldsSchema.partial().optional(),
  at: z.number(),
  /** How many earlier rounds this row was handed to main in (incremented by the renderer before sending). */
  attempts: z.number().int().min(0).optional(),
  /**
   * Local ms before which trying this row again is pointless (a persistent failure's backoff, set
   * from the settlement's `error.retryAt`); the engine leaves such an expense pending without a
   * request. A later edit by the user comes without it and is tried at once.
   */
  notBefore: z.number().optional(),
});
export type RoundOutboxEntry = z.infer<typeof RoundOutboxEntrySchema>;

export const SyncRoundRequestSchema = z.object({
  /** Chosen by the renderer (a UUID); names progress events and conflict entries. */
  roundId: z.string().min(1),
  outbox: z.array(RoundOutboxEntrySchema),
  /** The current row of every expense the outbox names (other rows are ignored). */
  expenses: z.array(LocalExpenseSchema),
  /** The `cursor` of the last applied result; null = first (full) download. */
  cursor: z.string().nullable(),
  /** Remote ids known locally, to detect expenses deleted on the server (send on a schedule). */
  reconcileRemoteIds: z.array(z.string()).optional(),
  /** Seam for the receipts issue: local receipt id -> uploaded attachment id. */
  receiptRemoteIds: z.record(z.string(), z.string()).optional(),
  /** Skip the pull (push only), e.g. for a quick push after a local write. Default false. */
  skipPull: z.boolean().optional(),
  /**
   * Client ids the renderer saw on two server records (one stored, another pulled): main looks
   * them up, keeps the oldest record and deletes the others (they are this app's own copies).
   */
  checkClientIds: z.array(z.string()).optional(),
  /** Queued submission outbox rows (see ./submissions.ts): sent after the expenses' creates and updates. */
  submissions: z.array(RoundSubmissionSchema).optional(),
  /**
   * The submissions pull cursor of the last applied result; null = pull every submission. Absent
   * (an older renderer): submissions are not pulled.
   */
  submissionCursor: z.string().nullable().optional(),
});
export type SyncRoundRequest = z.infer<typeof SyncRoundRequestSchema>;

export const SettlementOutcomeSchema = z.enum([
  'created',
  'adopted',
  'updated',
  'unchanged',
  'merged',
  'deleted',
  'discarded',
  'resurrected',
  'recreated',
  'locked',
  'error',
  'pending',
]);
export type SettlementOutcome = z.infer<typeof SettlementOutcomeSchema>;

export const SettlementSchema = z.object({
  expenseId: z.string(),
  /** Every outbox seq this settlement covers (the coalesced entries). */
  seqs: z.array(z.number().int()),
  /** True: remove exactly `seqs` from the outbox. False: they stay pending. */
  settled: z.boolean(),
  outcome: SettlementOutcomeSchema,
  remoteId: z.string().nullable(),
  /** The server record after the round; null when none exists (deleted, discarded, not created). */
  server: ApiExpenseSchema.nullable(),
  conflictIds: z.array(z.string()),
  error: SyncErrorSchema.nullable(),
});
export type Settlement = z.infer<typeof SettlementSchema>;

export const FieldDecisionSchema = z.object({
  field: z.string(),
  base: z.unknown(),
  local: z.unknown(),
  server: z.unknown(),
  winner: z.enum(['local', 'server']),
  /** 'local-only' | 'server-only' | 'local-newer' | 'server-newer' | 'same-value' ... */
  reason: z.string(),
});
export type FieldDecision = z.infer<typeof FieldDecisionSchema>;

export const ConflictKindSchema = z.enum(['merge', 'delete-vs-edit', 'edit-vs-delete', 'locked']);

export const ConflictEntrySchema = z.object({
  /** `${roundId}:${expenseId}`: applying the same result twice writes the same row. */
  id: z.string(),
  roundId: z.string(),
  expenseId: z.string(),
  remoteId: z.string().nullable(),
  kind: ConflictKindSchema,
  /** Which side's values the expense now holds. */
  winner: z.enum(['local', 'server', 'mixed']),
  /** Server time (ISO) of the decision. */
  decidedAt: z.string(),
  /** Plain-language account for the user. */
  message: z.string(),
  fields: z.array(FieldDecisionSchema),
  /** Both versions as they were when decided: the local values (with the local edit time) and the server record. */
  local: ExpenseFieldsSchema.partial().nullable(),
  localEditedAt: z.number().nullable(),
  server: ApiExpenseSchema.nullable(),
  /** True when a value the user may want back was overwritten (counts as a conflict in the UI). */
  overwrote: z.boolean(),
});
export type ConflictEntry = z.infer<typeof ConflictEntrySchema>;

export const PulledChangesSchema = z.object({
  /** Server records changed since the cursor (deduplicated; records settled this round excluded). */
  upserts: z.array(ApiExpenseSchema),
  /** remote id -> client id, for records carrying this app's external reference. */
  clientRefs: z.record(z.string(), z.string()),
  /** Remote ids found deleted on the server (reconciliation, 404s, duplicates removed). */
  deletedRemoteIds: z.array(z.string()),
  /** False when the pull failed or was skipped: `cursor` is then unchanged. */
  complete: z.boolean(),
  /** True when this was a full download (cursor was null). */
  full: z.boolean(),
  /** The receipt attachments of the pulled records (side-loaded with them; absent when none). */
  receipts: z.array(ReceiptAttachmentSchema).optional(),
});
export type PulledChanges = z.infer<typeof PulledChangesSchema>;

export const RoundStatusSchema = z.enum([
  'ok', // everything settled
  'partial', // some entries stay pending (retryable errors) or the pull is incomplete
  'auth-required', // 401: the round stopped; nothing lost; reconnect the account
  'offline', // the server could not be reached at all
  'not-connected', // no account connected
]);
export type RoundStatus = z.infer<typeof RoundStatusSchema>;

/** A receipt whose attachment Kantata refused as the expense's receipt_id (deleted there). */
export const StaleReceiptSchema = z.object({
  expenseId: z.string(),
  /** The local receipt row's id. */
  receiptId: z.string(),
  /** The refused attachment id: it must not be sent again. */
  attachmentId: z.string(),
});
export type StaleReceipt = z.infer<typeof StaleReceiptSchema>;

export const SyncRoundResultSchema = z.object({
  roundId: z.string(),
  status: RoundStatusSchema,
  settlements: z.array(SettlementSchema),
  /** Receipts to upload again: their expenses were refused only for the missing attachment. */
  staleReceipts: z.array(StaleReceiptSchema).optional(),
  pulled: PulledChangesSchema,
  /** The next pull cursor (server time); null = keep the previous one. */
  cursor: z.string().nullable(),
  /** serverTime - localTime in ms, from the Date header (0 when unknown). */
  clockSkewMs: z.number(),
  conflicts: z.array(ConflictEntrySchema),
  /** The request's `checkClientIds` that were looked up (and healed); the renderer stops asking for them. */
  checkedClientIds: z.array(z.string()).optional(),
  /** Local wall-clock ms when a retry is useful, when entries stay pending; else null. */
  nextAttemptAt: z.number().nullable(),
  /** One per carried submission outbox row (absent when none were carried). */
  submissionSettlements: z.array(SubmissionSettlementSchema).optional(),
  /** Submissions pulled this round (absent when they were not pulled). */
  pulledSubmissions: PulledSubmissionsSchema.optional(),
  /** The next submissions pull cursor; null or absent = keep the previous one. */
  submissionCursor: z.string().nullable().optional(),
  stats: z.object({ requests: z.number().int(), startedAt: z.number(), finishedAt: z.number() }),
});
export type SyncRoundResult = z.infer<typeof SyncRoundResultSchema>;

export const SyncProgressSchema = z.object({
  roundId: z.string(),
  phase: z.enum(['pull', 'reconcile', 'push', 'done']),
  done: z.number().int(),
  /** 0 when unknown yet. */
  total: z.number().int(),
});
export type SyncProgress = z.infer<typeof SyncProgressSchema>;

/**
 * Why a round is wanted. Main's scheduler (src/main/core/sync/scheduler.ts) hears every one of
 * them and alone decides when a round runs: the renderer reports 'local-write' (its outbox grew)
 * and 'sync-now' (the user asked); the shell reports 'sync-now' (tray, app menu), 'local-write'
 * (quick-add saved), 'online' and 'resume'; the scheduler itself adds 'app-start', 'timer',
 * 'retry' and 'account' (an account was connected or reconnected).
 */
export const SyncTriggerReasonSchema = z.enum(['app-start', 'local-write', 'online', 'resume', 'timer', 'retry', 'sync-now', 'account']);
export type SyncTriggerReason = z.infer<typeof SyncTriggerReasonSchema>;

/** Main asks the leading window to run one round (event syncRequested), and says what it includes. */
export const SyncRequestSchema = z.object({
  reason: SyncTriggerReasonSchema,
  /** Send every known remote id so deletes made in Kantata are found (costly: hourly, and when asked). */
  reconcile: z.boolean(),
  /** Refresh projects, categories and the rest of the pickers' data after the round. */
  refreshReference: z.boolean(),
});
export type SyncRequest = z.infer<typeof SyncRequestSchema>;

/** The leading window's report that the round main asked for is over (contract call syncRoundEnded). */
export const SyncRoundEndSchema = z.object({
  /** The round's result was applied to the local database (false: the call or the apply failed). */
  applied: z.boolean(),
  /** The engine's answer (null when the call itself failed). */
  status: RoundStatusSchema.nullable(),
  reconciled: z.boolean(),
  referenceRefreshed: z.boolean(),
  /** What went wrong when not applied, for the log. */
  error: z.string().max(2000).nullable(),
});
export type SyncRoundEnd = z.infer<typeof SyncRoundEndSchema>;
