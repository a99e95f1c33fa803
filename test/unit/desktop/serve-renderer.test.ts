import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN } from '@shared/app-origin';
import { contentTypeOf, rendererResponseHeaders, resolveRendererRequest } from '../../../src/main/core/desktop/serve-renderer';

const root = mkdtempSync(join(tmpdir(), 'courier-renderer-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
writeFileSync(join(root, 'assets', 'pdf.worker.min.mjs'), '//worker');
writeFileSync(join(root, 'assets', 'pdf.worker.min-FHbmGBN0.mjs'), '//worker');
writeFileSync(join(root, 'assets', 'index-C1k_oE-v.js'), 'console.log(2)');
writeFileSync(join(tmpdir(), 'outside-secret.txt'), 'secret');

function servedText(url: string): string {
  const result = resolveRendererRequest(url, root);
  if (result.kind !== 'file') throw new Error(`refused ${url}: ${result.status}`);
  return readFileSync(result.filePath, 'utf8');
}

describe('resolveRendererRequest', () => {
  it('serves the entry and assets from inside the renderer folder with their content types', () => {
    expect(servedText(APP_ENTRY_URL)).toContain('<title>app</title>');
    expect(servedText(`${APP_ORIGIN}/`)).toContain('<title>app</title>');
    expect(servedText(`${APP_ORIGIN}/assets/index-abc.js`)).toBe('console.log(1)');
    expect(resolveRendererRequest(`${APP_ORIGIN}/assets/index-abc.js`, root)).toMatchObject({
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveRendererRequest(`${APP_ORIGIN}/assets/pdf.worker.min.mjs?v=1#x`, root)).toMatchObject({
      contentType: 'text/javascript; charset=utf-8',
    });
  });

  it('answers in-app routes (no file extension) with index.html', () => {
    expect(servedText(`${APP_ORIGIN}/expenses/2024-05`)).toContain('<title>app</title>');
  });

  it.each([
    `${APP_ORIGIN}/../outside-secret.txt`,
    `${APP_ORIGIN}/%2e%2e/outside-secret.txt`,
    `${APP_ORIGIN}/assets/%2E%2E/%2E%2E/outside-secret.txt`,
    `${APP_ORIGIN}/..%2Foutside-secret.txt`,
    `${APP_ORIGIN}/..%5Coutside-secret.txt`,
  ])('never serves a file outside the renderer folder: %s', (url) => {
    const result = resolveRendererRequest(url, root);
    if (result.kind === 'file') expect(result.filePath.startsWith(root)).toBe(true);
    else expect([403, 404]).toContain(result.status);
  });

  it('refuses malformed encodings, NUL bytes, other hosts and writes', () => {
    expect(resolveRendererRequest(`${APP_ORIGIN}/%E0%A4%A.js`, root)).toMatchObject({ kind: 'refused', status: 400 });
    expect(resolveRendererRequest(`${APP_ORIGIN}/index.html%00.js`, root)).toMatchObject({ kind: 'refused', status: 400 });
    expect(resolveRendererRequest('courier://evil/index.html', root)).toMatchObject({ kind: 'refused', status: 403 });
    expect(resolveRendererRequest('https://app/index.html', root)).toMatchObject({ kind: 'refused', status: 403 });
    expect(resolveRendererRequest(APP_ENTRY_URL, root, 'POST')).toMatchObject({ kind: 'refused', status: 405 });
  });

  it('types unknown files as opaque bytes so they are never sniffed into script', () => {
    expect(contentTypeOf('/x/cmaps/UniJIS-UCS2-H.bcmap')).toBe('application/octet-stream');
    expect(contentTypeOf('/x/icon.SVG')).toBe('image/svg+xml');
    expect(rendererResponseHeaders({ contentType: 'text/html', immutable: false }, "default-src 'none'")).toMatchObject({
      'Content-Security-Policy': "default-src 'none'",
      'X-Content-Type-Options': 'nosniff',
    });
  });

  it('lets content-hashed assets be kept for good and has everything else asked for again', () => {
    const immutable = (url: string): boolean => {
      const result = resolveRendererRequest(url, root);
      if (result.kind !== 'file') throw new Error(`refused ${url}`);
      return result.immutable;
    };
    expect(immutable(`${APP_ORIGIN}/assets/index-C1k_oE-v.js`)).toBe(true);
    expect(immutable(`${APP_ORIGIN}/assets/pdf.worker.min-FHbmGBN0.mjs?v=1`)).toBe(true);
    // index.html names the current hashes; files without a hash may change under the same name.
    expect(immutable(APP_ENTRY_URL)).toBe(false);
    expect(immutable(`${APP_ORIGIN}/expenses/2024-05`)).toBe(false);
    expect(immutable(`${APP_ORIGIN}/assets/index-abc.js`)).toBe(false);
    expect(immutable(`${APP_ORIGIN}/assets/pdf.worker.min.mjs`)).toBe(false);
    expect(rendererResponseHeaders({ contentType: 'text/javascript', immutable: true }, '')['Cache-Control']).toBe(
      'public, max-age=31536000, immutable',
    );
    expect(rendererResponseHeaders({ contentType: 'text/html', immutable: false }, '')['Cache-Control']).toBe('no-cache');
  });
});
