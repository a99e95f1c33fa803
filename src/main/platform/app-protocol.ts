// Serves the built renderer from courier://app (see src/shared/app-origin.ts for why it never changes).
import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { APP_SCHEME } from '@shared/app-origin';
import { rendererResponseHeaders, resolveRendererRequest } from '../core/desktop/serve-renderer';

/**
 * Must run before the app is ready. Standard + secure gives the scheme a real origin for IndexedDB;
 * codeCache lets V8 keep the compiled app between launches (off by default for custom schemes).
 */
export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true, codeCache: true },
    },
  ]);
}

export function serveRendererFromAppScheme(session: Session, rendererRoot: string, contentSecurityPolicy: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const resolved = resolveRendererRequest(request.url, rendererRoot, request.method);
    if (resolved.kind === 'refused') return new Response(resolved.reason, { status: resolved.status });
    try {
      const body = request.method === 'HEAD' ? null : await readFile(resolved.filePath);
      return new Response(body, { status: 200, headers: rendererResponseHeaders(resolved, contentSecurityPolicy) });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}
