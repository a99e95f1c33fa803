import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { AdminHttpHandler } from './admin-http';
import { receiveDirectUpload, serveAttachment } from './api-attachments';
import { routeApi } from './api-router';
import {
  systemError, type ApiRequest, type ApiRequestInfo, type ApiResponse, type RequestLogEntry, type SimContext,
} from './context';
import type { ActiveFault } from './faults';
import { checkQueryParams } from './openapi-params';

/** Bodies above this are refused outright (attachments over 10 MB get a proper 422 below it). */
const MAX_BODY_BYTES = 24 * 1024 * 1024;
const API_PREFIX = '/api/v1';

const OAUTH_ERROR = { errors: [{ type: 'oauth', message: 'Invalid OAuth 2 Request' }] };

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** `/api/v1/expenses/12.json/` -> `/expenses/12` */
export function normalizeApiPath(pathname: string): string {
  let p = pathname.slice(API_PREFIX.length).replace(/\/+$/, '');
  p = p.replace(/\.json$/, '');
  return p === '' ? '/' : p;
}

function parseJson(raw: Buffer, contentType: string): { ok: true; value: unknown } | { ok: false } {
  if (raw.length === 0) return { ok: true, value: undefined };
  if (contentType.startsWith('multipart/')) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const GATEWAY_TITLES: Record<number, string> = { 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out' };

/** What a load balancer answers when it gives up on the application: its own HTML page, not the API's JSON. */
function gatewayError(status: number): ApiResponse {
  const title = `${status} ${GATEWAY_TITLES[status] ?? 'Gateway Error'}`;
  return { status, body: `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center></body></html>\n`, headers: { 'Content-Type': 'text/html' } };
}

/**
 * The garbage fault's answer: not the API's JSON (a proxy's or captive portal's page, a truncated
 * body), with the given status, after the request was applied.
 */
function unreadableAnswer(status: number): ApiResponse {
  return { status, body: '<html><body><p>Your request is being processed. Please wait.</p></body>\n', headers: { 'Content-Type': 'text/html' } };
}

/**
 * Runs a request's route handler between the request hooks. Whatever the before-hook changes is
 * seen by the handler: the store version is bumped after it, so no cached listing survives.
 */
async function runHandler(ctx: SimContext, req: ApiRequest, entry: RequestLogEntry): Promise<ApiResponse> {
  // A fresh copy per hook: a hook that edits its argument must not change the log or the other hook.
  const info = (): ApiRequestInfo => ({ method: req.method, path: req.path, query: { ...entry.query }, seq: entry.seq });
  let out: ApiResponse;
  try {
    const before = ctx.hooks.beforeApiRequest;
    if (before) {
      before(info());
      ctx.store.touch();
    }
    out = await routeApi(ctx, req);
  } catch (error) {
    out = systemError(500, `Simulator error: ${(error as Error).message}`);
  }
  const after = ctx.hooks.afterApiRequest;
  if (after) {
    try {
      after({ ...info(), status: out.status, body: out.body });
    } catch (error) {
      out = systemError(500, `Simulator error in afterApiRequest: ${(error as Error).message}`);
    }
  }
  return out;
}

/**
 * The late-commit fault: the gateway gives up at once (answers `status`, or drops the socket), but
 * the application goes on and applies the request `ms` later, stamping it then. close() cancels
 * commits still waiting.
 */
function scheduleLateCommit(ctx: SimContext, fault: ActiveFault, req: ApiRequest, entry: RequestLogEntry): ApiResponse | 'drop' {
  const timer = setTimeout(() => {
    ctx.lateCommits.delete(timer);
    const committedAt = new Date(ctx.clock.now()).toISOString();
    void runHandler(ctx, req, entry).then((out) => {
      // Set together once applied, so a test waiting for committedAt sees the change.
      entry.lateStatus = out.status;
      entry.committedAt = committedAt;
    });
  }, fault.ms ?? 1000);
  ctx.lateCommits.add(timer);
  return fault.drop ? 'drop' : gatewayError(fault.status ?? 504);
}

export function createSimServer(ctx: SimContext, admin: AdminHttpHandler): Server {
  const send = (res: ServerResponse, out: ApiResponse): void => {
    const headers: Record<string, string> = { Date: new Date(ctx.clock.now()).toUTCString(), ...out.headers };
    if (out.status === 204 || out.body === undefined) {
      res.writeHead(out.status, headers);
      res.end();
      return;
    }
    if (typeof out.body === 'string') {
      res.writeHead(out.status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      res.end(out.body);
      return;
    }
    if (Buffer.isBuffer(out.body)) {
      res.writeHead(out.status, { 'Content-Type': 'application/octet-stream', ...headers });
      res.end(out.body);
      return;
    }
    res.writeHead(out.status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(out.body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const host = req.headers.host ?? '127.0.0.1';
    const url = new URL(req.url ?? '/', `http://${host}`);
    const method = (req.method ?? 'GET').toUpperCase();

    if (url.pathname.startsWith('/__sim')) {
      if (!isLoopback(req.socket.remoteAddress)) return send(res, systemError(403, 'The simulator admin interface is loopback only'));
      const raw = await readBody(req);
      const upload = /^\/__sim\/direct-upload\/(\d+)$/.exec(url.pathname);
      if (upload && method === 'POST') {
        if (!raw) return send(res, { status: 413, body: { error: 'Upload too large' } });
        return send(res, await receiveDirectUpload(ctx, upload[1]!, { url: url.toString(), headers: req.headers, rawBody: raw }));
      }
      const parsed = raw ? parseJson(raw, '') : { ok: false as const };
      if (!parsed.ok) return send(res, { status: 400, body: { error: 'Body must be JSON' } });
      return send(res, await admin.handle(method, url.pathname.slice('/__sim'.length), url.searchParams, parsed.value));
    }

    const isApi = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
    const path = isApi ? normalizeApiPath(url.pathname) : url.pathname;
    const entry: RequestLogEntry = {
      seq: ctx.requestLog.length + 1, at: new Date(ctx.clock.now()).toISOString(), method, path, rawPath: url.pathname,
      query: Object.fromEntries(url.searchParams), status: 0, durationMs: 0,
      ...(isApi ? checkQueryParams(method, path, url.searchParams.keys()) : { operation: null, undocumentedParams: [] }),
    };
    ctx.requestLog.push(entry);
    const finish = (out: ApiResponse | 'drop'): void => {
      entry.durationMs = Math.round((performance.now() - started) * 100) / 100;
      if (out === 'drop') {
        entry.status = 0;
        req.socket.destroy();
        return;
      }
      entry.status = out.status;
      send(res, out);
    };

    const raw = await readBody(req);
    if (!raw) return finish(systemError(413, 'Request body too large'));

    const fault = ctx.faults.pick(method, path);
    if (fault) {
      entry.fault = fault.kind;
      switch (fault.kind) {
        case 'drop-before':
          return finish('drop');
        case 'hang':
          // Never answer; the client times out, or close() tears the socket down.
          return;
        case 'status': {
          const status = fault.status ?? 503;
          const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {};
          const message = status === 429 ? 'Rate limit exceeded, retry after a small delay' : 'Service is unavailable';
          return finish({ ...systemError(status, message), headers });
        }
        case 'latency':
          await sleep(fault.ms ?? 100);
          break;
        case 'commit-then-drop':
        case 'late-commit':
        case 'garbage':
          // These run the handler; see below.
          break;
      }
    }

    // The CDN that serves attachment downloads: no auth (the URL is pre-signed), no API rate limit.
    const download = method === 'GET' ? serveAttachment(ctx, url) : null;
    if (download) {
      if (fault?.kind === 'commit-then-drop' || fault?.kind === 'late-commit') return finish('drop');
      if (fault?.kind === 'garbage') return finish(unreadableAnswer(fault.status ?? 200));
      return finish(download);
    }

    if (!ctx.rateLimiter.allow()) {
      const headers: Record<string, string> = ctx.rateLimiter.retryAfterSeconds !== null
        ? { 'Retry-After': String(ctx.rateLimiter.retryAfterSeconds) } : {};
      return finish({ ...systemError(429, 'Rate limit exceeded, retry after a small delay'), headers });
    }

    if (!isApi) return finish(systemError(404, `No route matches ${method} ${url.pathname}`));

    const auth = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(auth);
    const user = match ? ctx.store.userByToken(match[1]!.trim()) : undefined;
    if (!user) return finish({ status: 401, body: OAUTH_ERROR });

    const contentType = String(req.headers['content-type'] ?? '');
    const parsed = parseJson(raw, contentType);
    if (!parsed.ok) return finish(systemError(400, 'Malformed JSON body'));

    const apiReq: ApiRequest = {
      method, path, segments: path.split('/').filter((s) => s !== ''), query: url.searchParams,
      headers: req.headers, rawBody: raw, body: parsed.value, user, url: url.toString(),
    };
    // Auth and the rate limit answer at once; the slow part the gateway gives up on is the handler.
    if (fault?.kind === 'late-commit') return finish(scheduleLateCommit(ctx, fault, apiReq, entry));
    const out = await runHandler(ctx, apiReq, entry);
    // The lost-response case: the change is applied, the client never hears about it.
    if (fault?.kind === 'commit-then-drop') return finish('drop');
    // The change is applied, and something between Kantata and the client answers for it.
    if (fault?.kind === 'garbage') return finish(unreadableAnswer(fault.status ?? 200));
    finish(out);
  };

  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, systemError(500, `Simulator error: ${(error as Error).message}`));
    });
  });
}
