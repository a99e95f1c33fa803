/**
 * Fault injection: per route or global, consumed in order, deterministic for a given seed.
 * A fault matches a request by method and normalized path (`/expenses`, `/expenses/1001`, without
 * `/api/v1` and `.json`); `times` limits how often it fires, `rate` (0..1) fires it at random
 * using the seeded generator, so the same seed gives the same fault sequence.
 */

import { seededRandom } from '../support/common/seeded-random';

export type FaultKind = 'latency' | 'status' | 'hang' | 'commit-then-drop' | 'drop-before' | 'late-commit' | 'garbage';

export interface FaultSpec {
  kind: FaultKind;
  method?: string;
  /** RegExp, or a string compiled as a RegExp (anchor it yourself: '^/expenses$'). */
  pathPattern?: RegExp | string;
  /** Fire at most this many times (default: unlimited). */
  times?: number;
  /** Probability 0..1 of firing on a matching request (default 1). */
  rate?: number;
  /** For latency: the delay (default 100). For late-commit: how long after its answer the request is applied (default 1000). */
  ms?: number;
  /**
   * For status: 429, 503 or 500 (default 503). For late-commit: the gateway's answer, 504 (default) or 502.
   * For garbage: the status of the unreadable answer (default 200).
   */
  status?: number;
  /** For status: a Retry-After header value in seconds. */
  retryAfter?: number;
  /** For late-commit: destroy the socket instead of answering with `status`. */
  drop?: boolean;
}

export interface ActiveFault extends FaultSpec {
  id: string;
  fired: number;
}

export class FaultInjector {
  private faults: ActiveFault[] = [];
  private random: () => number;
  private nextId = 1;

  constructor(seed = 1) {
    this.random = seededRandom(seed);
  }

  reseed(seed: number): void {
    this.random = seededRandom(seed);
  }

  add(spec: FaultSpec): ActiveFault {
    const fault: ActiveFault = { ...spec, id: String(this.nextId++), fired: 0 };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f, pathPattern: f.pathPattern instanceof RegExp ? f.pathPattern.source : f.pathPattern }));
  }

  /** The fault to apply to this request, if any; counts it as fired. */
  pick(method: string, path: string): ActiveFault | null {
    for (const f of this.faults) {
      if (f.times !== undefined && f.fired >= f.times) continue;
      if (f.method && f.method.toUpperCase() !== method.toUpperCase()) continue;
      if (f.pathPattern !== undefined) {
        const re = f.pathPattern instanceof RegExp ? f.pathPattern : new RegExp(f.pathPattern);
        if (!re.test(path)) continue;
      }
      // Draw only for matching faults, so unrelated traffic does not shift the sequence.
      if (f.rate !== undefined && f.rate < 1 && this.random() >= f.rate) continue;
      f.fired++;
      return f;
    }
    return null;
  }
}

/** A sliding one-minute window over all API requests. */
export class RateLimiter {
  private hits: number[] = [];

  constructor(
    public perMinute: number | null = null,
    public retryAfterSeconds: number | null = null,
  ) {}

  set(perMinute: number | null, retryAfterSeconds: number | null = this.retryAfterSeconds): void {
    this.perMinute = perMinute;
    this.retryAfterSeconds = retryAfterSeconds;
    this.hits = [];
  }

  /** Records a request; false when it is over the limit (and then is not counted). */
  allow(nowMs = Date.now()): boolean {
    if (this.perMinute === null) return true;
    this.hits = this.hits.filter((t) => t > nowMs - 60_000);
    if (this.hits.length >= this.perMinute) return false;
    this.hits.push(nowMs);
    return true;
  }
}
