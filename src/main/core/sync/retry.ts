/**
 * Bounded retries with exponential backoff and jitter, honouring Retry-After, and a small pool
 * for bounded concurrency. Clock, randomness and sleeping are injected so tests stay exact.
 */
import { KantataError, isKantataError } from '../kantata/errors';

export interface RetryPolicy {
  /** Tries per request within one round (first try included). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this ends the round's tries at once (retry in a later round). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 30_000 };

/** Delay before try `attempt + 1` after `error` at try `attempt` (1-based); null = give up this round. */
export function backoffDelay(policy: RetryPolicy, attempt: number, error: KantataError, random: () => number): number | null {
  if (attempt >= policy.maxAttempts) return null;
  if (error.retryAfterMs !== null) {
    if (error.retryAfterMs > policy.maxRetryAfterMs) return null;
    // A little jitter on top, so clients told the same Retry-After do not return in lockstep.
    return error.retryAfterMs + Math.floor(random() * Math.min(250, policy.baseDelayMs));
  }
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(exp / 2 + random() * (exp / 2));
}

/** When trying again is useful after giving up (local ms). */
export function retryAtAfter(policy: RetryPolicy, error: KantataError, now: number): number {
  return now + (error.retryAfterMs ?? policy.maxDelayMs);
}

/** Runs `tasks` with at most `limit` at a time; rejects with the first failure after all settle. */
export async function runPool(tasks: ReadonlyArray<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  let firstError: unknown = null;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      try {
        await task();
      } catch (e) {
        firstError ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  if (firstError !== null) throw firstError;
}

/**
 * At most `limit` calls of `run` at once, across every caller sharing it: the first download's
 * chunks share the pull concurrency, and receipt uploads share theirs.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  private readonly limit: number;

  constructor(limit: number) {
    this.limit = Math.max(1, limit);
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active++;
    // A finishing call hands its slot straight to the next waiter (`active` stays the same).
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** What a retried request needs from its owner; injected so tests stay exact. */
export interface BackoffDeps {
  policy: RetryPolicy;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface BackoffHooks {
  /** Also ends the waits: a stop must not sit out a backoff. */
  signal?: AbortSignal;
  /** Sees every failure first and may throw to end everything at once (a 401 stops the whole round). */
  onError?: (e: unknown) => void;
  /**
   * A failure the server may have acted on anyway (timeout, dropped connection, 5xx). Without this
   * hook it is simply sent again, which is right for reads and idempotent writes. A caller for whom
   * sending again could act twice looks up what happened first: 'retry' sends (what is left) again,
   * 'stop' ends the tries with `why: 'outcome-unknown'`.
   */
  onOutcomeUnknown?: (e: KantataError) => Promise<'retry' | 'stop'>;
  /** Told just before each wait (the uploader shows its progress back at zero). */
  onWait?: (delayMs: number) => void;
}

/**
 * How a retried request ended. 'refused': a failure trying again would only repeat (not retryable,
 * or not a Kantata error at all); 'gave-up': the tries of this round are used up, or Retry-After
 * is too long; 'interrupted': a wait was cut short (`error` is the sleep's); 'outcome-unknown':
 * onOutcomeUnknown said stop.
 */
export type Tried<T> =
  | { ok: true; value: T }
  | { ok: false; error: unknown; why: 'refused' | 'gave-up' | 'interrupted' | 'outcome-unknown' };

/** `fn` until it succeeds, with backoff on retryable failures (Retry-After, jitter, the abort signal). */
export async function tryWithBackoff<T>(deps: BackoffDeps, fn: () => Promise<T>, hooks: BackoffHooks = {}): Promise<Tried<T>> {
  for (let n = 1; ; n++) {
    try {
      return { ok: true, value: await fn() };
    } catch (e) {
      hooks.onError?.(e);
      if (!isKantataError(e)) return { ok: false, error: e, why: 'refused' };
      if (e.outcomeUnknown && hooks.onOutcomeUnknown && (await hooks.onOutcomeUnknown(e)) === 'stop') {
        return { ok: false, error: e, why: 'outcome-unknown' };
      }
      if (!e.retryable) return { ok: false, error: e, why: 'refused' };
      const delay = backoffDelay(deps.policy, n, e, deps.random);
      if (delay === null) return { ok: false, error: e, why: 'gave-up' };
      hooks.onWait?.(delay);
      try {
        await deps.sleep(delay, hooks.signal);
      } catch (stop) {
        return { ok: false, error: stop, why: 'interrupted' };
      }
    }
  }
}

/** tryWithBackoff for callers that only need the value: any end other than success is thrown. */
export async function withBackoff<T>(deps: BackoffDeps, fn: () => Promise<T>, hooks: BackoffHooks = {}): Promise<T> {
  const tried = await tryWithBackoff(deps, fn, hooks);
  if (tried.ok) return tried.value;
  throw tried.error;
}
