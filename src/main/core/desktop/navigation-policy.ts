import { originOf } from '@shared/app-origin';

export type NavigationDecision = { allow: true } | { allow: false; openExternally: string | undefined };

/**
 * The only links that leave the app: plain https URLs, handed to the OS browser. Never
 * http (sniffable), file:, custom protocol handlers, or URLs carrying credentials.
 */
export function externalLinkTarget(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || !parsed.hostname || parsed.username || parsed.password) return undefined;
  return parsed.href;
}

/**
 * `will-navigate`: the app is a single page, so a window only ever navigates within its own
 * origin (a reload, an in-app link). Anything else is stopped; https links open in the browser.
 */
export function decideNavigation(url: string, trustedOrigins: readonly string[]): NavigationDecision {
  const origin = originOf(url);
  if (origin !== undefined && trustedOrigins.some((trusted) => trusted.toLowerCase() === origin)) return { allow: true };
  return { allow: false, openExternally: externalLinkTarget(url) };
}

/** `window.open` / target=_blank: never a new app window; https links open in the browser. */
export function decideWindowOpen(url: string): { action: 'deny'; openExternally: string | undefined } {
  return { action: 'deny', openExternally: externalLinkTarget(url) };
}
