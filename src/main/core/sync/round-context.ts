/**
 * One round's shared state and the only ways to record a decision about an expense: settle it,
 * leave it pending, hold it back, leave it in doubt, refuse it (a move, a locked record), log a
 * conflict, stop on a 401, report progress. The round's steps (creates.ts, updates.ts, deletes.ts,
 * duplicates.ts) receive it explicitly.
 */
import type { ApiExpense, ApiSubmission } from '@shared/kantata/wire';
import type { SubmissionSettlement } from '@shared/protocol/submissions';
import type { ReceiptAttachment } from '@shared/protocol/receipt-attachments';
import { appFieldForApiField, createBody } from '@shared/kantata/mapping';
import { lockedEntry, lockedMessage, type Decided, type LocalSide } from '@shared/sync/conflict-entries';
import { settledByDefault } from '@shared/sync/settlement-outcomes';
import type { ConflictEntry, Settlement, SettlementOutcome, StaleReceipt, SyncError, SyncErrorKind, SyncProgress, SyncRoundRequest } from '@shared/protocol/round';
import { KantataError, isKantataError } from '../kantata/errors';
import type { PlannedOp } from './coalesce';
import type { EngineDeps } from './engine-deps';
import { retryAtAfter, withBackoff } from './retry';

export type CreateOp = Extract<PlannedOp, { kind: 'create' }>;
export type UpdateOp = Extract<PlannedOp, { kind: 'update' }>;
export type DeleteOp = Extract<PlannedOp, { kind: 'delete' }>;

/** A create heading for the server; `label` is what a success is called in the settlement. */
export interface CreateJob {
  op: CreateOp | UpdateOp;
  /** 'resent': sent again after it stayed in doubt and no look-up found it (see createdAs). */
  label: 'created' | 'recreated' | 'resent';
}

/** The server record an expense is linked to, kept on a pending settlement. */
export interface KnownRecord {
  remoteId: string;
  server: ApiExpense;
}

/** receiptTarget: the receipt is referenced but not uploaded (not in the round's receiptRemoteIds). */
export const MISSING_RECEIPT = Symbol('missing-receipt');

/** Longest wait between tries of an expense that keeps failing the same way. */
const MAX_BACKOFF_MS = 30 * 60_000;

/** Thrown through every step once the server answered 401: the round stops as a whole. */
export class AuthStop extends Error {
  constructor(readonly error: KantataError) {
    super(error.message);
  }
}

export class RoundContext {
  private readonly abort = new AbortController();
  readonly settlements = new Map<string, Settlement>();
  readonly conflicts = new Map<string, ConflictEntry>();
  /** Server records this round has seen (pull, look-ups), by remote id. */
  readonly pulled = new Map<string, ApiExpense>();
  /** remote id -> client id of the records in `pulled` that carry this app's reference. */
  readonly clientRefs = new Map<string, string>();
  /** The pulled records' receipt attachments (metadata for the renderer's duplicate check). */
  readonly pulledReceipts = new Map<string, ReceiptAttachment>();
  readonly deletedRemote = new Set<string>();
  readonly staleReceipts: StaleReceipt[] = [];
  /** Client ids whose create (or never-confirmed create) settled this round: nothing in doubt any more. */
  readonly settledClientIds: string[] = [];
  /** Duplicates removed this round: removed remote id -> the record kept for that client id. */
  readonly replacedBy = new Map<string, ApiExpense>();
  checkedClientIds: string[] = [];
  /** Updates already sent on to the record their expense was created again as (once a round). */
  readonly followed = new Set<string>();
  /** Submission outbox rows settled (or left pending) this round, by seq. */
  readonly submissionSettlements = new Map<number, SubmissionSettlement>();
  /** Submissions this round has seen (pull, look-ups, answers), by remote id. */
  readonly pulledSubmissions = new Map<string, ApiSubmission>();
  /** remote id -> client id of the submissions in `pulledSubmissions` that carry this app's reference. */
  readonly submissionRefs = new Map<string, string>();
  /** The submissions pull's next cursor, once it completed. */
  submissionCursor: string | null = null;
  submissionsPulled = false;
  authError: KantataError | null = null;
  skewMs = 0;
  pushDone = 0;
  pushTotal = 0;
  private lastProgress: { phase: SyncProgress['phase'] | null; at: number } = { phase: null, at: 0 };

  constructor(
    readonly deps: EngineDeps,
    readonly req: SyncRoundRequest,
  ) {}

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Progress events, at most one per 100 ms within a phase (thousands of settlements would flood IPC). */
  progress(phase: SyncProgress['phase'], done: number, total: number): void {
    const now = this.deps.now();
    const phaseChanged = phase !== this.lastProgress.phase;
    if (!phaseChanged && done < total && now - this.lastProgress.at < 100) return;
    this.lastProgress = { phase, at: now };
    this.deps.onProgress({ roundId: this.req.roundId, phase, done, total });
  }

  /** One request with backoff on retryable errors; 401 stops the whole round. */
  attempt<T>(fn: () => Promise<T>): Promise<T> {
    return withBackoff(this.deps, fn, { signal: this.signal, onError: (e) => this.stopOnAuth(e) });
  }

  stopOnAuth(e: unknown): void {
    if (isKantataError(e) && e.kind === 'auth') {
      this.authError ??= e;
      this.abort.abort();
      throw new AuthStop(e);
    }
    if (this.authError) throw new AuthStop(this.authError);
  }

  /** Notes a 401 and stops the other requests, but lets the caller settle its own op first. */
  stopOnAuthQuiet(e: unknown): void {
    if (isKantataError(e) && e.kind === 'auth') {
      this.authError ??= e;
      this.abort.abort();
    }
  }

  settle(
    op: PlannedOp,
    outcome: SettlementOutcome,
    fields: { settled?: boolean; remoteId?: string | null; server?: ApiExpense | null; error?: SyncError | null; conflictIds?: string[] } = {},
  ): void {
    const settled = fields.settled ?? settledByDefault(outcome);
    if (settled) this.settledClientIds.push(op.expenseId);
    this.settlements.set(op.expenseId, {
      expenseId: op.expenseId,
      seqs: op.seqs,
      settled,
      outcome,
      remoteId: fields.remoteId ?? fields.server?.id ?? null,
      server: fields.server ?? null,
      conflictIds: fields.conflictIds ?? [],
      error: fields.error ?? null,
    });
    this.pushDone++;
    this.progress('push', this.pushDone, this.pushTotal);
  }

  /** Leaves the op pending after a retryable failure (or a stop), with when to try again. */
  leavePending(op: PlannedOp, e: unknown, known?: KnownRecord): void {
    const err = isKantataError(e) ? e : new KantataError('network', String(e));
    this.settle(op, 'pending', {
      settled: false,
      remoteId: known?.remoteId ?? null,
      server: known?.server ?? null,
      error: {
        kind: this.authError ? 'auth' : syncKindOf(err),
        message: this.authError ? 'Sync paused: reconnect your Kantata account.' : err.message,
        field: null,
        retryable: true,
        retryAt: this.authError ? null : retryAtAfter(this.deps.policy, err, this.deps.now()),
      },
    });
  }

  refuse(op: PlannedOp, e: KantataError | { kind: SyncErrorKind; message: string; field?: string | null }): void {
    const first = isKantataError(e) ? e.errors[0] : undefined;
    const kind: SyncErrorKind = isKantataError(e) ? syncKindOf(e) : e.kind;
    this.noteStaleReceipt(op, e);
    this.settle(op, 'error', {
      error: {
        kind,
        message: e.message,
        field: isKantataError(e) ? appFieldForApiField(first?.field) : (e.field ?? null),
        retryable: false,
        retryAt: null,
      },
    });
  }

  /**
   * Refused only for its receipt_id while it sent an uploaded attachment: Kantata no longer has that
   * attachment (deleted there). The renderer uploads the receipt again and queues the expense anew.
   */
  private noteStaleReceipt(op: PlannedOp, e: KantataError | { kind: SyncErrorKind; field?: string | null }): void {
    if (op.kind !== 'create' && op.kind !== 'update') return;
    const receiptId = op.expense.receiptId;
    const attachmentId = receiptId === null ? undefined : this.req.receiptRemoteIds?.[receiptId];
    if (receiptId === null || attachmentId === undefined) return;
    const onlyReceipt = isKantataError(e)
      ? e.kind === 'validation' && e.errors.length > 0 && e.errors.every((err) => err.field === 'receipt_id')
      : e.kind === 'validation' && e.field === 'receiptId';
    if (onlyReceipt) this.staleReceipts.push({ expenseId: op.expenseId, receiptId, attachmentId });
  }

  /** Settles a failure of a single-record request by its kind. */
  failed(op: PlannedOp, e: unknown, known?: KnownRecord): void {
    this.stopOnAuthQuiet(e);
    if (!isKantataError(e) || e.retryable || e.kind === 'aborted' || this.authError) this.leavePending(op, e, known);
    // An answer that is not the API's says nothing about the expense: it is tried again later.
    else if (e.kind === 'bad-response') this.holdBack(op, `Kantata gave an answer the app could not read (${e.message}).`, known);
    else this.refuse(op, e);
  }

  /**
   * Leaves the op pending after a failure that trying again soon would only repeat (a look-up the
   * server refuses, an unreadable answer): the renderer keeps `retryAt` on the outbox rows, and the
   * expense is not tried again before then unless the user changes it. The wait doubles with every
   * round the change was handed over in, up to MAX_BACKOFF_MS.
   */
  holdBack(op: PlannedOp, message: string, known?: KnownRecord, until?: number): void {
    const retryAt = until ?? this.deps.now() + Math.min(MAX_BACKOFF_MS, this.deps.policy.maxDelayMs * 2 ** Math.min(op.attempts, 12));
    this.settle(op, 'pending', {
      settled: false,
      remoteId: known?.remoteId ?? null,
      server: known?.server ?? null,
      error: { kind: 'unknown', message, field: null, retryable: false, retryAt },
    });
  }

  /** True while Kantata may still be committing the last create sent for this client id. */
  inDoubt(clientId: string): boolean {
    const sentAt = this.deps.sentCreates.lastSent(clientId);
    return sentAt !== undefined && this.deps.now() - sentAt <= this.deps.serverRequestLimitMs;
  }

  /** A create whose outcome is unknown and that no look-up has found yet: nothing is sent again for now. */
  leaveInDoubt(op: PlannedOp): void {
    const sentAt = this.deps.sentCreates.lastSent(op.expenseId) ?? this.deps.now();
    this.deps.log('Create in doubt: Kantata may still be saving it; it is looked up again before anything is re-sent', {
      clientId: op.expenseId,
      sentAt: new Date(sentAt).toISOString(),
    });
    this.settle(op, 'pending', {
      settled: false,
      error: {
        kind: 'timeout',
        message: 'Kantata has not confirmed this expense yet and may still be saving it. It is checked again, and sent again only if it did not arrive.',
        field: null,
        retryable: true,
        retryAt: sentAt + this.deps.serverRequestLimitMs + 1_000,
      },
    });
  }

  /**
   * An update whose answer was lost: Kantata may still apply it. Nothing else is sent for this
   * expense until its request limit has passed; then the values it carried count as this app's own.
   */
  leaveUpdateInDoubt(op: PlannedOp, sentAt: number, known?: { remoteId: string; server: ApiExpense }): void {
    this.settle(op, 'pending', {
      settled: false,
      remoteId: known?.remoteId ?? null,
      server: known?.server ?? null,
      error: {
        kind: 'timeout',
        message: 'Kantata has not confirmed this change yet and may still be saving it. It is checked again in a few minutes.',
        field: null,
        retryable: true,
        retryAt: sentAt + this.deps.serverRequestLimitMs + 1_000,
      },
    });
  }

  /** A look-up by client id failed: transient failures wait for the next round, others back off. */
  lookupFailedFor(op: PlannedOp, e: unknown): void {
    if (!isKantataError(e) || e.retryable || e.kind === 'aborted' || this.authError) this.leavePending(op, e);
    else this.holdBack(op, `Kantata refused to check whether it already has this expense: ${e.message}`);
  }

  /**
   * Kantata cannot move an expense to another project. Refused with the record the expense is
   * linked to, so the local row keeps (or learns) its remote id and nothing is created twice.
   */
  refuseMove(op: CreateOp | UpdateOp, server: ApiExpense): void {
    this.settle(op, 'error', {
      server,
      error: {
        kind: 'unsupported',
        message: 'Kantata cannot move an expense to another project; delete it and record it again.',
        field: 'workspaceId',
        retryable: false,
        retryAt: null,
      },
    });
  }

  rejectLocked(op: CreateOp | UpdateOp | DeleteOp, server: ApiExpense): void {
    const action = op.kind === 'delete' ? 'deleted' : 'changed';
    const id = this.logConflict(lockedEntry(this.decided(op.expenseId), action, server, localSideOf(op)));
    this.settle(op, 'locked', {
      server,
      conflictIds: [id],
      error: { kind: 'locked', message: lockedMessage(action), field: null, retryable: false, retryAt: null },
    });
  }

  /** What the round knows of a record now: 'gone' when deleted, else the pulled version, else `base`. */
  serverOf(remoteId: string, base: ApiExpense | null): ApiExpense | 'gone' | null {
    if (this.deletedRemote.has(remoteId)) return 'gone';
    return this.pulled.get(remoteId) ?? base;
  }

  /** A decision about this expense, now, on the server's clock. */
  decided(expenseId: string): Decided {
    return { roundId: this.req.roundId, expenseId, decidedAt: new Date(this.deps.now() + this.skewMs).toISOString() };
  }

  /** Keeps the entry for the result; answers its id for the settlement's `conflictIds`. */
  logConflict(entry: ConflictEntry): string {
    this.conflicts.set(entry.id, entry);
    return entry.id;
  }

  /**
   * What `receipt_id` to write for this op: undefined = leave it alone, null = remove it, a string
   * = that attachment. MISSING_RECEIPT when the receipt is not uploaded yet (see `push`).
   */
  receiptTarget(op: CreateOp | UpdateOp): string | null | undefined | typeof MISSING_RECEIPT {
    if (op.kind === 'update' && !op.receiptChanged) return undefined;
    const receiptId = op.expense.receiptId;
    if (receiptId === null) return op.kind === 'update' ? null : undefined;
    return this.req.receiptRemoteIds?.[receiptId] ?? MISSING_RECEIPT;
  }

  /** An expense whose receipt is not uploaded yet waits: sent without it, the link would be lost. */
  waitsForReceipt(op: CreateOp | UpdateOp): boolean {
    if (this.receiptTarget(op) !== MISSING_RECEIPT) return false;
    this.leavePending(op, new KantataError('network', 'Its receipt is not uploaded yet; the expense is sent together with it.'));
    return true;
  }

  createBodyFor(op: CreateOp | UpdateOp): ReturnType<typeof createBody> {
    const receiptId = op.expense.receiptId;
    // Seam for the receipts issue: the receipt is uploaded before the expense that refers to it.
    const remoteReceipt = receiptId ? (this.req.receiptRemoteIds?.[receiptId] ?? null) : null;
    return createBody(op.expense, remoteReceipt);
  }
}

/** The local side of a conflict: the op's values and the time of its last edit. */
export function localSideOf(op: CreateOp | UpdateOp | DeleteOp): LocalSide {
  return { values: op.expense, editedAt: op.lastAt };
}

export function syncKindOf(e: KantataError): SyncErrorKind {
  if (e.kind === 'aborted') return 'network';
  if (e.kind === 'bad-response') return 'unknown';
  return e.kind;
}
