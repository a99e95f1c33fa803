import { extname, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from '@shared/app-origin';

export type RendererFileResolution =
  | {
      kind: 'file';
      filePath: string;
      contentType: string;
      /** A content-hashed build asset: its bytes never change under its name. */
      immutable: boolean;
    }
  | { kind: 'refused'; status: 400 | 403 | 404 | 405; reason: string };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

export function contentTypeOf(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a `courier://app/...` request to a file inside the built renderer folder.
 * Paths that would leave the folder are refused; a path without a file extension is an
 * in-app route and gets index.html (single-page app fallback).
 */
export function resolveRendererRequest(requestUrl: string, rendererRoot: string, method = 'GET'): RendererFileResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { kind: 'refused', status: 400, reason: 'not a URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) {
    return { kind: 'refused', status: 403, reason: `only ${APP_SCHEME}://${APP_HOST} is served` };
  }
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'refused', status: 405, reason: `${method} not allowed` };

  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { kind: 'refused', status: 400, reason: 'malformed percent-encoding' };
  }
  if (pathname.includes('\0')) return { kind: 'refused', status: 400, reason: 'NUL in path' };

  const root = resolve(rendererRoot);
  const lastSegment = pathname.split(/[\\/]/).pop() ?? '';
  const relative = pathname === '/' || !lastSegment.includes('.') ? 'index.html' : `.${pathname}`;
  const filePath = resolve(root, relative);
  if (!filePath.startsWith(root + sep)) return { kind: 'refused', status: 403, reason: 'path leaves the app folder' };
  return { kind: 'file', filePath, contentType: contentTypeOf(filePath), immutable: HASHED_ASSET.test(relative) };
}

/** What Vite names a built asset: `assets/<name>-<8-character content hash>.<ext>`. */
const HASHED_ASSET = /^\.\/assets\/[^/\\]+-[A-Za-z0-9_-]{8}\.[A-Za-z0-9]+$/;

/**
 * Headers of every response the app scheme serves. Hashed assets may be kept for good (so may V8's
 * compiled code for them: the scheme is registered with codeCache); index.html, which names the
 * current hashes, is asked for again each time.
 */
export function rendererResponseHeaders(
  file: { contentType: string; immutable: boolean },
  contentSecurityPolicy: string,
): Record<string, string> {
  return {
    'Content-Type': file.contentType,
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
}
