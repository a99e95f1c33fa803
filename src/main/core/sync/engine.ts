/**
 * The sync engine: runs one round of the protocol in src/shared/sync-protocol.ts against Kantata.
 *
 * Order of a round: pull (so the current server version of every changed record is known before
 * anything is pushed), reconcile ids (when asked), coalesce the outbox, then push: look up creates
 * that may already exist, bulk creates and bulk deletes of at most 100, one PUT per update, all in a
 * bounded pool so one slow retry never holds up the rest.
 *
 * Exactly-once creates: every create carries the client id as an external reference, and main
 * records when it sent each one before it leaves (sent-creates.ts). A create whose outcome is
 * unknown (timeout, dropped connection, 5xx, an answer that is not the API's) is looked up by its
 * reference; a look-up that finds nothing proves nothing while Kantata may still be working on the
 * request (its own limit is 3 minutes), so such a create stays IN DOUBT: it is looked up again in
 * later rounds and sent again only when a look-up finds nothing and the server's request limit has
 * passed since it was last sent. If the look-up itself fails, nothing is sent.
 *
 * Duplicates heal themselves: whenever a pull or a look-up sees two or more server records with
 * the same client id, the oldest is kept and the others (this app's own copies) are deleted.
 */
import type { ApiExpense } from '@shared/kantata/wire';
import {
  SYNCED_FIELDS,
  appFieldForApiField,
  createBody,
  differingFields,
  updateBody,
  type SyncedField,
} from '@shared/kantata/mapping';
import { mergeThreeWay, type MergeOutput } from '@shared/sync/merge';
import type {
  ConflictEntry,
  Settlement,
  SettlementOutcome,
  StaleReceipt,
  SyncError,
  SyncErrorKind,
  SyncProgress,
  SyncRoundRequest,
  SyncRoundResult,
  PullChunkRequest,
  PullChunkResult,
} from '@shared/sync-protocol';
import type { KantataClient } from '../kantata/client';
import { sleep as defaultSleep } from '../kantata/client';
import { KantataError, isKantataError } from '../kantata/errors';
import { coalesce, type PlannedOp } from './coalesce';
import { DEFAULT_PULL, findDeletedIds, pullExpenses, pullPageRange, type PullOptions } from './pull';
import { DEFAULT_RETRY, Limiter, backoffDelay, retryAtAfter, runPool, type RetryPolicy } from './retry';
import { SentCreates } from './sent-creates';
import { memoryLedgerStore } from '../receipts/ledger';
import { idListChunks } from '../kantata/client';
import { latestTimeOf, serverChangedSince } from '@shared/sync/server-version';

/** Events worth a line in the log (duplicates removed on the server, creates in doubt). */
export type SyncLog = (message: string, detail?: Record<string, unknown>) => void;

/** Kantata works on a request for up to 3 minutes, also after the client gave up on it. */
export const SERVER_REQUEST_LIMIT_MS = 180_000;

/** Longest wait between tries of an expense that keeps failing the same way. */
const MAX_BACKOFF_MS = 30 * 60_000;

export interface SyncEngineOptions {
  client: KantataClient;
  retry?: Partial<RetryPolicy>;
  pull?: Partial<PullOptions>;
  /** Concurrent requests in the push phase (updates, batches). */
  concurrency?: number;
  createBatchSize?: number;
  deleteBatchSize?: number;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onProgress?: (progress: SyncProgress) => void;
  /** When each create was last sent (default: in memory). Share one across engines of a process. */
  sentCreates?: SentCreates;
  /** How long after sending a create Kantata may still commit it (default 3 minutes + a margin). */
  serverRequestLimitMs?: number;
  log?: SyncLog;
}

type CreateOp = Extract<PlannedOp, { kind: 'create' }>;
type UpdateOp = Extract<PlannedOp, { kind: 'update' }>;
type DeleteOp = Extract<PlannedOp, { kind: 'delete' }>;

/** A create heading for the server; `label` is what a success is called in the settlement. */
interface CreateJob {
  op: CreateOp | UpdateOp;
  /** 'resent': sent again after it stayed in doubt and no look-up found it (see createdAs). */
  label: 'created' | 'recreated' | 'resent';
}

/** receiptTarget: the receipt is referenced but not uploaded (not in the round's receiptRemoteIds). */
const MISSING_RECEIPT = Symbol('missing-receipt');

class AuthStop extends Error {
  constructor(readonly error: KantataError) {
    super(error.message);
  }
}

export class SyncEngine {
  private readonly client: KantataClient;
  private readonly policy: RetryPolicy;
  private readonly pullOptions: PullOptions;
  /** Page requests of every chunk in flight (the renderer asks for the next ones early). */
  private readonly chunkPages: Limiter;
  /** The download's progress so far: chunks fetched side by side must not move the bar backwards. */
  private chunkProgress = { roundId: '', done: 0 };
  private readonly concurrency: number;
  private readonly createBatchSize: number;
  private readonly deleteBatchSize: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly onProgress: (progress: SyncProgress) => void;
  private readonly sentCreates: SentCreates;
  private readonly serverRequestLimitMs: number;
  private readonly log: SyncLog;

  constructor(opts: SyncEngineOptions) {
    this.client = opts.client;
    this.policy = { ...DEFAULT_RETRY, ...opts.retry };
    this.pullOptions = { ...DEFAULT_PULL, ...opts.pull };
    this.chunkPages = new Limiter(this.pullOptions.concurrency);
    this.concurrency = opts.concurrency ?? 4;
    this.createBatchSize = Math.min(100, opts.createBatchSize ?? 100);
    this.deleteBatchSize = Math.min(100, opts.deleteBatchSize ?? 100);
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.sleep = opts.sleep ?? defaultSleep;
    this.onProgress = opts.onProgress ?? (() => {});
    this.sentCreates = opts.sentCreates ?? new SentCreates(memoryLedgerStore());
    // A margin over Kantata's limit: the client's clock and the server's may not run at one rate.
    this.serverRequestLimitMs = opts.serverRequestLimitMs ?? SERVER_REQUEST_LIMIT_MS + 30_000;
    this.log = opts.log ?? (() => {});
  }

  async runRound(request: SyncRoundRequest): Promise<SyncRoundResult> {
    return new Round(this, request).run();
  }

  /**
   * One chunk of a first full download (protocol: PullChunkRequest). Each page is retried as in a
   * round; a chunk that cannot be completed answers no records at all, so the renderer never
   * mistakes half a chunk for a whole one.
   */
  async pullChunk(request: PullChunkRequest): Promise<PullChunkResult> {
    const abort = new AbortController();
    const empty = { upserts: [], clientRefs: {}, total: 0, pageCount: 0, cursor: null };
    const attempt = async <T>(fn: () => Promise<T>): Promise<T> => {
      for (let n = 1; ; n++) {
        try {
          return await fn();
        } catch (e) {
          if (!isKantataError(e) || !e.retryable || abort.signal.aborted) throw e;
          const delay = backoffDelay(this.policy, n, e, this.random);
          if (delay === null) throw e;
          await this.sleep(delay, abort.signal);
        }
      }
    };
    let lastProgress = 0;
    const base = (request.fromPage - 1) * this.pullOptions.pageSize;
    try {
      const range = await pullPageRange(
        this.client,
        request.fromPage,
        request.pages,
        request.until ?? null,
        this.pullOptions,
        abort.signal,
        (records, total) => {
          const now = this.now();
          const done = Math.min(total, base + records);
          const previous = this.chunkProgress.roundId === request.roundId ? this.chunkProgress.done : 0;
          if (now - lastProgress < 100 || done <= previous) return;
          lastProgress = now;
          this.chunkProgress = { roundId: request.roundId, done };
          this.onProgress({ roundId: request.roundId, phase: 'pull', done, total });
        },
        (fn) => this.chunkPages.run(() => attempt(fn)).catch((e: unknown) => {
          // One page failed for good: stop the others of the chunk.
          abort.abort();
          throw e;
        }),
      );
      const byId = new Map<string, ApiExpense>();
      for (const record of range.records) {
        const seen = byId.get(record.id);
        if (!seen || Date.parse(record.updated_at) >= Date.parse(seen.updated_at)) byId.set(record.id, record);
      }
      return {
        status: 'ok',
        upserts: [...byId.values()],
        clientRefs: Object.fromEntries(range.clientRefs),
        total: range.total,
        pageCount: range.pageCount,
        cursor: range.cursor,
        message: null,
      };
    } catch (e) {
      if (!isKantataError(e)) throw e;
      return { ...empty, status: e.kind === 'auth' ? 'auth-required' : 'offline', message: e.message };
    }
  }

  /** @internal */ get deps() {
    return {
      client: this.client,
      policy: this.policy,
      pull: this.pullOptions,
      concurrency: this.concurrency,
      createBatchSize: this.createBatchSize,
      deleteBatchSize: this.deleteBatchSize,
      now: this.now,
      random: this.random,
      sleep: this.sleep,
      onProgress: this.onProgress,
      sentCreates: this.sentCreates,
      serverRequestLimitMs: this.serverRequestLimitMs,
      log: this.log,
    };
  }
}

class Round {
  private readonly d: SyncEngine['deps'];
  private readonly abort = new AbortController();
  private readonly settlements = new Map<string, Settlement>();
  private readonly conflicts = new Map<string, ConflictEntry>();
  private readonly pulled = new Map<string, ApiExpense>();
  private readonly clientRefs = new Map<string, string>();
  private readonly deletedRemote = new Set<string>();
  private readonly staleReceipts: StaleReceipt[] = [];
  /** Client ids whose create (or never-confirmed create) settled this round: nothing in doubt any more. */
  private readonly settledClientIds: string[] = [];
  /** Duplicates removed this round: removed remote id -> the record kept for that client id. */
  private readonly replacedBy = new Map<string, ApiExpense>();
  private checkedClientIds: string[] = [];
  /** Updates already sent on to the record their expense was created again as (once a round). */
  private readonly followed = new Set<string>();
  private readonly startedAt: number;
  private readonly requestsBefore: number;
  private authError: KantataError | null = null;
  private skewMs = 0;
  private pushDone = 0;
  private pushTotal = 0;
  private lastProgress: { phase: SyncProgress['phase'] | null; at: number } = { phase: null, at: 0 };

  constructor(
    engine: SyncEngine,
    private readonly req: SyncRoundRequest,
  ) {
    this.d = engine.deps;
    this.startedAt = this.d.now();
    this.requestsBefore = this.d.client.requestCount;
  }

  private get signal(): AbortSignal {
    return this.abort.signal;
  }

  async run(): Promise<SyncRoundResult> {
    const ops = coalesce(this.req.outbox, this.req.expenses, (id) => this.d.sentCreates.lastSent(id) !== undefined);
    let cursor: string | null = null;
    let pullComplete = false;
    let offline = false;
    let roundError: KantataError | null = null;
    try {
      if (!this.req.skipPull) {
        const pull = await pullExpenses(
          this.d.client,
          this.req.cursor,
          this.d.pull,
          this.signal,
          (done, total) => this.progress('pull', done, total),
          (fn) => this.attempt(fn),
        );
        for (const [id, record] of pull.records) this.pulled.set(id, record);
        for (const [remoteId, clientId] of pull.clientRefs) this.clientRefs.set(remoteId, clientId);
        pullComplete = pull.consistent;
        cursor = pull.consistent ? pull.cursor : null;
      }
      this.skewMs = this.d.client.skewMs ?? 0;
      await this.healPulledDuplicates();
      const check = [...new Set([...(this.req.checkClientIds ?? []), ...this.movedElsewhere(ops)])];
      if (check.length > 0) {
        // The record each client id has now (duplicates healed) goes to the renderer as pulled.
        for (const [clientId, record] of await this.lookUp(check)) {
          this.pulled.set(record.id, record);
          this.clientRefs.set(record.id, clientId);
        }
        this.checkedClientIds = check;
      }
      if (this.req.reconcileRemoteIds && this.req.reconcileRemoteIds.length > 0) {
        const found = await findDeletedIds(
          this.d.client,
          this.req.reconcileRemoteIds,
          this.signal,
          this.d.concurrency,
          (fn) => this.attempt(fn),
          (done, total) => this.progress('reconcile', done, total),
        );
        for (const id of found.deleted) this.deletedRemote.add(id);
      }
      this.retargetReplaced(ops);
      await this.push(ops);
    } catch (e) {
      if (e instanceof AuthStop) this.authError = e.error;
      else if (isKantataError(e)) {
        roundError = e;
        offline = e.retryable;
      } else throw e;
      cursor = null;
      pullComplete = false;
    } finally {
      this.d.sentCreates.forget(this.settledClientIds);
      this.d.sentCreates.prune(new Set(this.req.outbox.map((e) => e.expenseId)), this.d.now(), this.d.serverRequestLimitMs);
    }
    this.skewMs = this.d.client.skewMs ?? this.skewMs;
    this.progress('done', this.pushDone, this.pushTotal);
    return this.result(ops, cursor, pullComplete, offline, roundError);
  }

  // ---------------------------------------------------------------- plumbing

  /** Progress events, at most one per 100 ms within a phase (thousands of settlements would flood IPC). */
  private progress(phase: SyncProgress['phase'], done: number, total: number): void {
    const now = this.d.now();
    const phaseChanged = phase !== this.lastProgress.phase;
    if (!phaseChanged && done < total && now - this.lastProgress.at < 100) return;
    this.lastProgress = { phase, at: now };
    this.d.onProgress({ roundId: this.req.roundId, phase, done, total });
  }

  /** One request with backoff on retryable errors; 401 stops the whole round. */
  private async attempt<T>(fn: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await fn();
      } catch (e) {
        this.stopOnAuth(e);
        if (!isKantataError(e) || !e.retryable) throw e;
        const delay = backoffDelay(this.d.policy, n, e, this.d.random);
        if (delay === null) throw e;
        await this.d.sleep(delay, this.signal);
      }
    }
  }

  private stopOnAuth(e: unknown): void {
    if (isKantataError(e) && e.kind === 'auth') {
      this.authError ??= e;
      this.abort.abort();
      throw new AuthStop(e);
    }
    if (this.authError) throw new AuthStop(this.authError);
  }

  private settle(
    op: PlannedOp,
    outcome: SettlementOutcome,
    fields: { settled?: boolean; remoteId?: string | null; server?: ApiExpense | null; error?: SyncError | null; conflictIds?: string[] } = {},
  ): void {
    const settled = fields.settled ?? (outcome !== 'pending');
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
  private leavePending(op: PlannedOp, e: unknown, known?: { remoteId: string; server: ApiExpense }): void {
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
        retryAt: this.authError ? null : retryAtAfter(this.d.policy, err, this.d.now()),
      },
    });
  }

  private refuse(op: PlannedOp, e: KantataError | { kind: SyncErrorKind; message: string; field?: string | null }): void {
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
  private failed(op: PlannedOp, e: unknown, known?: { remoteId: string; server: ApiExpense }): void {
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
  private holdBack(op: PlannedOp, message: string, known?: { remoteId: string; server: ApiExpense }, until?: number): void {
    const retryAt = until ?? this.d.now() + Math.min(MAX_BACKOFF_MS, this.d.policy.maxDelayMs * 2 ** Math.min(op.attempts, 12));
    this.settle(op, 'pending', {
      settled: false,
      remoteId: known?.remoteId ?? null,
      server: known?.server ?? null,
      error: { kind: 'unknown', message, field: null, retryable: false, retryAt },
    });
  }

  /** True while Kantata may still be committing the last create sent for this client id. */
  private inDoubt(clientId: string): boolean {
    const sentAt = this.d.sentCreates.lastSent(clientId);
    return sentAt !== undefined && this.d.now() - sentAt <= this.d.serverRequestLimitMs;
  }

  /** A create whose outcome is unknown and that no look-up has found yet: nothing is sent again for now. */
  private leaveInDoubt(op: PlannedOp): void {
    const sentAt = this.d.sentCreates.lastSent(op.expenseId) ?? this.d.now();
    this.d.log('Create in doubt: Kantata may still be saving it; it is looked up again before anything is re-sent', {
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
        retryAt: sentAt + this.d.serverRequestLimitMs + 1_000,
      },
    });
  }

  /** A look-up by client id failed: transient failures wait for the next round, others back off. */
  private lookupFailedFor(op: PlannedOp, e: unknown): void {
    if (!isKantataError(e) || e.retryable || e.kind === 'aborted' || this.authError) this.leavePending(op, e);
    else this.holdBack(op, `Kantata refused to check whether it already has this expense: ${e.message}`);
  }

  private stopOnAuthQuiet(e: unknown): void {
    if (isKantataError(e) && e.kind === 'auth') {
      this.authError ??= e;
      this.abort.abort();
    }
  }

  private serverOf(remoteId: string, base: ApiExpense | null): ApiExpense | 'gone' | null {
    if (this.deletedRemote.has(remoteId)) return 'gone';
    return this.pulled.get(remoteId) ?? base;
  }

  private conflictId(expenseId: string): string {
    return `${this.req.roundId}:${expenseId}`;
  }

  private addConflict(entry: Omit<ConflictEntry, 'id' | 'roundId' | 'decidedAt'>): string {
    const id = this.conflictId(entry.expenseId);
    const decidedAt = new Date(this.d.now() + this.skewMs).toISOString();
    this.conflicts.set(id, { ...entry, id, roundId: this.req.roundId, decidedAt });
    return id;
  }

  private localValues(op: CreateOp | UpdateOp | DeleteOp): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const name of SYNCED_FIELDS) out[name] = op.expense[name];
    return out;
  }

  // ---------------------------------------------------------------- push

  private async push(ops: PlannedOp[]): Promise<void> {
    this.pushTotal = ops.length;
    this.progress('push', 0, ops.length);
    const creates: CreateOp[] = [];
    const updates: UpdateOp[] = [];
    const deletes: DeleteOp[] = [];
    const now = this.d.now();
    for (const op of ops) {
      if (op.kind === 'discard') {
        this.settle(op, 'discarded');
      } else if (op.notBefore !== null && op.notBefore > now) {
        // Backed off after a persistent failure: no request until then (or until the user edits it).
        this.holdBack(op, op.expense.syncMessage ?? 'Waiting before trying again.', undefined, op.notBefore);
      } else if (op.kind === 'create') creates.push(op);
      else if (op.kind === 'update') updates.push(op);
      else deletes.push(op);
    }

    // Creates (and deletes of never-confirmed creates) that may already exist on the server.
    // After healPulledDuplicates at most one pulled record per client id remains.
    const byClientRef = new Map<string, ApiExpense>();
    for (const [remoteId, clientId] of this.clientRefs) {
      const record = this.pulled.get(remoteId);
      if (record) byClientRef.set(clientId, record);
    }
    // A delete of an expense main once created (again) and never heard back about: that create may
    // have made a record the local row does not know. Found by client id, it is deleted too.
    const sentOnce = (op: DeleteOp): boolean => op.remoteId !== null && this.d.sentCreates.lastSent(op.expenseId) !== undefined;
    const toLookUp = [...creates.filter((op) => op.attempted), ...deletes.filter((op) => op.remoteId === null || sentOnce(op))]
      .map((op) => op.expenseId)
      .filter((id) => !byClientRef.has(id));
    let lookupFailed: unknown = null;
    if (toLookUp.length > 0) {
      try {
        for (const [clientId, record] of await this.lookUp(toLookUp)) byClientRef.set(clientId, record);
      } catch (e) {
        this.stopOnAuth(e);
        lookupFailed = e;
      }
    }

    const tasks: Array<() => Promise<void>> = [];
    const freshCreates: CreateJob[] = [];
    // An expense whose receipt is not uploaded yet waits: sent without it, the link would be lost.
    const waitsForReceipt = (op: CreateOp | UpdateOp): boolean => {
      if (this.receiptTarget(op) !== MISSING_RECEIPT) return false;
      this.leavePending(op, new KantataError('network', 'Its receipt is not uploaded yet; the expense is sent together with it.'));
      return true;
    };
    for (const op of creates) {
      if (waitsForReceipt(op)) continue;
      const existing = byClientRef.get(op.expenseId);
      if (existing) tasks.push(() => this.adopt(op, existing));
      else if (op.attempted && lookupFailed !== null) this.lookupFailedFor(op, lookupFailed);
      else if (op.attempted && this.inDoubt(op.expenseId)) this.leaveInDoubt(op);
      else freshCreates.push({ op, label: op.attempted && this.d.sentCreates.lastSent(op.expenseId) !== undefined ? 'resent' : 'created' });
    }
    const deletable: Array<{ op: DeleteOp; remoteId: string }> = [];
    for (const op of deletes) {
      if (op.remoteId === null) {
        const existing = byClientRef.get(op.expenseId);
        if (existing) deletable.push({ op, remoteId: existing.id });
        else if (lookupFailed !== null) this.lookupFailedFor(op, lookupFailed);
        // Created and deleted here: nothing to delete there, unless the create may still arrive.
        else if (this.inDoubt(op.expenseId)) this.leaveInDoubt(op);
        else this.settle(op, 'discarded');
        continue;
      }
      if (sentOnce(op)) {
        const current = byClientRef.get(op.expenseId);
        if (current) {
          // The record the client id has now (copies healed by the look-up): that one goes.
          if (current.id !== op.remoteId) this.deletedRemote.add(op.remoteId);
          op.remoteId = current.id;
        } else if (lookupFailed !== null) {
          this.lookupFailedFor(op, lookupFailed);
          continue;
        } else if (this.inDoubt(op.expenseId)) {
          // Not while that create may still arrive: deleting now would leave its record behind.
          this.leaveInDoubt(op);
          continue;
        }
      }
      const remoteId = op.remoteId;
      if (this.judgeDelete(op, remoteId)) deletable.push({ op, remoteId });
    }

    for (let i = 0; i < freshCreates.length; i += this.d.createBatchSize) {
      const batch = freshCreates.slice(i, i + this.d.createBatchSize);
      tasks.push(() => this.createBatch(batch));
    }
    for (let i = 0; i < deletable.length; i += this.d.deleteBatchSize) {
      const batch = deletable.slice(i, i + this.d.deleteBatchSize);
      tasks.push(() => this.deleteBatch(batch));
    }
    for (const op of updates) if (!waitsForReceipt(op)) tasks.push(() => this.update(op));
    try {
      await runPool(tasks, this.d.concurrency);
    } finally {
      // Anything a stop (401) left unanswered stays pending.
      for (const op of ops) if (!this.settlements.has(op.expenseId)) this.leavePending(op, this.authError ?? new KantataError('aborted', 'not attempted'));
    }
    if (this.authError) throw new AuthStop(this.authError);
  }

  // ---------------------------------------------------------------- duplicates

  /** Two or more pulled records carry one client id: keep the oldest, delete the others. */
  private async healPulledDuplicates(): Promise<void> {
    const byClient = new Map<string, ApiExpense[]>();
    for (const [remoteId, clientId] of this.clientRefs) {
      const record = this.pulled.get(remoteId);
      if (!record) continue;
      const list = byClient.get(clientId);
      if (list) list.push(record);
      else byClient.set(clientId, [record]);
    }
    for (const [clientId, records] of byClient) if (records.length > 1) await this.heal(clientId, records);
  }

  /**
   * Keeps the oldest of several server records of one client id (deterministic on every device)
   * and deletes the others: they are this app's own copies, made when a create committed after
   * the client had given up on it. The kept record goes to the renderer with the pull.
   */
  private async heal(clientId: string, records: ApiExpense[]): Promise<ApiExpense> {
    const [keep, ...extras] = [...new Map(records.map((r) => [r.id, r])).values()].sort(oldestFirst);
    this.pulled.set(keep!.id, keep!);
    this.clientRefs.set(keep!.id, clientId);
    for (const extra of extras) {
      if (extra.user_can_edit === false) {
        this.d.log('A duplicate of an expense is locked in Kantata and cannot be deleted', { clientId, kept: keep!.id, locked: extra.id });
        continue;
      }
      try {
        await this.attempt(() => this.d.client.deleteExpense(extra.id, this.signal));
      } catch (e) {
        this.stopOnAuth(e);
        if (!isKantataError(e) || e.kind !== 'not-found') {
          this.d.log('A duplicate of an expense could not be deleted in Kantata; it is tried again later', {
            clientId,
            kept: keep!.id,
            duplicate: extra.id,
            error: e instanceof Error ? e.message : String(e),
          });
          continue;
        }
      }
      this.deletedRemote.add(extra.id);
      this.pulled.delete(extra.id);
      this.clientRefs.delete(extra.id);
      this.replacedBy.set(extra.id, keep!);
      this.d.log('Deleted a duplicate of an expense in Kantata (the oldest record was kept)', { clientId, kept: keep!.id, deleted: extra.id });
    }
    return keep!;
  }

  /**
   * Client ids of updates and deletes whose expense the pull shows under another record (deleted
   * here and created again elsewhere, or a copy): looked up before the push.
   */
  private movedElsewhere(ops: PlannedOp[]): string[] {
    const current = new Map<string, string>();
    for (const [remoteId, clientId] of this.clientRefs) if (this.pulled.has(remoteId)) current.set(clientId, remoteId);
    return ops
      .filter((op) => (op.kind === 'update' || op.kind === 'delete') && op.remoteId !== null)
      .filter((op) => {
        const remoteId = current.get(op.expenseId);
        return remoteId !== undefined && remoteId !== (op as UpdateOp | DeleteOp).remoteId;
      })
      .map((op) => op.expenseId);
  }

  /**
   * Updates and deletes aim at the record their expense has now: the one kept when a copy was
   * deleted, or the one it was created again as elsewhere (its old record is gone). The base
   * stays: the three-way merge (or the delete-vs-edit rule) decides against what the user saw.
   */
  private retargetReplaced(ops: PlannedOp[]): void {
    const current = new Map<string, ApiExpense>();
    for (const [remoteId, clientId] of this.clientRefs) {
      const record = this.pulled.get(remoteId);
      if (record) current.set(clientId, record);
    }
    for (const op of ops) {
      if ((op.kind !== 'update' && op.kind !== 'delete') || op.remoteId === null) continue;
      const kept = this.replacedBy.get(op.remoteId);
      if (kept) {
        op.remoteId = kept.id;
        continue;
      }
      const moved = this.checkedClientIds.includes(op.expenseId) ? current.get(op.expenseId) : undefined;
      if (moved && moved.id !== op.remoteId) {
        // The old record is gone (a copy of it would have been healed into `replacedBy`).
        this.deletedRemote.add(op.remoteId);
        op.remoteId = moved.id;
      }
    }
  }

  /**
   * client id -> server record, for records carrying this app's external reference. Lists stay
   * short enough for any URL limit; two records for one client id are healed (the oldest kept).
   */
  private async lookUp(clientIds: string[]): Promise<Map<string, ApiExpense>> {
    const matches = new Map<string, ApiExpense[]>();
    // 100 ids a request: with per_page 200, even a duplicate of each fits one page.
    for (const chunk of idListChunks([...new Set(clientIds)], 100)) {
      const page = await this.attempt(() => this.d.client.expensesByClientRefs(chunk, this.signal));
      for (const record of page.items) {
        const clientId = page.clientRefs.get(record.id);
        if (!clientId) continue;
        const list = matches.get(clientId);
        if (list) list.push(record);
        else matches.set(clientId, [record]);
      }
    }
    const found = new Map<string, ApiExpense>();
    for (const [clientId, records] of matches) found.set(clientId, records.length > 1 ? await this.heal(clientId, records) : records[0]!);
    return found;
  }

  /** A create that had reached the server: take that record, and bring it up to the local values. */
  private async adopt(op: CreateOp, existing: ApiExpense, label: 'adopted' | 'created' = 'adopted'): Promise<void> {
    if (op.expense.workspaceId !== existing.workspace_id) {
      this.refuseMove(op, existing);
      return;
    }
    if (existing.user_can_edit === false) {
      // It arrived, and was submitted or approved in Kantata before this app heard of it.
      this.rejectLocked(op, existing);
      return;
    }
    const push = differingFields(op.expense, existing).filter((f) => f !== 'workspaceId');
    const receipt = this.receiptTarget(op);
    const writeReceipt = typeof receipt === 'string' && receipt !== existing.receipt_id;
    if (push.length === 0 && !writeReceipt) {
      this.settle(op, label, { server: existing });
      return;
    }
    const body = updateBody(op.expense, push);
    if (writeReceipt) body.receipt_id = receipt;
    try {
      const server = await this.attempt(() => this.d.client.updateExpense(existing.id, body, this.signal));
      this.settle(op, label, { server });
    } catch (e) {
      if (isKantataError(e) && (e.kind === 'validation' || e.kind === 'forbidden') && (await this.lockedOrGone(op, existing.id))) return;
      this.failed(op, e, { remoteId: existing.id, server: existing });
    }
  }

  /**
   * What `receipt_id` to write for this op: undefined = leave it alone, null = remove it, a string
   * = that attachment. MISSING_RECEIPT when the receipt is not uploaded yet (see `push`).
   */
  private receiptTarget(op: CreateOp | UpdateOp): string | null | undefined | typeof MISSING_RECEIPT {
    if (op.kind === 'update' && !op.receiptChanged) return undefined;
    const receiptId = op.expense.receiptId;
    if (receiptId === null) return op.kind === 'update' ? null : undefined;
    return this.req.receiptRemoteIds?.[receiptId] ?? MISSING_RECEIPT;
  }

  private createBodyFor(op: CreateOp | UpdateOp): ReturnType<typeof createBody> {
    const receiptId = op.expense.receiptId;
    // Seam for the receipts issue: the receipt is uploaded before the expense that refers to it.
    const remoteReceipt = receiptId ? (this.req.receiptRemoteIds?.[receiptId] ?? null) : null;
    return createBody(op.expense, remoteReceipt);
  }

  /**
   * Bulk create. Items Kantata refuses (422 or 403, named by index or found by bisection) get its
   * message; the others go again. A create whose outcome is unknown is looked up and, when not
   * found, left in doubt: never sent twice while Kantata may still commit the first request.
   */
  private async createBatch(jobs: CreateJob[]): Promise<void> {
    let pending = jobs;
    for (let n = 1; pending.length > 0; n++) {
      // Written before the request leaves: a crash right after it still knows the create may exist.
      this.d.sentCreates.markSent(
        pending.map((job) => job.op.expenseId),
        this.d.now(),
      );
      let page: Awaited<ReturnType<KantataClient['createExpenses']>>;
      try {
        page = await this.d.client.createExpenses(
          pending.map((job) => this.createBodyFor(job.op)),
          this.signal,
        );
      } catch (e) {
        this.stopOnAuth(e);
        if (!isKantataError(e)) throw e;
        if (e.kind === 'validation' || e.kind === 'forbidden') {
          pending = await this.isolateInvalid(pending, e);
          n--; // a split to find the refused items is not a retry
          continue;
        }
        if (e.outcomeUnknown || e.kind === 'bad-response' || e.kind === 'aborted') {
          await this.settleUnknownCreates(pending);
          return;
        }
        if (!e.retryable) {
          // A failure that names no item (404 on the collection, an unexpected status): nothing
          // was created; the items wait, backed off, with Kantata's message on each.
          for (const job of pending) this.holdBack(job.op, `Kantata did not accept the expense: ${e.message}`);
          this.d.sentCreates.forget(pending.map((job) => job.op.expenseId));
          return;
        }
        // Refused before any work (429): nothing was created, so sending again is safe.
        const delay = backoffDelay(this.d.policy, n, e, this.d.random);
        if (delay === null) {
          for (const job of pending) this.leavePending(job.op, e);
          return;
        }
        try {
          await this.d.sleep(delay, this.signal);
        } catch (stop) {
          for (const job of pending) this.leavePending(job.op, stop);
          return;
        }
        continue;
      }
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
        if (record) this.createdAs(job, record);
        else if (messages) this.refuse(job.op, { kind: 'validation', message: messages.join('; ') });
        else unmatched.push(job);
      });
      // Answered, but these were not in the answer: find out by reference.
      if (unmatched.length > 0) await this.settleUnknownCreates(unmatched, false);
      return;
    }
  }

  /**
   * Creates whose request may or may not have been committed: the ones a look-up finds are
   * settled; the others stay in doubt (`inFlight`: Kantata may still be working on the request)
   * or, when the server has answered and so finished with it, wait backed off.
   */
  private async settleUnknownCreates(jobs: CreateJob[], inFlight = true): Promise<void> {
    let found: Map<string, ApiExpense>;
    try {
      found = await this.lookUp(jobs.map((j) => j.op.expenseId));
    } catch (lookupError) {
      this.stopOnAuth(lookupError);
      for (const job of jobs) {
        if (inFlight) this.leaveInDoubt(job.op);
        else this.lookupFailedFor(job.op, lookupError);
      }
      return;
    }
    for (const job of jobs) {
      const record = found.get(job.op.expenseId);
      if (record) this.createdAs(job, record);
      else if (inFlight) this.leaveInDoubt(job.op);
      else {
        this.d.sentCreates.forget([job.op.expenseId]);
        this.holdBack(job.op, 'Kantata answered without creating this expense; it is sent again later.');
      }
    }
  }

  private createdAs(job: CreateJob, record: ApiExpense): void {
    if (record.workspace_id !== job.op.expense.workspaceId) {
      // An earlier send reached Kantata before the user moved the expense to another project.
      this.refuseMove(job.op, record);
      return;
    }
    if (job.label === 'recreated') {
      const id = this.addConflict({
        expenseId: job.op.expenseId,
        remoteId: record.id,
        kind: 'edit-vs-delete',
        winner: 'local',
        message: 'This expense had been deleted in Kantata, but you had changed it here since; it was created again with your values.',
        fields: [],
        local: this.localValues(job.op),
        localEditedAt: job.op.lastAt,
        server: null,
        overwrote: true,
      });
      this.settle(job.op, 'recreated', { server: record, conflictIds: [id] });
      return;
    }
    if (job.label === 'resent') {
      // Kantata keeps no trace of a deletion: a create that arrived and was deleted there (on the
      // web, on another device) looks exactly like one that never arrived. Sending it again was
      // the safe choice; the log says so, so the user can delete it again.
      const id = this.addConflict({
        expenseId: job.op.expenseId,
        remoteId: record.id,
        kind: 'edit-vs-delete',
        winner: 'local',
        message:
          'Kantata did not confirm this expense when it was first sent, and it could not be found there afterwards, so it was sent again. If it had been deleted in Kantata meanwhile, delete it here.',
        fields: [],
        local: this.localValues(job.op),
        localEditedAt: job.op.lastAt,
        server: null,
        overwrote: false,
      });
      this.settle(job.op, 'created', { server: record, conflictIds: [id] });
      return;
    }
    this.settle(job.op, 'created', { server: record });
  }

  /**
   * A 422 or 403 on a bulk create (all-or-nothing: nothing was created): the errors' `index` names
   * the bad items (they get the server's message, the rest is returned to be sent again). Without
   * indexes the batch is bisected; a lone item is refused with the server's message.
   */
  private async isolateInvalid(jobs: CreateJob[], e: KantataError): Promise<CreateJob[]> {
    const indexed = e.errors.filter((err) => typeof err.index === 'number' && err.index >= 0 && err.index < jobs.length);
    if (jobs.length === 1) {
      this.refuse(jobs[0]!.op, e);
      return [];
    }
    if (indexed.length > 0) {
      const bad = new Set(indexed.map((err) => err.index!));
      for (const index of bad) {
        const messages = indexed.filter((err) => err.index === index);
        // Named by a field other than receipt_id when there is one (a refused receipt alone is special).
        const first = messages.find((m) => m.field !== 'receipt_id') ?? messages[0]!;
        this.refuse(jobs[index]!.op, {
          kind: 'validation',
          message: messages.map((m) => m.message).join('; '),
          field: appFieldForApiField(first.field),
        });
      }
      return jobs.filter((_, i) => !bad.has(i));
    }
    const mid = Math.ceil(jobs.length / 2);
    await this.createBatch(jobs.slice(0, mid));
    await this.createBatch(jobs.slice(mid));
    return [];
  }

  // ---------------------------------------------------------------- updates

  private async update(op: UpdateOp): Promise<void> {
    let known = this.serverOf(op.remoteId, op.base);
    try {
      if (known === null) {
        const page = await this.attempt(() => this.d.client.expensesByIds([op.remoteId], this.signal));
        known = page.items[0] ?? 'gone';
      }
    } catch (e) {
      this.failed(op, e);
      return;
    }
    if (known === 'gone') {
      await this.recreate(op);
      return;
    }
    await this.pushUpdate(op, known);
  }

  private async pushUpdate(op: UpdateOp, server: ApiExpense): Promise<void> {
    if (server.user_can_edit === false) {
      this.rejectLocked(op, server);
      return;
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
        skewMs: this.skewMs,
      });
      values = merge.values;
      push = merge.push;
    } else {
      push = differingFields(op.expense, server, op.fields);
    }
    // Refused before anything is logged: nothing is sent, so no change was "kept".
    if (push.includes('workspaceId')) {
      this.refuseMove(op, server);
      return;
    }
    const conflictIds: string[] = [];
    if (merge && merge.decisions.length > 0) {
      conflictIds.push(
        this.addConflict({
          expenseId: op.expenseId,
          remoteId: server.id,
          kind: 'merge',
          winner: merge.winner,
          message: merge.overwrote
            ? 'This expense was changed here and in Kantata; for each field the later change was kept.'
            : 'This expense was changed here and in Kantata (different fields); both changes were kept.',
          fields: merge.decisions,
          local: this.localValues(op),
          localEditedAt: op.lastAt,
          server,
          overwrote: merge.overwrote,
        }),
      );
    }
    const outcome: SettlementOutcome = merge ? 'merged' : 'updated';
    const receipt = this.receiptTarget(op);
    const writeReceipt = receipt !== undefined && receipt !== MISSING_RECEIPT && receipt !== (server.receipt_id ?? null);
    if (push.length === 0 && !writeReceipt) {
      this.settle(op, merge ? 'merged' : 'unchanged', { server, conflictIds });
      return;
    }
    const body = updateBody(values, push);
    if (writeReceipt) body.receipt_id = receipt;
    try {
      const updated = await this.attempt(() => this.d.client.updateExpense(server.id, body, this.signal));
      this.settle(op, outcome, { server: updated, conflictIds });
    } catch (e) {
      if (isKantataError(e) && e.kind === 'not-found') {
        await this.recreate(op);
        return;
      }
      if (isKantataError(e) && (e.kind === 'validation' || e.kind === 'forbidden') && (await this.lockedOrGone(op, server.id))) return;
      this.failed(op, e, { remoteId: server.id, server });
    }
  }

  /**
   * Kantata cannot move an expense to another project. Refused with the record the expense is
   * linked to, so the local row keeps (or learns) its remote id and nothing is created twice.
   */
  private refuseMove(op: CreateOp | UpdateOp, server: ApiExpense): void {
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

  /** After a 422/403 on a write: is it a locked record (or a vanished one)? Settles when so. */
  private async lockedOrGone(op: CreateOp | UpdateOp | DeleteOp, remoteId: string): Promise<boolean> {
    try {
      const page = await this.attempt(() => this.d.client.expensesByIds([remoteId], this.signal));
      const current = page.items[0];
      if (!current) {
        if (op.kind === 'update') await this.recreate(op);
        else if (op.kind === 'delete') this.settle(op, 'deleted', { remoteId: null });
        // A create's record that vanished meanwhile: it is created again in a later round.
        else this.leavePending(op, new KantataError('not-found', 'It was deleted in Kantata meanwhile.'));
        return true;
      }
      if (current.user_can_edit === false) {
        this.rejectLocked(op, current);
        return true;
      }
    } catch (e) {
      this.stopOnAuth(e);
    }
    return false;
  }

  private rejectLocked(op: CreateOp | UpdateOp | DeleteOp, server: ApiExpense): void {
    const action = op.kind === 'delete' ? 'deleted' : 'changed';
    const message = `This expense is submitted, approved or invoiced in Kantata and cannot be ${action}; your change was not sent.`;
    const id = this.addConflict({
      expenseId: op.expenseId,
      remoteId: server.id,
      kind: 'locked',
      winner: 'server',
      message,
      fields: [],
      local: this.localValues(op),
      localEditedAt: op.lastAt,
      server,
      overwrote: true,
    });
    this.settle(op, 'locked', {
      server,
      conflictIds: [id],
      error: { kind: 'locked', message, field: null, retryable: false, retryAt: null },
    });
  }

  /** Local edit vs remote delete: the edit wins (see the protocol), the expense is created again. */
  private async recreate(op: UpdateOp): Promise<void> {
    this.deletedRemote.add(op.remoteId);
    // An earlier round may have re-created it already (its result lost): find that record first,
    // in the pull or by the client reference, so a replay never makes a second one.
    let existing: ApiExpense | undefined;
    for (const [remoteId, clientId] of this.clientRefs) {
      const record = this.pulled.get(remoteId);
      if (clientId === op.expenseId && remoteId !== op.remoteId && record) existing = record;
    }
    if (!existing) {
      try {
        existing = (await this.lookUp([op.expenseId])).get(op.expenseId);
      } catch (e) {
        this.failed(op, e);
        return;
      }
    }
    if (existing && existing.id !== op.remoteId && !this.followed.has(op.expenseId)) {
      // The expense lives on as another record (created again by another device, or by an
      // earlier round whose answer was lost): the edit goes there, merged against what the user
      // saw, as any update (locks, project moves and refusals included). Followed once a round.
      this.followed.add(op.expenseId);
      op.remoteId = existing.id;
      await this.pushUpdate(op, existing);
      return;
    }
    if (this.inDoubt(op.expenseId)) {
      // Created again by an earlier round that never heard back: it may still arrive.
      this.leaveInDoubt(op);
      return;
    }
    await this.createBatch([{ op, label: 'recreated' }]);
  }

  // ---------------------------------------------------------------- deletes

  /** True when the delete should be sent; otherwise it is settled here. */
  private judgeDelete(op: DeleteOp, remoteId: string): boolean {
    const known = this.serverOf(remoteId, op.base);
    if (known === 'gone') {
      this.settle(op, 'deleted', { remoteId: null });
      return false;
    }
    if (known === null) return true;
    if (known.user_can_edit === false) {
      this.rejectLocked(op, known);
      return false;
    }
    // Holding exactly the local values, the record shows no edit of anyone else's (a record this
    // app created again from them, say), whatever its stamp.
    const remoteEditedSinceBase = op.base !== null && serverChangedSince(op.base, known) && differingFields(op.expense, known).length > 0;
    // Within the server stamp's second the order is unknown: the edit in Kantata is kept.
    if (remoteEditedSinceBase && latestTimeOf(known.updated_at) > op.lastAt + this.skewMs) {
      const id = this.addConflict({
        expenseId: op.expenseId,
        remoteId: known.id,
        kind: 'delete-vs-edit',
        winner: 'server',
        message: 'You deleted this expense, but it was changed in Kantata after that; it was kept with the newer values.',
        fields: [],
        local: null,
        localEditedAt: op.lastAt,
        server: known,
        overwrote: true,
      });
      this.settle(op, 'resurrected', { server: known, conflictIds: [id] });
      return false;
    }
    return true;
  }

  private async deleteBatch(items: Array<{ op: DeleteOp; remoteId: string }>): Promise<void> {
    if (items.length === 1) {
      await this.deleteOne(items[0]!.op, items[0]!.remoteId);
      return;
    }
    let pending = items;
    for (let n = 1; pending.length > 0; n++) {
      try {
        await this.d.client.deleteExpenses(
          pending.map((i) => i.remoteId),
          this.signal,
        );
        for (const item of pending) this.settle(item.op, 'deleted', { remoteId: null });
        return;
      } catch (e) {
        this.stopOnAuth(e);
        if (!isKantataError(e)) throw e;
        if (e.kind === 'validation' || e.kind === 'not-found' || e.kind === 'forbidden') {
          // All-or-nothing: split to find the ones that cannot go (missing ones count as done).
          const mid = Math.ceil(pending.length / 2);
          await this.deleteBatch(pending.slice(0, mid));
          await this.deleteBatch(pending.slice(mid));
          return;
        }
        if (!e.retryable) {
          for (const item of pending) this.refuse(item.op, e);
          return;
        }
        if (e.outcomeUnknown) {
          // Drop the ones that are already gone, so the retry does not fail on them.
          try {
            const page = await this.attempt(() => this.d.client.expensesByIds(pending.map((i) => i.remoteId), this.signal));
            const still = new Set(page.items.map((r) => r.id));
            for (const item of pending) if (!still.has(item.remoteId)) this.settle(item.op, 'deleted', { remoteId: null });
            pending = pending.filter((item) => still.has(item.remoteId));
          } catch (lookupError) {
            this.stopOnAuth(lookupError);
          }
          if (pending.length === 0) return;
        }
        const delay = backoffDelay(this.d.policy, n, e, this.d.random);
        if (delay === null) {
          for (const item of pending) this.leavePending(item.op, e);
          return;
        }
        try {
          await this.d.sleep(delay, this.signal);
        } catch (stop) {
          for (const item of pending) this.leavePending(item.op, stop);
          return;
        }
      }
    }
  }

  private async deleteOne(op: DeleteOp, remoteId: string): Promise<void> {
    try {
      await this.attempt(() => this.d.client.deleteExpense(remoteId, this.signal));
      this.settle(op, 'deleted', { remoteId: null });
    } catch (e) {
      if (isKantataError(e) && e.kind === 'not-found') {
        this.settle(op, 'deleted', { remoteId: null });
        return;
      }
      if (isKantataError(e) && (e.kind === 'validation' || e.kind === 'forbidden') && (await this.lockedOrGone(op, remoteId))) return;
      this.failed(op, e);
    }
  }

  // ---------------------------------------------------------------- result

  private result(
    ops: PlannedOp[],
    cursor: string | null,
    pullComplete: boolean,
    offline: boolean,
    roundError: KantataError | null,
  ): SyncRoundResult {
    for (const op of ops) {
      if (!this.settlements.has(op.expenseId)) {
        this.leavePending(op, this.authError ?? roundError ?? new KantataError('network', 'The server could not be reached.'));
      }
    }
    const settlements = ops.map((op) => this.settlements.get(op.expenseId)!);
    const settledRemote = new Set(settlements.map((s) => s.remoteId).filter((id): id is string => id !== null));
    const upserts = [...this.pulled.values()].filter((r) => !settledRemote.has(r.id));
    // Every pulled record's client id, also of expenses settled this round: without it a record
    // of this app would be taken for one made in Kantata and stored a second time.
    const clientRefs: Record<string, string> = {};
    for (const record of upserts) {
      const clientId = this.clientRefs.get(record.id);
      if (clientId) clientRefs[record.id] = clientId;
    }
    const retryTimes = settlements.map((s) => s.error?.retryAt).filter((t): t is number => typeof t === 'number');
    const allSettled = settlements.every((s) => s.settled);
    const status: SyncRoundResult['status'] = this.authError
      ? 'auth-required'
      : offline
        ? 'offline'
        : allSettled && (pullComplete || this.req.skipPull === true)
          ? 'ok'
          : 'partial';
    return {
      roundId: this.req.roundId,
      status,
      settlements,
      ...(this.staleReceipts.length > 0 && { staleReceipts: this.staleReceipts }),
      pulled: {
        upserts,
        clientRefs,
        deletedRemoteIds: [...this.deletedRemote],
        complete: pullComplete,
        full: this.req.cursor === null && !this.req.skipPull,
      },
      cursor,
      clockSkewMs: Math.round(this.skewMs),
      conflicts: [...this.conflicts.values()],
      ...(this.checkedClientIds.length > 0 && { checkedClientIds: this.checkedClientIds }),
      nextAttemptAt: retryTimes.length > 0 ? Math.min(...retryTimes) : null,
      stats: { requests: this.d.client.requestCount - this.requestsBefore, startedAt: this.startedAt, finishedAt: this.d.now() },
    };
  }
}

/** Oldest first: by `created_at`, then by id (numeric strings), so every device picks the same record. */
function oldestFirst(a: ApiExpense, b: ApiExpense): number {
  const byTime = Date.parse(a.created_at) - Date.parse(b.created_at);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
  return a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function syncKindOf(e: KantataError): SyncErrorKind {
  if (e.kind === 'aborted') return 'network';
  if (e.kind === 'bad-response') return 'unknown';
  return e.kind;
}

/** The answer to a round that could not talk to the server at all (not connected, paused): nothing settled. */
export function unsentResult(request: SyncRoundRequest, status: 'not-connected' | 'auth-required', message: string): SyncRoundResult {
  const now = Date.now();
  const ops = coalesce(request.outbox, request.expenses);
  return {
    roundId: request.roundId,
    status,
    settlements: ops.map((op) => ({
      expenseId: op.expenseId,
      seqs: op.seqs,
      settled: false,
      outcome: 'pending',
      remoteId: null,
      server: null,
      conflictIds: [],
      error: { kind: status === 'auth-required' ? 'auth' : 'network', message, field: null, retryable: true, retryAt: null },
    })),
    pulled: { upserts: [], clientRefs: {}, deletedRemoteIds: [], complete: false, full: false },
    cursor: null,
    clockSkewMs: 0,
    conflicts: [],
    nextAttemptAt: null,
    stats: { requests: 0, startedAt: now, finishedAt: now },
  };
}
