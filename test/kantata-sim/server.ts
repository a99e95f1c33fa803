import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { AdminHttpHandler } from './admin-http';
import { receiveDirectUpload } from './api-attachments';
import { routeApi } from './api-router';
import { systemError, type ApiResponse, type RequestLogEntry, type SimContext } from './context';

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

export function createSimServer(ctx: SimContext, admin: AdminHttpHandler): Server {
  const send = (res: ServerResponse, out: ApiResponse): void => {
    const headers: Record<string, string> = { Date: new Date(ctx.clock.now()).toUTCString(), ...out.headers };
    if (out.status === 204 || out.body === undefined) {
      res.writeHead(out.status, headers);
      res.end();
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
          break;
      }
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

    let out: ApiResponse;
    try {
      out = await routeApi(ctx, {
        method, path, segments: path.split('/').filter((s) => s !== ''), query: url.searchParams,
        headers: req.headers, rawBody: raw, body: parsed.value, user, url: url.toString(),
      });
    } catch (error) {
      out = systemError(500, `Simulator error: ${(error as Error).message}`);
    }
    // The lost-response case: the change is applied, the client never hears about it.
    if (fault?.kind === 'commit-then-drop') return finish('drop');
    finish(out);
  };

  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, systemError(500, `Simulator error: ${(error as Error).message}`));
    });
  });
}
