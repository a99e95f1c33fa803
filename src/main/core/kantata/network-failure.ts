/**
 * What a failed fetch means, whichever stack made it. The app sends through Electron's `net.fetch`
 * (Chromium: it rejects with `Error("net::ERR_…")`), tests and the harness through Node's fetch
 * (undici: `TypeError("fetch failed")` with a `cause.code` such as ECONNREFUSED). Both end up as
 * the same KantataError kinds, with a sentence a consultant on a client network can act on.
 */

export interface NetworkFailure {
  kind: 'network' | 'timeout';
  /** Chromium's `net::ERR_…` name or Node's error code, when there is one. */
  code: string | null;
  /** A plain-language description, the code in brackets. */
  description: string;
  /** The failure is about a proxy that wants a login (see network/proxy-login.ts). */
  proxyAuth: boolean;
}

const CHROMIUM_CODE = /\bnet::(ERR_[A-Z0-9_]+)/;

/** Chromium codes that mean the connection timed out rather than failed. */
const TIMEOUT_CODES = new Set(['ERR_TIMED_OUT', 'ERR_CONNECTION_TIMED_OUT']);

/** Chromium codes a proxy asking for a login ends in (HTTPS goes through a CONNECT tunnel). */
export const PROXY_AUTH_CODES: ReadonlySet<string> = new Set([
  'ERR_PROXY_AUTH_REQUESTED',
  'ERR_PROXY_AUTH_UNSUPPORTED',
  'ERR_PROXY_AUTH_REQUESTED_WITH_NO_CONNECTION',
  'ERR_TUNNEL_CONNECTION_FAILED',
]);

function explainChromium(code: string): string {
  if (code.startsWith('ERR_CERT_') || code === 'ERR_BAD_SSL_CLIENT_AUTH_CERT' || code === 'ERR_SSL_PROTOCOL_ERROR') {
    return "the server's certificate is not trusted by this computer (a network that inspects TLS needs its root certificate installed)";
  }
  if (PROXY_AUTH_CODES.has(code)) return 'the proxy refused the connection; it may need a login';
  if (code.startsWith('ERR_PROXY_') || code === 'ERR_MANDATORY_PROXY_CONFIGURATION_FAILED') return "the network's proxy could not be used";
  if (code === 'ERR_NAME_NOT_RESOLVED' || code === 'ERR_NAME_RESOLUTION_FAILED') return 'the server name could not be found';
  if (code === 'ERR_INTERNET_DISCONNECTED' || code === 'ERR_NETWORK_CHANGED' || code === 'ERR_ADDRESS_UNREACHABLE') {
    return 'this computer is not connected to the network';
  }
  if (code === 'ERR_CONNECTION_REFUSED') return 'the server refused the connection';
  if (TIMEOUT_CODES.has(code)) return 'the connection timed out';
  return 'the connection failed';
}

function nodeCode(cause: Error): string | null {
  const inner = (cause as Error & { cause?: unknown }).cause;
  if (inner && typeof inner === 'object' && 'code' in inner) return String((inner as { code: unknown }).code);
  const own = (cause as Error & { code?: unknown }).code;
  return typeof own === 'string' ? own : null;
}

/** Classifies what a fetch rejected with (not the caller's own cancel, nor the client's timeout). */
export function describeNetworkFailure(cause: unknown): NetworkFailure {
  const message = cause instanceof Error ? cause.message : String(cause);
  const chromium = CHROMIUM_CODE.exec(message)?.[1];
  if (chromium) {
    return {
      kind: TIMEOUT_CODES.has(chromium) ? 'timeout' : 'network',
      code: chromium,
      description: `${explainChromium(chromium)} (net::${chromium})`,
      proxyAuth: PROXY_AUTH_CODES.has(chromium),
    };
  }
  const code = cause instanceof Error ? nodeCode(cause) : null;
  return {
    kind: code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' ? 'timeout' : 'network',
    code,
    description: code ? `${message} (${code})` : message,
    proxyAuth: false,
  };
}
