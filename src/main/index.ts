// Wiring only: builds the core with Electron adapters and starts the app. Logic lives in core/.
import { release } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { createAppCore } from './core/app-core';
import { buildContentSecurityPolicy } from './core/desktop/content-security-policy';
import { createJsonFileStore } from './core/desktop/json-file-store';
import { parseLaunchArgs, startsHidden, type LaunchRequest } from './core/desktop/launch';
import { resolveRendererSource } from './core/desktop/renderer-source';
import { APP_ID } from './core/desktop/window-options';
import { registerInvokeHandlers } from './core/ipc/register';
import { sendEvent } from './core/ipc/send-event';
import { exportDiagnostics } from './core/diagnostics/diagnostics';
import { createProxyLoginBroker } from './core/network/proxy-login';
import { createUpdateFlow } from './core/updates/update-flow';
import { createSyncCore } from './core/sync/sync-core';
import { registerAppSchemeAsPrivileged, serveRendererFromAppScheme } from './platform/app-protocol';
import { disableChromiumFeatures } from './platform/chromium-features';
import { watchConnectivity } from './platform/connectivity';
import { applyCspToDevServer, denyPermissionsByDefault, hardenAllWebContents } from './platform/hardening';
import { installDesktopIntegration, type DesktopIntegration } from './platform/desktop-integration';
import { log } from './core/logging/log';
import { chooseSavePath } from './platform/dialogs';
import { startLogging } from './platform/logging';
import { keepCrashDumpsLocally } from './platform/crash-reports';
import { electronUpdaterPort, installPolicy } from './platform/updates';
import { createMainWindow, focusWindow } from './platform/main-window';
import { answerLoginEvents, createElectronFetch } from './platform/network';
import { createFileDialogs } from './platform/file-dialogs';
import { claimSingleInstance } from './platform/single-instance';
import { createSafeStorageTokenStore } from './platform/token-store-safe-storage';

const outDir = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const preloadPath = join(outDir, 'preload', 'index.cjs');
const rendererRoot = join(outDir, 'renderer');

let mainWindow: BrowserWindow | undefined;
let desktop: DesktopIntegration | undefined;

function handleLaunchRequest(request: LaunchRequest): void {
  if (request.quickAdd) desktop?.openQuickAdd({ source: 'launch' });
}

function broadcast(send: (contents: Electron.WebContents) => void): void {
  for (const window of BrowserWindow.getAllWindows()) send(window.webContents);
}

async function start(): Promise<void> {
  const source = resolveRendererSource({ isPackaged: app.isPackaged, devServerUrl: process.env.ELECTRON_RENDERER_URL });
  const csp = buildContentSecurityPolicy({ devServerOrigin: source.devServerOrigin });
  const ses = session.defaultSession;

  hardenAllWebContents(source.trustedOrigins);
  denyPermissionsByDefault(ses, source.trustedOrigins);
  serveRendererFromAppScheme(ses, rendererRoot, csp);
  if (source.devServerOrigin) applyCspToDevServer(ses, source.devServerOrigin, csp);

  // A proxy that wants a login: the main window asks the user (the password is kept nowhere).
  const proxyLogin = createProxyLoginBroker({
    ask: (prompt) => broadcast((contents) => sendEvent(contents, 'proxyLoginRequested', prompt)),
  });
  answerLoginEvents(proxyLogin);

  // Kantata account (token encrypted with safeStorage), sync rounds, scheduler, reference data.
  const sync = createSyncCore({
    fetch: createElectronFetch(proxyLogin),
    tokenStore: createSafeStorageTokenStore(join(app.getPath('userData'), 'kantata-account.bin')),
    emit: (event, payload) => broadcast((contents) => sendEvent(contents, event, payload)),
    // When each create was last sent, written before it leaves: a create whose answer was lost is
    // not sent again while Kantata may still be committing it, even across a restart.
    sentCreatesStore: createJsonFileStore(join(app.getPath('userData'), 'sync-sent-creates.json')),
    log: (message, detail) => log.warn(`[sync] ${message}`, detail ?? ''),
  });
  try {
    desktop = installDesktopIntegration({
      preloadPath,
      entryUrl: source.entryUrl,
      mainWindow: () => mainWindow,
      // Tray, menu and quick-add ask main's scheduler, which alone decides when a round runs.
      requestSync: (reason) => sync.scheduler.trigger(reason),
      showMainWindow: () => {
        mainWindow ??= openMainWindow(true);
        focusWindow(mainWindow);
        return mainWindow;
      },
    });
  } catch (error) {
    // The tray and quick-add are conveniences: without them the main window must still open.
    log.error('[desktop] tray, quick-add and shortcuts are unavailable:', error);
  }

  // Self-update: at start and daily, in the background; never restarts during a round or over unsaved input.
  const policy = installPolicy();
  const roundFinishedListeners: (() => void)[] = [];
  const updates = createUpdateFlow({
    updater: electronUpdaterPort(),
    policy: () => ({ enabled: desktop?.settings.settings().autoUpdate ?? true, packaged: app.isPackaged, ...policy }),
    currentVersion: app.getVersion(),
    syncing: () => sync.scheduler.state.phase === 'running',
    onRoundFinished: (listener) => roundFinishedListeners.push(listener),
    notesStore: createJsonFileStore(join(app.getPath('userData'), 'update-notes.json')),
    emit: (state) => broadcast((contents) => sendEvent(contents, 'updateStateChanged', state)),
  });
  desktop?.settings.onChange(() => updates.policyChanged());

  const handlers = createAppCore({
    updates,
    roundFinished: () => roundFinishedListeners.forEach((listener) => listener()),
    sync,
    desktop: desktop?.calls,
    appInfo: { name: app.getName(), version: app.getVersion(), platform: process.platform },
    // Receipt uploads are recorded here so a replay after a crash reuses them (never a second copy).
    receiptLedger: createJsonFileStore(join(app.getPath('userData'), 'receipt-uploads.json')),
    onReceiptProgress: (progress) => broadcast((contents) => sendEvent(contents, 'receiptUploadProgress', progress)),
    proxyLogin,
    diagnostics: (request) =>
      exportDiagnostics(
        {
          app: { name: app.getName(), version: app.getVersion(), packaged: app.isPackaged },
          versions: { ...process.versions },
          os: { platform: process.platform, release: release(), arch: process.arch, locale: app.getLocale() },
          logDir: app.getPath('logs'),
          settings: () => desktop?.settings.settings() ?? null,
          account: () => sync.accountStatus(),
          syncStatus: () => ({ scheduler: sync.scheduler.state, crashDumps: app.getPath('crashDumps') }),
          chooseSavePath: (defaultName) => chooseSavePath(mainWindow, join(app.getPath('downloads'), defaultName)),
        },
        request,
      ),
    // Exports and backups: the renderer builds the bytes, main asks where and writes them.
    dialogs: createFileDialogs(() => mainWindow),
  });
  registerInvokeHandlers(ipcMain, handlers, {
    trustedOrigins: source.trustedOrigins,
    onError: (name, error) => log.warn(`[ipc] ${name}: ${error.code}: ${error.message}`),
  });

  watchConnectivity({
    connectivityChanged: (online) => {
      desktop?.connectivityChanged(online);
      broadcast((contents) => sendEvent(contents, 'connectivityChanged', { online }));
      // The scheduler probes the server before it asks for a round (OS online events are optimistic).
      void sync.scheduler.setOnline(online);
    },
    // Waking from sleep: a round is due. Coming online goes through setOnline above (probe first).
    syncRequested: (reason) => {
      if (reason === 'resume') sync.scheduler.trigger('resume');
    },
  });
  sync.scheduler.start();
  updates.start();

  const openMainWindow = (show: boolean): BrowserWindow => {
    const window = createMainWindow({
      preloadPath,
      entryUrl: source.entryUrl,
      stateStore: createJsonFileStore(join(app.getPath('userData'), 'window-state.json')),
      showOnReady: show,
    });
    window.on('closed', () => {
      mainWindow = undefined;
      // The window ran the rounds; the next one to load reports itself ready.
      sync.scheduler.executorGone();
    });
    desktop?.manageMainWindow(window);
    return window;
  };
  // Launched at login: load the main window (it leads sync) but leave it in the tray.
  const loginLaunch = startsHidden(process.argv) || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
  mainWindow = openMainWindow(!loginLaunch);
  app.on('activate', () => {
    if (mainWindow) focusWindow(mainWindow);
    else mainWindow = openMainWindow(true);
  });
  handleLaunchRequest(parseLaunchArgs(process.argv));
}

// First, so that everything after it, start-up failures included, reaches the log files.
startLogging();
keepCrashDumpsLocally();
registerAppSchemeAsPrivileged();
disableChromiumFeatures();
app.enableSandbox();

const isFirstInstance = claimSingleInstance((action) => {
  if (mainWindow && action.focusMainWindow) focusWindow(mainWindow);
  handleLaunchRequest({ quickAdd: action.quickAdd });
});

if (!isFirstInstance) {
  app.quit();
} else {
  app.setAppUserModelId(APP_ID);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.whenReady().then(start).catch((error: unknown) => {
    log.error('Expense Courier failed to start', error);
    app.exit(1);
  });
}
