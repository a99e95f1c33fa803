/**
 * Bounded retries with exponential backoff and jitter, honouring Retry-After, and a small pool
 * for bounded concurrency. Clock, randomness and sleeping are injected so tests stay exact.
 */
import { KantataError } from '../kantata/errors';

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
