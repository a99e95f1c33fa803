import type { ApiError, ApiErrorBody } from '@shared/kantata/wire';
import { SimClock } from './clock';
import { ExpenseRules } from './expenses';
import { FaultInjector, RateLimiter } from './faults';
import { SimStore, type SimUser } from './store';

/** The [I] (inferred) behaviours, each a switch with the fact sheet's default. */
export interface SimSwitches {
  /** Bulk create with an invalid item: false = all-or-nothing 422 (default); true = create the valid ones. */
  bulkPartialSuccess: boolean;
  /** PUT/DELETE of a locked expense: 422 validation field base (default) or 403 system. */
  lockedStatus: 422 | 403;
  /** updated_after / updated_before / created_after compare inclusively (>=, <=) when true. Default false. */
  inclusiveTimeFilters: boolean;
  /**
   * Bulk create errors name the refused item by `index` (documented; default true). False answers
   * the same errors without it, as a server that does not say which item failed.
   */
  bulkErrorIndex: boolean;
}

export interface RequestLogEntry {
  seq: number;
  at: string;
  method: string;
  /** Normalized: without /api/v1 and .json, e.g. /expenses/1001. */
  path: string;
  rawPath: string;
  query: Record<string, string>;
  /** HTTP status sent; 0 when the connection was dropped or the request hung. */
  status: number;
  durationMs: number;
  fault?: string;
}

export interface SimContext {
  store: SimStore;
  clock: SimClock;
  rules: ExpenseRules;
  switches: SimSwitches;
  faults: FaultInjector;
  rateLimiter: RateLimiter;
  requestLog: RequestLogEntry[];
}

export function createContext(opts: {
  clockOffsetMs?: number; switches?: Partial<SimSwitches>; faultSeed?: number;
  rateLimitPerMinute?: number | null; retryAfterSeconds?: number | null;
}): SimContext {
  const store = new SimStore();
  const clock = new SimClock(opts.clockOffsetMs ?? 0);
  return {
    store,
    clock,
    rules: new ExpenseRules(store, clock),
    switches: { bulkPartialSuccess: false, lockedStatus: 422, inclusiveTimeFilters: false, bulkErrorIndex: true, ...opts.switches },
    faults: new FaultInjector(opts.faultSeed ?? 1),
    rateLimiter: new RateLimiter(opts.rateLimitPerMinute ?? null, opts.retryAfterSeconds ?? null),
    requestLog: [],
  };
}

export interface ApiRequest {
  method: string;
  path: string;
  segments: string[];
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  /** Parsed JSON body, or undefined when empty/not JSON. */
  body: unknown;
  user: SimUser;
  url: string;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function errorBody(errors: ApiError[]): ApiErrorBody {
  return { errors };
}

export function systemError(status: number, message: string): ApiResponse {
  return { status, body: errorBody([{ type: 'system', message }]) };
}

export function validationError(errors: ApiError[]): ApiResponse {
  return { status: 422, body: errorBody(errors) };
}
