/**
 * Typed failures of a Kantata request. `outcomeUnknown` marks the dangerous ones: the server may
 * have committed the write although we saw no answer (timeout, dropped connection, 5xx).
 */
import type { ApiError } from '@shared/kantata/wire';

export type KantataErrorKind =
  | 'auth' // 401: token invalid or revoked
  | 'forbidden' // 403
  | 'not-found' // 404
  | 'validation' // 422 (and 400): `errors` carry field/index/message
  | 'rate-limited' // 429
  | 'unavailable' // 5xx
  | 'timeout' // no answer within the client's timeout
  | 'network' // connection refused/reset/dropped, certificate not trusted, proxy failed (407 too)
  | 'aborted' // the caller cancelled (round stopped)
  | 'bad-response'; // an answer that is not the API's JSON

export class KantataError extends Error {
  readonly kind: KantataErrorKind;
  readonly status: number | null;
  readonly errors: ApiError[];
  /** From Retry-After (seconds or HTTP date), in ms; null when absent. */
  readonly retryAfterMs: number | null;
  /** The network stack's code for a failed connection (net::ERR_… name or Node's code), else null. */
  readonly networkCode: string | null;

  constructor(
    kind: KantataErrorKind,
    message: string,
    opts: { status?: number | null; errors?: ApiError[]; retryAfterMs?: number | null; networkCode?: string | null; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'KantataError';
    this.kind = kind;
    this.status = opts.status ?? null;
    this.errors = opts.errors ?? [];
    this.retryAfterMs = opts.retryAfterMs ?? null;
    this.networkCode = opts.networkCode ?? null;
  }

  /** Worth trying again later (possibly after a look-up for creates). */
  get retryable(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'unavailable' || this.kind === 'timeout' || this.kind === 'network';
  }

  /** The server may have applied the request although it did not say so. */
  get outcomeUnknown(): boolean {
    // 503 is Kantata's own "unavailable" (documented): the request was not taken on. A gateway's
    // 502/504, any other 5xx, a timeout or a dropped connection leave it open.
    if (this.kind === 'unavailable') return this.status !== 503;
    // A proxy's 407 answers before anything reaches the server.
    if (this.status === 407) return false;
    return this.kind === 'timeout' || this.kind === 'network';
  }
}

export function isKantataError(e: unknown): e is KantataError {
  return e instanceof KantataError;
}

export function kindForStatus(status: number): KantataErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  // The network's proxy wants a login: nothing reached Kantata, try again once it has one.
  if (status === 407) return 'network';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'unavailable';
  return 'validation';
}

export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** The first server message, for the user. */
export function firstMessage(errors: readonly ApiError[], fallback: string): string {
  return errors.find((e) => e.message)?.message ?? fallback;
}
