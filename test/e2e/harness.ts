/**
 * The e2e harness: the real, built renderer in Debian Chromium talking to the real main-process
 * core in this Node process, with only the Electron layer swapped out (DESIGN.md).
 *
 * - out/renderer is served over http from one loopback origin, so every page shares one
 *   IndexedDB as the app's windows do, with the shell's file resolution and headers (its CSP);
 * - the contract's calls reach the core through the SAME registration and validation the
 *   Electron shell uses (src/main/core/ipc/register.ts), over an IpcMainLike made of a
 *   Playwright binding;
 * - every page gets `window.courier` from the SAME builder the preload uses
 *   (src/preload/build-api.ts), bundled into an init script;
 * - main-process events go through the shell's sendEvent (validated against the contract).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { EventName, EventPayload } from '@shared/contract';
import { fail, type IpcResult } from '@shared/ipc-result';
import { createProcessKeyCipher, EncryptedFileTokenStore } from '../../src/main/core/account/token-store';
import { createAppCore } from '../../src/main/core/app-core';
import { memoryLedgerStore, ReceiptUploader, UploadLedger } from '../../src/main/core/receipts';
import { createSyncCore, type SyncCore } from '../../src/main/core/sync/sync-core';
import type { SchedulerOptions } from '../../src/main/core/sync/scheduler';
import type { CoreHandlers } from '../../src/main/core/ipc/handlers';
import type { FileDialogs } from '../../src/main/core/files/dialogs';
import { registerInvokeHandlers, type IpcMainLike } from '../../src/main/core/ipc/register';
import { sendEvent, type WebContentsLike } from '../../src/main/core/ipc/send-event';
import { startSimulator, type RunningSimulator, type SimOptions } from '../kantata-sim/index';
import { chromiumLaunchArgs, chromiumPath, stockChromiumLaunchArgs } from '../support/node/chromium';
import { pageBridgeScript } from '../support/node/page-bridge';
import { BytesAside } from '../support/node/ipc-bytes';
import { ensureRendererBuilt } from '../support/node/renderer-build';
import { serveRenderer } from '../support/node/renderer-server';
import type { StaticServer } from '../support/node/static-server';

export interface HarnessOptions {
  /** The in-process Kantata simulator's options (default: the demo seed); false for none. */
  sim?: SimOptions | false;
  /** Viewport of every page (default 1280x800, the README screenshot's size). */
  viewport?: { width: number; height: number };
  /** BCP 47 locale the pages run in (default en-US) and their time zone (default UTC). */
  locale?: string;
  timezoneId?: string;
  /** Keep the pages' IndexedDB (and main's encrypted token file) in this folder instead of a fresh temporary one. */
  userDataDir?: string;
  /** Sync scheduler timing (default: the app's, with a 300 ms write debounce so tests see rounds soon). */
  scheduler?: Partial<SchedulerOptions>;
  /**
   * Launch Chromium without the features the app turns off (DISABLED_CHROMIUM_FEATURES), to
   * measure what they are worth. Default false: the engine as the app ships it.
   */
  stockChromium?: boolean;
  /** Start the sync scheduler as the shell does at app start (default true). */
  startScheduler?: boolean;
}

/**
 * The shell's save and open dialogs, answered by the test: a save goes to `folder` under the
 * proposed name unless `savePath` is set (null: the user cancels); an open answers `openPath`.
 */
export interface HarnessDialogs extends FileDialogs {
  folder: string;
  savePath: string | null | undefined;
  openPath: string | null;
  /** Every save dialog's request, in order. */
  saveRequests: Array<{ kind: string; suggestedName: string }>;
}

/** One console error or uncaught exception seen in a page. */
export interface PageProblem {
  url: string;
  text: string;
}

export interface Harness {
  /** http://127.0.0.1:PORT: the one origin every page is served from. */
  origin: string;
  /** The in-process Kantata simulator (null when started with `sim: false`). */
  sim: RunningSimulator | null;
  core: CoreHandlers;
  /** The core's sync side: account, scheduler, engine (as the shell holds it). */
  sync: SyncCore;
  /** The save and open dialogs main shows (exports, backups), answered by the test. */
  dialogs: HarnessDialogs;
  context: BrowserContext;
  /** Console errors and uncaught exceptions from every page opened so far. */
  problems: PageProblem[];
  /** A page with the main window's view, loaded and mounted. */
  openMainWindow(): Promise<Page>;
  /** A page with the quick-add view, loaded and mounted. */
  openQuickAdd(): Promise<Page>;
  /**
   * Sends a main-process event (validated against the contract) to every open page, or only to
   * `pages` (main sends openQuickAdd to the quick-add window alone, for one).
   */
  emit<E extends EventName>(event: E, payload: EventPayload<E>, pages?: Page[]): Promise<void>;
  /** What the shell does when the OS reports the network came or went: tell the pages and the scheduler. */
  setOnline(online: boolean): Promise<void>;
  close(): Promise<void>;
}

const INVOKE_BINDING = '__courierInvoke';

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const cleanups: Array<() => Promise<void> | void> = [];
  const cleanup = async (): Promise<void> => {
    for (const step of cleanups.splice(0).reverse()) await step();
  };
  try {
    const rendererDir = ensureRendererBuilt();
    const sim = options.sim === false ? null : await startSimulator({ seed: 'demo', ...options.sim });
    if (sim) cleanups.push(() => sim.close());
    // Large byte arrays of the contract's calls travel beside the binding (support/node/ipc-bytes.ts).
    const bytes = new BytesAside();
    const server: StaticServer = await serveRenderer(rendererDir, (request, response) => bytes.handle(request, response));
    cleanups.push(() => server.close());

    const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'courier-e2e-')));
    if (!options.userDataDir) cleanups.push(() => rm(userDataDir, { recursive: true, force: true }));

    // Main-process events go to every open page; an event outside the contract is a bug in main,
    // recorded as a problem so the tests fail on it.
    const problems: PageProblem[] = [];
    let pagesOf: () => Page[] = () => [];
    const emit = <E extends EventName>(event: E, payload: EventPayload<E>): Promise<void> =>
      emitToPages(pagesOf(), event, payload).catch((error: unknown) => {
        problems.push({ url: 'main', text: `event ${event}: ${error instanceof Error ? error.message : String(error)}` });
      });

    // The core as the shell builds it, with Node adapters: the token encrypted to a file with a
    // process-held key (safeStorage's stand-in), uploads and sent creates recorded in in-memory
    // ledgers (the shell keeps both in files in userData).
    const sync = createSyncCore({
      tokenStore: new EncryptedFileTokenStore(join(userDataDir, 'account.bin'), createProcessKeyCipher()),
      emit: (event, payload) => void emit(event, payload),
      scheduler: { debounceMs: 300, ...options.scheduler },
    });
    const uploadLedger = new UploadLedger(memoryLedgerStore());
    const receipts = new ReceiptUploader({
      client: () => sync.account.client(),
      onAuthRequired: () => sync.account.markAuthRequired(),
      ledger: uploadLedger,
      onProgress: (progress) => void emit('receiptUploadProgress', progress),
    });
    const filesDir = await mkdtemp(join(tmpdir(), 'courier-e2e-files-'));
    cleanups.push(() => rm(filesDir, { recursive: true, force: true }));
    const dialogs: HarnessDialogs = {
      folder: filesDir,
      savePath: undefined,
      openPath: null,
      saveRequests: [],
      chooseSavePath: async (request) => {
        dialogs.saveRequests.push(request);
        return dialogs.savePath === undefined ? join(filesDir, request.suggestedName) : dialogs.savePath;
      },
      chooseOpenPath: async () => dialogs.openPath,
      chooseFolder: async () => dialogs.folder,
    };
    const core = createAppCore({
      appInfo: { name: 'Expense Courier', version: '0.0.0-e2e', platform: process.platform },
      sync,
      receipts,
      uploadLedger,
      dialogs,
    });
    if (options.startScheduler !== false) sync.scheduler.start();
    cleanups.push(() => sync.scheduler.stop());
    // A persistent context: one profile, so every page (and a reload) sees the same IndexedDB.
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath(),
      args: options.stockChromium ? [...stockChromiumLaunchArgs] : chromiumLaunchArgs,
      headless: true,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      locale: options.locale ?? 'en-US',
      timezoneId: options.timezoneId ?? 'UTC',
    });
    cleanups.push(() => context.close());

    await installContract(context, core, server.origin, bytes);
    pagesOf = () => context.pages();

    const watch = (page: Page): void => {
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push({ url: page.url(), text: message.text() });
      });
      page.on('pageerror', (error) => problems.push({ url: page.url(), text: `uncaught: ${error.stack ?? error.message}` }));
    };
    context.pages().forEach(watch);
    context.on('page', watch);

    const open = async (path: string): Promise<Page> => {
      const page = await context.newPage();
      await page.goto(`${server.origin}${path}`);
      // The app has mounted once #app has children (a function: the app's CSP forbids eval).
      await page.locator('#app > *').first().waitFor({ state: 'attached' });
      return page;
    };

    return {
      origin: server.origin,
      sim,
      core,
      sync,
      dialogs,
      context,
      problems,
      openMainWindow: () => open('/index.html'),
      openQuickAdd: () => open('/index.html#/quick-add'),
      emit: (event, payload, pages) => emitToPages(pages ?? context.pages(), event, payload),
      setOnline: async (online) => {
        await emitToPages(context.pages(), 'connectivityChanged', { online });
        await sync.scheduler.setOnline(online);
      },
      close: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/**
 * Implements the contract for every page of the context: an IpcMainLike over one Playwright
 * binding (the shell's registration puts its validating handlers on it), and the preload's
 * builder run as an init script.
 */
async function installContract(context: BrowserContext, core: CoreHandlers, origin: string, bytes: BytesAside): Promise<void> {
  type Listener = Parameters<IpcMainLike['handle']>[1];
  const channels = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void channels.set(channel, listener),
    removeHandler: (channel) => void channels.delete(channel),
  };
  registerInvokeHandlers(ipcMain, core, { trustedOrigins: [origin] });

  await context.exposeBinding(INVOKE_BINDING, async (source, channel: unknown, ...args: unknown[]): Promise<IpcResult> => {
    const listener = typeof channel === 'string' ? channels.get(channel) : undefined;
    // Electron rejects an invoke on a channel nobody handles; the contract's answer for it is this.
    if (!listener) return fail('unknown-call', `no handler for channel ${String(channel)}`);
    const frame = source.frame;
    const restored = (await bytes.restore(args)) as unknown[];
    return (await bytes.setAside(await listener({ senderFrame: { url: frame.url(), parent: frame.parentFrame() } }, ...restored))) as IpcResult;
  });
  await context.addInitScript({ content: await pageBridgeScript() });
}

async function emitToPages<E extends EventName>(pages: Page[], event: E, payload: EventPayload<E>): Promise<void> {
  const deliveries: Array<Promise<unknown>> = [];
  for (const page of pages) {
    const webContents: WebContentsLike = {
      isDestroyed: () => page.isClosed(),
      send: (channel, ...args) => {
        deliveries.push(
          page
            .evaluate(
              ([eventChannel, eventPayload]) =>
                (globalThis as { __courierDispatch?: (c: string, p: unknown) => number }).__courierDispatch?.(
                  eventChannel as string,
                  eventPayload,
                ),
              [channel, args[0]] as const,
            )
            // A page that navigates or closes meanwhile simply misses the event, as a closed window would.
            .catch(() => undefined),
        );
      },
    };
    sendEvent(webContents, event, payload);
  }
  await Promise.all(deliveries);
}
