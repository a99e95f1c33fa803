import type { ApiError, ApiErrorBody } from '@shared/kantata/wire';
import { SimClock, isUtcOffset, type TimestampPrecision } from './clock';
import { ExpenseRules } from './expenses';
import { SubmissionRules } from './submissions';
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
  /**
   * `created_at`/`updated_at` to the 'second' (default, as Kantata stamps them: two changes within
   * one second share updated_at) or to the 'millisecond' (strictly increasing on every change).
   */
  timestampPrecision: TimestampPrecision;
  /**
   * The zone offset record timestamps are written in: `-07:00` (default, as in Kantata's documented
   * example) or any `±HH:MM`, or `Z`. A non-UTC default catches clients that compare timestamps
   * as strings or assume `Z`.
   */
  timestampOffset: string;
  /**
   * `foreign_exchange_amount.source_value` in responses: a JSON 'number' (default, the OpenAPI
   * response schema's type) or a decimal 'string' ("189.00"). Requests accept both either way.
   */
  foreignAmountValueAs: 'number' | 'string';
  /**
   * An open submission's `status` in responses: 'pending' (default, the response schema's word) or
   * 'new' (the `statuses` filter's word). The filter takes both either way.
   */
  submissionOpenStatus: 'pending' | 'new';
}

export const DEFAULT_SWITCHES: Readonly<SimSwitches> = {
  bulkPartialSuccess: false, lockedStatus: 422, inclusiveTimeFilters: false, bulkErrorIndex: true,
  timestampPrecision: 'second', timestampOffset: '-07:00', foreignAmountValueAs: 'number', submissionOpenStatus: 'pending',
};

/**
 * Refuses switch values the simulator cannot honour (a typo over HTTP would otherwise silently
 * change nothing, or write malformed timestamps). Throws a RangeError naming the switch.
 */
export function checkSwitches(values: Partial<Record<keyof SimSwitches, unknown>>): void {
  const allowed: { [K in keyof SimSwitches]?: (v: unknown) => boolean } = {
    lockedStatus: (v) => v === 422 || v === 403,
    timestampPrecision: (v) => v === 'second' || v === 'millisecond',
    timestampOffset: isUtcOffset,
    foreignAmountValueAs: (v) => v === 'number' || v === 'string',
    submissionOpenStatus: (v) => v === 'pending' || v === 'new',
  };
  for (const [name, ok] of Object.entries(allowed)) {
    const value = values[name as keyof SimSwitches];
    if (value !== undefined && !ok(value)) throw new RangeError(`Invalid value for ${name}: ${JSON.stringify(value)}`);
  }
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
  /**
   * Query parameter names Kantata's OpenAPI files do not document for this operation (`[]` when
   * all are documented, or when no file documents the operation; see `operation`).
   */
  undocumentedParams: string[];
  /** The documented operation the request matched, e.g. `GET /expenses/{id}`; null when none. */
  operation: string | null;
  /** late-commit: when the request was applied (server clock, ISO), after its gateway answer. */
  committedAt?: string;
  /** late-commit: the status the applied request would have answered (nobody receives it). */
  lateStatus?: number;
}

/** What a request hook sees: the normalized path (`/expenses/1001`) and the query as a record. */
export interface ApiRequestInfo {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The request's `seq` in the request log. */
  seq: number;
}

export interface ApiResponseInfo extends ApiRequestInfo {
  status: number;
  /** The response body as computed (undefined for 204). */
  body: unknown;
}

export interface SimHooks {
  beforeApiRequest: ((info: ApiRequestInfo) => void) | null;
  afterApiRequest: ((info: ApiResponseInfo) => void) | null;
}

export interface SimContext {
  store: SimStore;
  clock: SimClock;
  rules: ExpenseRules;
  submissionRules: SubmissionRules;
  switches: SimSwitches;
  faults: FaultInjector;
  rateLimiter: RateLimiter;
  requestLog: RequestLogEntry[];
  hooks: SimHooks;
  /** Timers of late-commit faults not yet applied; close() cancels them. */
  lateCommits: Set<NodeJS.Timeout>;
}

export function createContext(opts: {
  clockOffsetMs?: number; switches?: Partial<SimSwitches>; faultSeed?: number;
  rateLimitPerMinute?: number | null; retryAfterSeconds?: number | null;
}): SimContext {
  const store = new SimStore();
  checkSwitches(opts.switches ?? {});
  const switches: SimSwitches = { ...DEFAULT_SWITCHES, ...opts.switches };
  // The clock reads the switches on every stamp, so setOption takes effect at once.
  const clock = new SimClock(opts.clockOffsetMs ?? 0, () => ({ precision: switches.timestampPrecision, utcOffset: switches.timestampOffset }));
  return {
    store,
    clock,
    rules: new ExpenseRules(store, clock),
    submissionRules: new SubmissionRules(store, clock),
    switches,
    faults: new FaultInjector(opts.faultSeed ?? 1),
    rateLimiter: new RateLimiter(opts.rateLimitPerMinute ?? null, opts.retryAfterSeconds ?? null),
    requestLog: [],
    hooks: { beforeApiRequest: null, afterApiRequest: null },
    lateCommits: new Set(),
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
