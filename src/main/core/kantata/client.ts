/**
 * HTTP client for Kantata OX API v1 over an injected fetch (the app: Electron's net.fetch, which
 * follows the OS proxy settings and certificate store; tests: Node's fetch): bearer auth, per-request timeout, envelope
 * decoding and typed errors. It does not retry (the sync engine decides what is safe to retry),
 * but it keeps one shared "not before" gate so that a 429's Retry-After holds back every request
 * of the round, not just the one that got it.
 */
import type {
  ApiAttachment, ApiError, ApiErrorBody, ApiExpense, ApiExpenseWrite, ApiExternalReference, ApiSubmission, ApiSubmissionWrite, ApiUser,
} from '@shared/kantata/wire';
import { EXTERNAL_SERVICE_NAME } from '@shared/kantata/wire';
import { decodeEnvelope, type Decoded } from './envelope';
import { KantataError, firstMessage, kindForStatus, parseRetryAfter } from './errors';
import { describeNetworkFailure } from './network-failure';

export const DEFAULT_BASE_URL = 'https://api.mavenlink.com/api/v1';

export type Query = Record<string, string | number | boolean | undefined>;

export interface KantataClientOptions {
  baseUrl: string;
  token: string;
  /** Per-request timeout, ms (the server's own limit is 3 minutes). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  /** Longest a request waits for an earlier Retry-After before failing as rate-limited (default 30 s). */
  maxGateWaitMs?: number;
}

/** A non-JSON request body (multipart receipt uploads). */
export interface RawBody {
  body: ReadableStream<Uint8Array> | Blob;
  contentType: string;
}

export interface RawResponse {
  status: number;
  body: unknown;
  /** Server clock from the Date header, ms, or null. */
  serverDate: number | null;
  /** Local clock at the middle of the exchange, ms. */
  localMid: number;
  sentAt: number;
  receivedAt: number;
}

/**
 * Query parameters of every expense LISTING (GET /expenses), each documented for that operation:
 * - `from_archived_workspaces`: the user's expenses in archived projects are still theirs;
 * - `on_my_account=false`: the documented default (true) keeps only expenses on internal projects,
 *   and a consultant's expenses sit on client projects. Look-ups by client id and by remote id
 *   (`only=`, to which the default filters still apply) would otherwise miss them, and a create
 *   would be sent twice or a record taken for deleted on the server.
 * - `include=external_references`: the client id of every record this app created;
 * - `include=receipt`: each record's receipt attachment (file name, size, download URL), in the
 *   same answer: the duplicate check learns about receipts made elsewhere without a request more.
 */
const EXPENSE_LIST: Query = {
  from_archived_workspaces: true,
  on_my_account: false,
  optional_fields: 'user_can_edit',
  include: 'external_references,receipt',
};

/** Largest attachment `download` reads (Kantata's direct uploads may exceed the 10 MB form limit). */
export const MAX_DOWNLOAD_BYTES = 50 * 1024 * 1024;

/** POST /expenses documents only `include` and `optional_fields`. */
const EXPENSE_CREATE: Query = {
  optional_fields: 'user_can_edit',
  include: 'external_references',
};

/**
 * Longest id list (comma-joined) one look-up puts in its URL. Servers and proxies commonly refuse
 * URLs over 8 KB (414); 200 UUIDs alone take 7.4 KB. Look-ups stay well below that.
 */
export const MAX_ID_LIST_CHARS = 3_000;

/** Splits ids into lists of at most `maxCount` whose comma-joined length stays within MAX_ID_LIST_CHARS. */
export function idListChunks(ids: readonly string[], maxCount: number, maxChars: number = MAX_ID_LIST_CHARS): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const id of ids) {
    const add = (current.length > 0 ? 1 : 0) + id.length;
    if (current.length > 0 && (current.length >= maxCount || chars + add > maxChars)) {
      chunks.push(current);
      current = [];
      chars = 0;
    }
    chars += (current.length > 0 ? 1 : 0) + id.length;
    current.push(id);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** True when an ISO time carries fractions of a second (Kantata's documented stamps do not). */
function hasSubSecond(iso: string): boolean {
  return /T\d{2}:\d{2}:\d{2}[.,]\d/.test(iso);
}

export class KantataClient {
  readonly baseUrl: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly maxGateWaitMs: number;
  private notBefore = 0;
  /** Requests sent (for stats and the least-traffic checks). */
  requestCount = 0;
  /** Bounds of serverTime - localTime (ms), narrowed by every answer (see `observeSkew`). */
  private skewLo = -Infinity;
  private skewHi = Infinity;
  lastServerDate: number | null = null;

  constructor(opts: KantataClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.token = opts.token;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.fetchImpl = opts.fetch ?? globalThis.fetch.bind(globalThis);
    this.now = opts.now ?? Date.now;
    this.maxGateWaitMs = opts.maxGateWaitMs ?? 30_000;
  }

  /** Expense report submissions (SubmissionsApi, below). */
  get submissions(): SubmissionsApi {
    return new SubmissionsApi(this);
  }

  /** Holds back every later request until `untilMs` (local clock). */
  holdUntil(untilMs: number): void {
    this.notBefore = Math.max(this.notBefore, untilMs);
  }

  async request(
    method: string,
    path: string,
    opts: { query?: Query; body?: unknown; signal?: AbortSignal; raw?: RawBody } = {},
  ): Promise<RawResponse> {
    await this.waitForGate(opts.signal);
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}`, Accept: 'application/json' };
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    if (opts.raw) headers['Content-Type'] = opts.raw.contentType;
    const sentAt = this.now();
    this.requestCount++;
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers,
        body: opts.raw ? opts.raw.body : opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal,
        // A streamed body (receipt upload with progress) must say so to fetch.
        ...(opts.raw?.body instanceof ReadableStream ? { duplex: 'half' as const } : {}),
      });
      text = await response.text();
    } catch (cause) {
      if (opts.signal?.aborted) throw new KantataError('aborted', `${method} ${path}: cancelled`, { cause });
      if (timeout.aborted) throw new KantataError('timeout', `${method} ${path}: no answer within ${this.timeoutMs} ms`, { cause });
      const failure = describeNetworkFailure(cause);
      throw new KantataError(failure.kind, `${method} ${path}: ${failure.description}`, { cause, networkCode: failure.code });
    }
    const receivedAt = this.now();
    const localMid = (sentAt + receivedAt) / 2;
    const dateHeader = response.headers.get('date');
    const serverDate = dateHeader ? Date.parse(dateHeader) : NaN;
    if (!Number.isNaN(serverDate)) {
      // The Date header has 1 s resolution: the server's clock read [date, date + 1 s) at some
      // local moment within [sentAt, receivedAt].
      this.observeSkew(serverDate - receivedAt, serverDate + 1000 - sentAt);
      this.lastServerDate = serverDate;
    }
    let body: unknown = null;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch (cause) {
        if (response.ok) throw new KantataError('bad-response', `${method} ${path}: answer is not JSON`, { status: response.status, cause });
      }
    }
    if (!response.ok) {
      const errors = (body as ApiErrorBody | null)?.errors ?? [];
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), receivedAt);
      const kind = response.status === 400 ? 'validation' : kindForStatus(response.status);
      if (kind === 'rate-limited' && retryAfterMs !== null) this.holdUntil(receivedAt + retryAfterMs);
      const fallback = response.status === 407 ? `${method} ${path}: the network's proxy asks for a login (HTTP 407)` : `${method} ${path}: HTTP ${response.status}`;
      throw new KantataError(kind, firstMessage(errors, fallback), {
        status: response.status,
        errors: Array.isArray(errors) ? errors : [],
        retryAfterMs,
      });
    }
    return { status: response.status, body, serverDate: Number.isNaN(serverDate) ? null : serverDate, localMid, sentAt, receivedAt };
  }

  /**
   * The bytes behind an attachment's `url`. Kantata serves files from its CDN through pre-signed
   * URLs: the token goes only to the API's own origin, never to another host.
   */
  async download(url: string, signal?: AbortSignal): Promise<Uint8Array> {
    await this.waitForGate(signal);
    const target = new URL(url, this.baseUrl);
    const sameOrigin = target.origin === new URL(this.baseUrl).origin;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const what = `GET ${target.pathname}`;
    this.requestCount++;
    let response: Response;
    let bytes: Uint8Array;
    try {
      response = await this.fetchImpl(target, { headers: sameOrigin ? { Authorization: `Bearer ${this.token}` } : {}, signal: combined });
      const declared = Number(response.headers.get('content-length') ?? NaN);
      if (response.ok && declared > MAX_DOWNLOAD_BYTES) {
        await response.body?.cancel();
        throw new KantataError('bad-response', `${what}: the file is larger than ${MAX_DOWNLOAD_BYTES / 1024 / 1024} MB`, { status: response.status });
      }
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (cause) {
      if (cause instanceof KantataError) throw cause;
      if (signal?.aborted) throw new KantataError('aborted', `${what}: cancelled`, { cause });
      if (timeout.aborted) throw new KantataError('timeout', `${what}: no answer within ${this.timeoutMs} ms`, { cause });
      const failure = describeNetworkFailure(cause);
      throw new KantataError(failure.kind, `${what}: ${failure.description}`, { cause, networkCode: failure.code });
    }
    if (!response.ok) {
      const kind = response.status === 400 ? 'validation' : kindForStatus(response.status);
      throw new KantataError(kind, `${what}: HTTP ${response.status}`, { status: response.status });
    }
    return bytes;
  }

  /**
   * Clock skew (serverTime - localTime) as an interval, intersected over answers. The Date header
   * alone is only good to a second; a record written by a request carries the server's time in ms
   * (its updated_at lies within the request), which narrows the interval to the round trip.
   * A sample that contradicts the interval (a clock was changed) restarts it.
   */
  private observeSkew(lo: number, hi: number): void {
    if (lo > this.skewHi || hi < this.skewLo) {
      this.skewLo = lo;
      this.skewHi = hi;
      return;
    }
    this.skewLo = Math.max(this.skewLo, lo);
    this.skewHi = Math.min(this.skewHi, hi);
  }

  private observeWrites(records: readonly ApiExpense[], raw: RawResponse): void {
    for (const record of records) {
      const written = Date.parse(record.updated_at);
      if (Number.isNaN(written)) continue;
      // A stamp to the second says the write happened within [written, written + 1 s).
      const resolution = hasSubSecond(record.updated_at) ? 0 : 1000;
      this.observeSkew(written - raw.receivedAt, written + resolution - raw.sentAt);
    }
  }

  /** Best estimate of serverTime - localTime, ms; null before any answer. */
  get skewMs(): number | null {
    if (!Number.isFinite(this.skewLo) || !Number.isFinite(this.skewHi)) return null;
    return (this.skewLo + this.skewHi) / 2;
  }

  /**
   * A server time that has certainly passed (ms), or null before any answer: local now plus the
   * lower bound of the skew. A listing bounded by `updated_before` this time can only shrink
   * while it is paged (see sync/pull.ts).
   */
  serverTimePassed(): number | null {
    if (!Number.isFinite(this.skewLo)) return null;
    return this.now() + this.skewLo;
  }

  private async waitForGate(signal?: AbortSignal): Promise<void> {
    const wait = this.notBefore - this.now();
    if (wait <= 0) return;
    // A long hold is not waited out inside a round: the caller parks the work until then.
    if (wait > this.maxGateWaitMs) throw new KantataError('rate-limited', `Rate limited by Kantata for ${Math.ceil(wait / 1000)} s more`, { retryAfterMs: wait });
    await sleep(wait, signal);
  }

  async list<T>(path: string, key: string, query: Query, signal?: AbortSignal): Promise<Decoded<T> & RawResponse> {
    const raw = await this.request('GET', path, { query, signal });
    return { ...raw, ...decodeEnvelope<T>(raw.body, key) };
  }

  async me(signal?: AbortSignal): Promise<ApiUser> {
    const page = await this.list<ApiUser>('/users/me', 'users', {}, signal);
    const user = page.items[0];
    if (!user) throw new KantataError('bad-response', 'GET /users/me returned no user');
    return user;
  }

  /** One page of expenses with the fields and side-loads sync needs. */
  expensesPage(query: Query, signal?: AbortSignal): Promise<ExpensePage & RawResponse> {
    return this.list<ApiExpense>('/expenses', 'expenses', { ...EXPENSE_LIST, ...query }, signal).then((page) => ({
      ...page,
      clientRefs: clientRefsOf(page),
      receipts: receiptsOf(page),
    }));
  }

  /** Bulk create (at most 100). The answer's records are matched to client ids by external reference. */
  async createExpenses(bodies: ApiExpenseWrite[], signal?: AbortSignal): Promise<ExpensePage & { errors: ApiError[] }> {
    const raw = await this.request('POST', '/expenses', { query: EXPENSE_CREATE, body: { expenses: bodies }, signal });
    const page = decodeEnvelope<ApiExpense>(raw.body, 'expenses');
    this.observeWrites(page.items, raw);
    const errors = (raw.body as { errors?: unknown }).errors;
    return { ...page, clientRefs: clientRefsOf(page), errors: Array.isArray(errors) ? (errors as ApiError[]) : [] };
  }

  async updateExpense(remoteId: string, body: ApiExpenseWrite, signal?: AbortSignal): Promise<ApiExpense> {
    const raw = await this.request('PUT', `/expenses/${encodeURIComponent(remoteId)}`, {
      query: { optional_fields: 'user_can_edit' },
      body: { expense: body },
      signal,
    });
    const record = decodeEnvelope<ApiExpense>(raw.body, 'expenses').items[0];
    if (!record) throw new KantataError('bad-response', `PUT /expenses/${remoteId} returned no expense`);
    this.observeWrites([record], raw);
    return record;
  }

  /** Bulk delete (at most 100; all-or-nothing on the server). */
  async deleteExpenses(remoteIds: string[], signal?: AbortSignal): Promise<void> {
    await this.request('DELETE', '/expenses', { query: { ids: remoteIds.join(',') }, signal });
  }

  async deleteExpense(remoteId: string, signal?: AbortSignal): Promise<void> {
    await this.request('DELETE', `/expenses/${encodeURIComponent(remoteId)}`, { signal });
  }

  /** The records among `remoteIds` that exist (one chunk of `idListChunks(ids, 200)`; misses are absent). */
  async expensesByIds(remoteIds: string[], signal?: AbortSignal): Promise<ExpensePage> {
    return this.expensesPage({ only: remoteIds.join(','), per_page: 200 }, signal);
  }

  /** Records carrying this app's external reference for any of `clientIds` (one chunk of `idListChunks(ids, 200)`). */
  async expensesByClientRefs(clientIds: string[], signal?: AbortSignal): Promise<ExpensePage> {
    return this.expensesPage(
      {
        external_reference_service_name: EXTERNAL_SERVICE_NAME,
        external_reference_service_model_refs: clientIds.join(','),
        per_page: 200,
      },
      signal,
    );
  }
}

/**
 * Side-loads of every submission request: the expenses it holds (their remote ids), its project
 * and the external references (the client id of the submissions this app made). All documented.
 */
const SUBMISSION_INCLUDES: Query = { include: 'expenses,workspace,external_references' };

export interface SubmissionPage extends Decoded<ApiSubmission> {
  /** remote id -> client id, from this app's side-loaded external references. */
  clientRefs: Map<string, string>;
}

function submissionRefsOf(page: Decoded<ApiSubmission>): Map<string, string> {
  const refs = page.sideload<ApiExternalReference>('external_references');
  const out = new Map<string, string>();
  // By the submission's own reference ids: Kantata's subject_type name for submissions is not documented.
  for (const s of page.items) {
    for (const refId of s.external_reference_ids ?? []) {
      const ref = refs.get(String(refId));
      if (ref?.service_name === EXTERNAL_SERVICE_NAME) out.set(s.id, ref.service_model_ref);
    }
  }
  return out;
}

/** The submission calls of the client (GET/POST /expense_report_submissions, PUT .../cancel). */
export class SubmissionsApi {
  constructor(private readonly client: KantataClient) {}

  async page(query: Query, signal?: AbortSignal): Promise<SubmissionPage & RawResponse> {
    const page = await this.client.list<ApiSubmission>('/expense_report_submissions', 'expense_report_submissions', { ...SUBMISSION_INCLUDES, ...query }, signal);
    return { ...page, clientRefs: submissionRefsOf(page) };
  }

  async create(body: ApiSubmissionWrite, signal?: AbortSignal): Promise<ApiSubmission> {
    const raw = await this.client.request('POST', '/expense_report_submissions', { query: SUBMISSION_INCLUDES, body: { expense_report_submission: body }, signal });
    const record = decodeEnvelope<ApiSubmission>(raw.body, 'expense_report_submissions').items[0];
    if (!record) throw new KantataError('bad-response', 'POST /expense_report_submissions returned no submission');
    return record;
  }

  async cancel(remoteId: string, description: string, signal?: AbortSignal): Promise<ApiSubmission> {
    const raw = await this.client.request('PUT', `/expense_report_submissions/${encodeURIComponent(remoteId)}/cancel`, {
      query: SUBMISSION_INCLUDES,
      body: { resolution: { description } },
      signal,
    });
    const record = decodeEnvelope<ApiSubmission>(raw.body, 'expense_report_submissions').items[0];
    if (!record) throw new KantataError('bad-response', `PUT /expense_report_submissions/${remoteId}/cancel returned no submission`);
    return record;
  }

  /** Submissions carrying this app's external reference for any of `clientIds` (at most 200). */
  byClientRefs(clientIds: string[], signal?: AbortSignal): Promise<SubmissionPage> {
    return this.page({ external_reference_service_name: EXTERNAL_SERVICE_NAME, external_reference_service_model_refs: clientIds.join(','), per_page: 200 }, signal);
  }

  /** The submissions among `remoteIds` (at most 200). */
  byIds(remoteIds: string[], signal?: AbortSignal): Promise<SubmissionPage> {
    return this.page({ only: remoteIds.join(','), per_page: 200 }, signal);
  }
}

export interface ExpensePage extends Decoded<ApiExpense> {
  /** remote id -> client id, from this app's side-loaded external references. */
  clientRefs: Map<string, string>;
  /** The side-loaded receipt attachments of the page's records (absent when not asked for). */
  receipts?: Map<string, ApiAttachment>;
}

/** The page's records' receipts among its side-loaded attachments (ids as strings, as everywhere). */
function receiptsOf(page: Decoded<ApiExpense>): Map<string, ApiAttachment> {
  const side = page.sideload<ApiAttachment>('attachments');
  const out = new Map<string, ApiAttachment>();
  for (const record of page.items) {
    const id = record.receipt_id === null || record.receipt_id === undefined ? null : String(record.receipt_id);
    const attachment = id === null ? undefined : side.get(id);
    if (id !== null && attachment && typeof attachment.filesize === 'number' && typeof attachment.url === 'string') {
      out.set(id, { ...attachment, id });
    }
  }
  return out;
}

function clientRefsOf(page: Decoded<ApiExpense>): Map<string, string> {
  const refs = page.sideload<ApiExternalReference>('external_references');
  const out = new Map<string, string>();
  for (const ref of refs.values()) {
    if (ref.service_name === EXTERNAL_SERVICE_NAME && ref.subject_type === 'Expense') out.set(String(ref.subject_id), ref.service_model_ref);
  }
  return out;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new KantataError('aborted', 'cancelled'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new KantataError('aborted', 'cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
