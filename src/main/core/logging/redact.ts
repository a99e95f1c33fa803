/**
 * What a log line may never carry: the Kantata token, proxy passwords, receipt contents. Applied
 * to every message before it reaches a log file, whichever process wrote it (main's own lines and
 * the renderer's, which arrive over IPC).
 *
 * Three nets: known secret VALUES wherever they appear in a string (the token, registered while it
 * is in use), secret-looking KEYS in objects (token, password, authorization…) and text patterns
 * (`Bearer …`, `user:password@host`), and binary data (receipt bytes), which is logged as its size.
 */

export const REDACTED = '[redacted]';

const SECRET_KEYS = /^(token|access_?token|refresh_?token|password|passwd|secret|authorization|proxy-authorization|cookie|set-cookie|credentials|apikey|api_key)$/i;
/** Keys whose value is receipt content, however it is encoded. */
const CONTENT_KEYS = /^(bytes|blob|body|receipt_?bytes|file_?data)$/i;

const secrets = new Set<string>();

/** Masks `value` in every later log line (the token while an account is connected). */
export function registerSecret(value: string | null | undefined): void {
  // Very short values would mask ordinary words.
  if (value && value.length >= 6) secrets.add(value);
}

export function forgetSecret(value: string | null | undefined): void {
  if (value) secrets.delete(value);
}

function redactText(text: string): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out
    .replace(/\b(Bearer|Basic|Digest|NTLM|Negotiate)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`)
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, `$1${REDACTED}@`)
    .replace(/(["']?(?:token|password|secret|authorization)["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;&}]+)/gi, `$1${REDACTED}`);
}

function sizeOf(value: ArrayBuffer | ArrayBufferView | Blob): number {
  return value instanceof Blob ? value.size : value.byteLength;
}

const isBinary = (value: unknown): value is ArrayBuffer | ArrayBufferView | Blob =>
  value instanceof ArrayBuffer || ArrayBuffer.isView(value) || (typeof Blob !== 'undefined' && value instanceof Blob);

const SIZE_MARK = /^\[\d+ (bytes|characters)\]$/;

/** Content is logged as its size only (and a size stays a size when redacted twice). */
function contentSize(item: string | ArrayBuffer | ArrayBufferView | Blob): string {
  if (typeof item !== 'string') return `[${sizeOf(item)} bytes]`;
  return SIZE_MARK.test(item) ? item : `[${item.length} characters]`;
}

/** A copy of `value` safe to log (strings, errors, plain objects and arrays are walked; depth-limited). */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (isBinary(value)) return `[${sizeOf(value)} bytes]`;
  if (seen.has(value)) return '[circular]';
  if (depth > 6) return '[…]';
  seen.add(value);
  if (value instanceof Error) {
    const copy = new Error(redactText(value.message));
    copy.name = value.name;
    copy.stack = value.stack ? redactText(value.stack) : undefined;
    const extra = value as Error & { cause?: unknown; code?: unknown; kind?: unknown; status?: unknown };
    if (extra.cause !== undefined) (copy as Error & { cause?: unknown }).cause = redact(extra.cause, depth + 1, seen);
    for (const key of ['code', 'kind', 'status'] as const) if (extra[key] !== undefined) Object.assign(copy, { [key]: extra[key] });
    return copy;
  }
  if (value instanceof Map) return redact(Object.fromEntries(value), depth, seen);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (SECRET_KEYS.test(key)) out[key] = item === null || item === undefined || item === '' ? item : REDACTED;
    else if (CONTENT_KEYS.test(key) && (typeof item === 'string' || isBinary(item))) out[key] = contentSize(item);
    else out[key] = redact(item, depth + 1, seen);
  }
  return out;
}
