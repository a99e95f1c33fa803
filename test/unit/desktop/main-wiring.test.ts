/**
 * src/main/index.ts wired against a fake 'electron' module (the one place a mock is allowed:
 * the Electron boundary). It checks the order and the glue the real binary cannot check here:
 * the scheme is privileged before ready, the window gets the hardened options and the app URL,
 * courier:// serves files with the CSP, the contract answers, policies are installed on every
 * web contents, a second launch focuses the window, connectivity reaches the renderer.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, APP_SCHEME } from '@shared/app-origin';
import { channelOf, eventChannelOf } from '@shared/contract';
import { DISABLED_CHROMIUM_FEATURES } from '../../../src/main/core/desktop/chromium-features';
import { startSimulator } from '../../kantata-sim/index';

const fake = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const calls: string[] = [];
  const state = {
    online: true,
    userData: '',
    protocolHandler: undefined as undefined | ((request: { url: string; method: string }) => Promise<Response>),
    permissionRequest: undefined as undefined | ((wc: unknown, permission: string, cb: (granted: boolean) => void, details: { requestingUrl: string }) => void),
    permissionCheck: undefined as undefined | ((wc: unknown, permission: string, origin: string) => boolean),
    ipcHandlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
    opened: [] as string[],
    netFetches: [] as string[],
    netRequests: [] as string[],
    proxyLoggedIn: false,
    // As if the user launched the app with --disable-features=UserChoice.
    switches: new Map<string, string>([['disable-features', 'UserChoice']]),
  };

  class FakeWebContents extends Emitter {
    sent: { channel: string; args: unknown[] }[] = [];
    windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
    send(channel: string, ...args: unknown[]): void {
      this.sent.push({ channel, args });
    }
    isDestroyed(): boolean {
      return false;
    }
    reloads = 0;
    reload(): void {
      this.reloads++;
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
      this.windowOpenHandler = handler;
    }
  }

  /** net.request: behind the proxy, asks for a login before it answers. */
  class FakeClientRequest extends Emitter {
    constructor(readonly options: { url: string; method: string }) {
      super();
    }
    end(): void {
      state.netRequests.push(`${this.options.method} ${this.options.url}`);
      const authInfo = { isProxy: true, scheme: 'basic', host: 'proxy.client.example', port: 3128, realm: 'Client' };
      this.emit('login', authInfo, (username?: string, password?: string) => {
        state.proxyLoggedIn = username === 'jdoe' && password === 'secret';
        this.emit('response', { statusCode: state.proxyLoggedIn ? 401 : 407 });
      });
    }
  }

  class FakeBrowserWindow extends Emitter {
    static windows: FakeBrowserWindow[] = [];
    static getAllWindows(): FakeBrowserWindow[] {
      return FakeBrowserWindow.windows;
    }
    readonly webContents = new FakeWebContents();
    loadedUrl = '';
    focused = 0;
    shown = 0;
    constructor(readonly options: Record<string, unknown>) {
      super();
      FakeBrowserWindow.windows.push(this);
      calls.push('new BrowserWindow');
      // Electron announces every new web contents on the app.
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string): Promise<void> {
      this.loadedUrl = url;
      return Promise.resolve();
    }
    isDestroyed(): boolean {
      return false;
    }
    getNormalBounds() {
      return { x: 50, y: 60, width: 1000, height: 700 };
    }
    isMaximized(): boolean {
      return false;
    }
    isMinimized(): boolean {
      return false;
    }
    isFullScreen(): boolean {
      return false;
    }
    isVisible(): boolean {
      return true;
    }
    restore(): void {}
    maximize(): void {}
    show(): void {
      this.shown++;
    }
    focus(): void {
      this.focused++;
    }
  }

  const app = Object.assign(new Emitter(), {
    isPackaged: true,
    requestSingleInstanceLock: () => (calls.push('requestSingleInstanceLock'), true),
    whenReady: () => ready,
    enableSandbox: () => calls.push('enableSandbox'),
    setAppUserModelId: (id: string) => calls.push(`setAppUserModelId ${id}`),
    getName: () => 'Expense Courier',
    getVersion: () => '0.1.0',
    getPath: (name: string) => (name === 'userData' ? state.userData : name === 'logs' ? `${state.userData}/logs` : '/nowhere'),
    quit: () => calls.push('quit'),
    exit: (code: number) => calls.push(`exit ${code}`),
    commandLine: {
      getSwitchValue: (name: string) => state.switches.get(name) ?? '',
      appendSwitch: (name: string, value = '') => {
        calls.push(`appendSwitch ${name}`);
        state.switches.set(name, value);
      },
    },
  });

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => calls.push(`registerSchemesAsPrivileged ${JSON.stringify(schemes)}`),
    },
    session: {
      defaultSession: {
        protocol: {
          handle: (scheme: string, handler: typeof state.protocolHandler) => {
            calls.push(`protocol.handle ${scheme}`);
            state.protocolHandler = handler;
          },
        },
        setPermissionRequestHandler: (handler: typeof state.permissionRequest) => (state.permissionRequest = handler),
        setPermissionCheckHandler: (handler: typeof state.permissionCheck) => (state.permissionCheck = handler),
        webRequest: { onHeadersReceived: () => calls.push('webRequest.onHeadersReceived') },
      },
    },
    ipcMain: {
      handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<unknown>) =>
        state.ipcHandlers.set(channel, listener),
      removeHandler: (channel: string) => state.ipcHandlers.delete(channel),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    shell: { openExternal: (url: string) => (state.opened.push(url), Promise.resolve()) },
    net: {
      isOnline: () => state.online,
      // Chromium's fetch, played by Node's; a host named "proxied.invalid" sits behind a proxy that wants a login.
      fetch: (input: string | Request, init?: RequestInit) => {
        const url = typeof input === 'string' ? input : input.url;
        state.netFetches.push(url);
        if (new URL(url).hostname === 'proxied.invalid') {
          return Promise.resolve(new Response(null, { status: state.proxyLoggedIn ? 204 : 407 }));
        }
        return fetch(input, init);
      },
      request: (options: { url: string; method: string }) => new FakeClientRequest(options),
    },
    powerMonitor: new Emitter(),
    crashReporter: { start: (options: unknown) => calls.push(`crashReporter.start ${JSON.stringify(options)}`) },
    // No OS encryption: the token is kept in memory only.
    safeStorage: { isEncryptionAvailable: () => false, getSelectedStorageBackend: () => 'basic_text' },
  };
  return { electron, state, calls, markReady, FakeBrowserWindow };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));
// electron-updater's autoUpdater needs the Electron runtime: a recording stand-in.
const fakeUpdater = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  const emitter = new Emitter();
  return Object.assign(emitter, {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    logger: null as unknown,
    feeds: [] as unknown[],
    checks: 0,
    setFeedURL(options: unknown) {
      this.feeds.push(options);
    },
    async checkForUpdates() {
      this.checks++;
      emitter.emit('update-not-available');
      return null;
    },
    quitAndInstall() {},
  });
});
vi.mock('electron-updater', () => ({ default: { autoUpdater: fakeUpdater } }));
// electron-log/main needs the Electron runtime; electron-log/node is the same logger without it.
vi.mock('electron-log/main', async () => {
  const nodeLog = (await vi.importActual<{ default: object }>('electron-log/node')).default;
  const logger = Object.assign(nodeLog, { initialize: () => fake.calls.push('log.initialize') });
  return { default: logger };
});

type Window = InstanceType<typeof fake.FakeBrowserWindow>;
let window: Window;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
  fake.state.userData = mkdtempSync(join(tmpdir(), 'courier-wiring-'));
  await import('../../../src/main/index');
  expect(fake.calls.some((call) => call.startsWith('registerSchemesAsPrivileged'))).toBe(true);
  expect(fake.calls).not.toContain('new BrowserWindow');
  fake.markReady();
  await vi.waitFor(() => expect(fake.FakeBrowserWindow.windows).toHaveLength(1));
  window = fake.FakeBrowserWindow.windows[0]!;
});

afterAll(() => {
  vi.useRealTimers();
});

describe('src/main/index.ts wiring (fake electron)', () => {
  it('makes courier:// a privileged standard, secure scheme before the app is ready', () => {
    const registration = fake.calls.find((call) => call.startsWith('registerSchemesAsPrivileged'))!;
    const [scheme] = JSON.parse(registration.slice('registerSchemesAsPrivileged '.length)) as {
      scheme: string;
      privileges: Record<string, boolean>;
    }[];
    expect(scheme).toEqual({
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true, codeCache: true },
    });
    expect(fake.calls.indexOf(registration)).toBeLessThan(fake.calls.indexOf('new BrowserWindow'));
    expect(fake.calls).toContain('enableSandbox');
    expect(fake.calls).toContain('requestSingleInstanceLock');
  });

  it("turns off the app's Chromium features before the app is ready, keeping the user's own", () => {
    expect(fake.state.switches.get('disable-features')).toBe(['UserChoice', ...DISABLED_CHROMIUM_FEATURES].join(','));
    expect(fake.state.switches.get('disable-features')).toContain('DeferRendererTasksAfterInput');
    expect(fake.calls.indexOf('appendSwitch disable-features')).toBeGreaterThanOrEqual(0);
    expect(fake.calls.indexOf('appendSwitch disable-features')).toBeLessThan(fake.calls.indexOf('new BrowserWindow'));
  });

  it('opens the hardened main window on the app origin, with the CJS preload', () => {
    expect(window.loadedUrl).toBe(APP_ENTRY_URL);
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(window.options).toMatchObject({ show: false, width: 1200, height: 800 });
    window.emit('ready-to-show');
    expect(window.shown).toBe(1);
  });

  it('serves files on courier:// with the CSP and refuses paths outside the bundle', async () => {
    const handler = fake.state.protocolHandler!;
    const response = await handler({ url: APP_ENTRY_URL, method: 'GET' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<div id="app">');
    expect((await handler({ url: 'courier://app/..%2F..%2Fpackage.json', method: 'GET' })).status).toBe(403);
    expect((await handler({ url: 'courier://app/missing.js', method: 'GET' })).status).toBe(404);
    expect(fake.calls).not.toContain('webRequest.onHeadersReceived');
  });

  it('answers contract calls from the app frame and refuses others', async () => {
    const handler = fake.state.ipcHandlers.get(channelOf('appInfo'))!;
    await expect(handler({ senderFrame: { url: APP_ENTRY_URL, parent: null } })).resolves.toEqual({
      ok: true,
      value: { name: 'Expense Courier', version: '0.1.0', platform: process.platform },
    });
    await expect(handler({ senderFrame: { url: 'https://evil.example/', parent: null } })).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden-sender' },
    });
  });

  it('blocks navigation and new windows on every web contents, opening https links in the browser', () => {
    const contents = window.webContents;
    let prevented = 0;
    contents.emit('will-navigate', { url: 'https://kantata.example/help', preventDefault: () => prevented++ });
    contents.emit('will-navigate', { url: 'file:///etc/passwd', preventDefault: () => prevented++ });
    contents.emit('will-navigate', { url: `${APP_ENTRY_URL}#/list`, preventDefault: () => prevented++ });
    expect(prevented).toBe(2);
    expect(contents.windowOpenHandler!({ url: 'https://kantata.example/doc' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'http://plain.example/' })).toEqual({ action: 'deny' });
    expect(fake.state.opened).toEqual(['https://kantata.example/help', 'https://kantata.example/doc']);
  });

  it('denies permissions by default', () => {
    const granted: boolean[] = [];
    fake.state.permissionRequest!({}, 'media', (g) => granted.push(g), { requestingUrl: APP_ENTRY_URL });
    fake.state.permissionRequest!({}, 'persistent-storage', (g) => granted.push(g), { requestingUrl: APP_ENTRY_URL });
    expect(granted).toEqual([false, true]);
    expect(fake.state.permissionCheck!({}, 'geolocation', 'courier://app')).toBe(false);
  });

  it('focuses the window when the app is launched again', () => {
    fake.electron.app.emit('second-instance', {}, ['expense-courier'], '/');
    expect(window.focused).toBe(1);
    // With --quick-add a second launch opens only quick-add (issue 6), not the main window.
    fake.electron.app.emit('second-instance', {}, ['expense-courier', '--quick-add'], '/');
    expect(window.focused).toBe(1);
  });

  it('tells the renderer when the network goes and comes back; with no account there is nothing to sync', async () => {
    fake.state.online = false;
    await vi.advanceTimersByTimeAsync(5_000);
    fake.state.online = true;
    await vi.advanceTimersByTimeAsync(5_000);
    // Coming online asks for a round only once the probe reaches the connected server
    // (scheduler tests); without an account the probe has no server to reach.
    expect(window.webContents.sent).toEqual([
      { channel: eventChannelOf('connectivityChanged'), args: [{ online: false }] },
      { channel: eventChannelOf('connectivityChanged'), args: [{ online: true }] },
    ]);
  });

  it('saves the window placement in userData when the window closes', () => {
    window.emit('move');
    window.emit('close');
    const saved = JSON.parse(readFileSync(join(fake.state.userData, 'window-state.json'), 'utf8')) as unknown;
    expect(saved).toEqual({ bounds: { x: 50, y: 60, width: 1000, height: 700 }, maximized: false });
  });

  it('sends Kantata requests through net.fetch (Chromium: OS proxy, PAC, certificate store)', async () => {
    const sim = await startSimulator({ seed: 'demo' });
    try {
      const connect = fake.state.ipcHandlers.get(channelOf('accountConnect'))!;
      const result = await connect({ senderFrame: { url: APP_ENTRY_URL, parent: null } }, { baseUrl: sim.baseUrl, token: sim.token });
      expect(result).toMatchObject({ ok: true, value: { ok: true } });
      expect(fake.state.netFetches).toContain(`${sim.baseUrl}/users/me`);
      // The connection is in main's log file in the app's log folder; the token is not.
      const logged = readFileSync(join(fake.state.userData, 'logs', 'main.log'), 'utf8');
      expect(logged).toContain(`[account] connected to ${sim.baseUrl}`);
      expect(logged).not.toContain(sim.token);
      expect(fake.calls).toContain('log.initialize');
      const disconnect = fake.state.ipcHandlers.get(channelOf('accountDisconnect'))!;
      await disconnect({ senderFrame: { url: APP_ENTRY_URL, parent: null } });
    } finally {
      await sim.close();
    }
  });

  it('asks the user when the proxy wants a login, and hands the answer to Chromium', async () => {
    const frame = { senderFrame: { url: APP_ENTRY_URL, parent: null } };
    const prompts = () => window.webContents.sent.filter((m) => m.channel === eventChannelOf('proxyLoginRequested'));
    const connect = fake.state.ipcHandlers.get(channelOf('accountConnect'))!;
    const pending = connect(frame, { baseUrl: 'https://proxied.invalid/api/v1', token: 'tok' });
    await vi.waitFor(() => expect(prompts()).toHaveLength(1));
    expect(fake.state.netRequests).toEqual(['HEAD https://proxied.invalid/api/v1/users/me']);
    const prompt = prompts()[0]!.args[0] as { id: string; host: string; retry: boolean };
    expect(prompt).toMatchObject({ host: 'proxy.client.example', port: 3128, retry: false });
    const answer = fake.state.ipcHandlers.get(channelOf('proxyLoginAnswer'))!;
    await expect(answer(frame, { id: prompt.id, credentials: { username: 'jdoe', password: 'secret' } })).resolves.toEqual({
      ok: true,
      value: { accepted: true },
    });
    // The request is sent again once Chromium has the credentials (the fake answers 204 with no user).
    await pending;
    expect(fake.state.proxyLoggedIn).toBe(true);
    expect(fake.state.netFetches.filter((url) => url.includes('proxied.invalid'))).toHaveLength(2);
    // Window logins (not a proxy) are cancelled without a prompt.
    const cancelled: unknown[][] = [];
    let prevented = false;
    fake.electron.app.emit('login', { preventDefault: () => (prevented = true) }, {}, {}, { isProxy: false, host: 'x', port: 443, realm: '', scheme: 'basic' }, (...args: unknown[]) => cancelled.push(args));
    expect([prevented, cancelled]).toEqual([true, [[]]]);
    expect(prompts()).toHaveLength(1);
  });

  it('wires electron-updater to the generic feed, checks at start, and reports the state to the window', async () => {
    expect(fakeUpdater.feeds).toEqual([{ provider: 'generic', url: 'https://updates.expensecourier.invalid/desktop/' }]);
    expect(fakeUpdater.checks).toBe(1);
    expect(fakeUpdater).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true });
    const status = fake.state.ipcHandlers.get(channelOf('updateStatus'))!;
    await expect(status({ senderFrame: { url: APP_ENTRY_URL, parent: null } })).resolves.toMatchObject({
      ok: true,
      value: { state: { phase: 'idle' }, installed: null },
    });
  });

  it('keeps crash dumps locally, and reloads a crashed main window with a notice (not in a loop)', () => {
    const started = fake.calls.find((call) => call.startsWith('crashReporter.start'))!;
    expect(JSON.parse(started.slice('crashReporter.start '.length))).toMatchObject({ uploadToServer: false });
    expect(fake.calls.indexOf(started)).toBeLessThan(fake.calls.indexOf('new BrowserWindow'));
    const contents = window.webContents;
    const recovered = () => contents.sent.filter((m) => m.channel === eventChannelOf('rendererRecovered'));
    contents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(contents.reloads).toBe(0);
    for (let crash = 1; crash <= 4; crash++) {
      contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
      contents.emit('did-finish-load');
    }
    // Three reloads, then it stops trying.
    expect(contents.reloads).toBe(3);
    expect(recovered().map((m) => m.args[0])).toEqual([{ reason: 'crashed' }, { reason: 'crashed' }, { reason: 'crashed' }]);
  });
});
