/**
 * The app's Content-Security-Policy for a browser test: the page gets it as a <meta> (it cannot
 * be taken back, so it holds for the rest of the test file), the reading worker as its script's
 * response header (test/support/node/csp-commands.ts), and every request the page and its
 * workers make is recorded, with every CSP violation the page reports.
 */
import { commands } from 'vitest/browser';

declare module 'vitest/browser' {
  interface BrowserCommands {
    appCspStart: () => Promise<string>;
    appCspStop: () => Promise<string[]>;
  }
}

export interface AppCsp {
  /** Violations the page reported (blocked URI and directive). */
  violations: Array<{ blocked: string; directive: string }>;
  /** Ends recording: the URLs requested while it ran. */
  stop(): Promise<string[]>;
}

export async function underAppCsp(): Promise<AppCsp> {
  const policy = await commands.appCspStart();
  const violations: AppCsp['violations'] = [];
  const onViolation = (event: SecurityPolicyViolationEvent): void => void violations.push({ blocked: event.blockedURI, directive: event.effectiveDirective });
  document.addEventListener('securitypolicyviolation', onViolation);
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  // frame-ancestors has no effect in a <meta> (Chromium warns): the shell's header keeps it.
  meta.content = policy.replace(/(^|;\s*)frame-ancestors[^;]*/, '');
  document.head.prepend(meta);
  return {
    violations,
    async stop() {
      document.removeEventListener('securitypolicyviolation', onViolation);
      return commands.appCspStop();
    },
  };
}
