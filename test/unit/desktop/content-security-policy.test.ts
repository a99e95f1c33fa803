import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy } from '../../../src/main/core/desktop/content-security-policy';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe('buildContentSecurityPolicy', () => {
  const csp = directives(buildContentSecurityPolicy());

  it('denies by default and allows scripts only from the app itself', () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('never allows inline or evaluated script, or any remote source', () => {
    const all = [...csp.values()].flat();
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('script-src')).not.toContain("'unsafe-eval'");
    expect(all.filter((source) => /^(https?|wss?):|\*/.test(source))).toEqual([]);
  });

  it('lets receipts show from blob: and data: and pdf.js run its worker', () => {
    expect(csp.get('img-src')).toEqual(["'self'", 'blob:', 'data:']);
    expect(csp.get('worker-src')).toEqual(["'self'", 'blob:']);
  });

  it('opens the hot-reload socket of a local dev server only in development', () => {
    const dev = directives(buildContentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' }));
    expect(dev.get('connect-src')).toContain('ws://localhost:5173');
    expect(dev.get('script-src')).toEqual(csp.get('script-src'));
  });
});
