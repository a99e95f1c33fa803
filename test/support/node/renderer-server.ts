/**
 * Serves the built renderer over loopback http the way the Electron shell serves it over
 * courier://app: the shell's own request resolution (in-app routes fall back to index.html,
 * nothing outside the folder) and its response headers, Content-Security-Policy included, so
 * the e2e tests run the renderer under the app's real CSP.
 */
import { APP_ORIGIN } from '@shared/app-origin';
import { buildContentSecurityPolicy } from '../../../src/main/core/desktop/content-security-policy';
import { rendererResponseHeaders, resolveRendererRequest } from '../../../src/main/core/desktop/serve-renderer';
import { serveFiles, type RequestHook, type StaticServer } from './static-server';

export function serveRenderer(rendererRoot: string, hook?: RequestHook): Promise<StaticServer> {
  const csp = buildContentSecurityPolicy();
  return serveFiles((path, method) => {
    // Chromium asks every http origin for a favicon; an Electron window never does.
    if (path === '/favicon.ico') return { kind: 'refused', status: 204, reason: '' };
    const resolved = resolveRendererRequest(`${APP_ORIGIN}${path}`, rendererRoot, method);
    if (resolved.kind === 'refused') return resolved;
    return { kind: 'file', filePath: resolved.filePath, headers: rendererResponseHeaders(resolved, csp) };
  }, hook);
}
