/**
 * The built renderer starts in Chromium against the real main-process core, with the contract
 * wired the way the Electron shell wires it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('the app in Chromium', () => {
  it('loads the main window with no console errors or uncaught exceptions', async () => {
    const page = await harness.openMainWindow();
    await expect.poll(() => page.title()).toBe('Expense Courier');
    // Let late work (liveQuery, storage.persist, first sync trigger) run before judging.
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: 'test-results/e2e/app-loads.png' });
    expect(harness.problems).toEqual([]);
    await page.close();
  });

  it("serves the renderer as the shell does: the app's CSP on every page, in-app routes, nothing outside the bundle", async () => {
    const page = await harness.openMainWindow();
    const response = await page.reload();
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(response?.headers()['content-security-policy']).not.toMatch(/[^-]'unsafe-eval'/);
    // An in-app route falls back to index.html; a path out of the bundle is refused.
    expect((await fetch(`${harness.origin}/some/route`)).status).toBe(200);
    expect((await fetch(`${harness.origin}/%2e%2e/%2e%2e/package.json`)).status).toBeGreaterThanOrEqual(400);
    // The policy is in force: an injected inline script does not run.
    await page.evaluate(`(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.head.append(script);
    })()`);
    expect(await page.evaluate('window.__inlineRan === true')).toBe(false);
    await page.close();
  });

  it('answers window.courier calls from the main-process core', async () => {
    const page = await harness.openMainWindow();
    const info = await page.evaluate(() => (globalThis as unknown as CourierPage).courier.appInfo());
    expect(info).toMatchObject({ name: 'Expense Courier', platform: process.platform });
    await page.close();
  });

  it('rejects a request outside the contract with a clear error, and keeps serving', async () => {
    const page = await harness.openMainWindow();
    const message = await page.evaluate(() =>
      (globalThis as unknown as CourierPage).courier
        .appInfo('surprise')
        .then(() => 'accepted', (error: Error) => error.message),
    );
    expect(message).toMatch(/courier\[invalid-request\]: "appInfo" request is invalid/);
    const info = await page.evaluate(() => (globalThis as unknown as CourierPage).courier.appInfo());
    expect(info.name).toBe('Expense Courier');
    await page.close();
  });

  it('delivers main-process events to every open page', async () => {
    const first = await harness.openMainWindow();
    const second = await harness.openMainWindow();
    const listen = `globalThis.__seen = []; globalThis.courier.on('connectivityChanged', (p) => globalThis.__seen.push(p));`;
    await first.evaluate(listen);
    await second.evaluate(listen);
    await harness.emit('connectivityChanged', { online: false });
    expect(await first.evaluate('globalThis.__seen')).toEqual([{ online: false }]);
    expect(await second.evaluate('globalThis.__seen')).toEqual([{ online: false }]);
    await first.close();
    await second.close();
  });
});

interface CourierPage {
  courier: {
    appInfo(request?: unknown): Promise<{ name: string; version: string; platform: string }>;
  };
}
