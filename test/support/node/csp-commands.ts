/**
 * Vitest browser commands that put the reading worker under the app's Content-Security-Policy and
 * record every request the test page and its workers make (Playwright sees a page's dedicated
 * workers and their nested workers in Chromium). The Vite server that serves the test page sends
 * no CSP; the app's shell sends it with every file (test/support/node/renderer-server.ts).
 * A worker's policy comes from its own script's response, so the reading worker's gets the
 * header here; the page takes the same policy from a <meta> the test adds.
 */
import type { BrowserCommand } from 'vitest/node';
import type { Request, Route } from 'playwright-core';
import { buildContentSecurityPolicy } from '../../../src/main/core/desktop/content-security-policy';

const requests: string[] = [];
const record = (request: Request): void => void requests.push(request.url());
const READER_WORKER = /\/receipt-reading\/reader\.worker\.ts(\?|$)/;

async function withCsp(route: Route): Promise<void> {
  const response = await route.fetch();
  await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': buildContentSecurityPolicy() } });
}

export const cspCommands = {
  /** Starts recording requests and serving the reading worker with the app's CSP; returns the policy. */
  appCspStart: (async (ctx) => {
    requests.length = 0;
    ctx.context.on('request', record);
    await ctx.context.route(READER_WORKER, withCsp);
    return buildContentSecurityPolicy();
  }) as BrowserCommand<[]>,
  /** Stops both and returns the URLs requested since the start. */
  appCspStop: (async (ctx) => {
    ctx.context.off('request', record);
    await ctx.context.unroute(READER_WORKER, withCsp);
    return [...requests];
  }) as BrowserCommand<[]>,
};
