// Applies the plain policies of core/desktop to Electron: navigation, new windows, permissions, CSP.
import { app, shell, type Session, type WebContents } from 'electron';
import { decideNavigation, decideWindowOpen } from '../core/desktop/navigation-policy';
import { isPermissionGranted } from '../core/desktop/permission-policy';

function openInBrowser(url: string | undefined): void {
  if (url) void shell.openExternal(url);
}

function hardenWebContents(contents: WebContents, trustedOrigins: readonly string[]): void {
  contents.on('will-navigate', (event) => {
    const decision = decideNavigation(event.url, trustedOrigins);
    if (decision.allow) return;
    event.preventDefault();
    openInBrowser(decision.openExternally);
  });
  contents.on('will-redirect', (event) => {
    if (!decideNavigation(event.url, trustedOrigins).allow) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openInBrowser(decideWindowOpen(url).openExternally);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Every web contents the app ever creates (main window, quick-add, anything later) gets the same rules. */
export function hardenAllWebContents(trustedOrigins: readonly string[]): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, trustedOrigins));
}

export function denyPermissionsByDefault(session: Session, trustedOrigins: readonly string[]): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl, trustedOrigins));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin, trustedOrigins),
  );
}

/**
 * The courier:// responses carry the CSP themselves; pages from the dev server get it here.
 * (Only in an unpackaged app: a packaged one never loads the dev server.)
 */
export function applyCspToDevServer(session: Session, devServerOrigin: string, contentSecurityPolicy: string): void {
  session.webRequest.onHeadersReceived({ urls: [`${devServerOrigin}/*`] }, (details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] },
    });
  });
}
