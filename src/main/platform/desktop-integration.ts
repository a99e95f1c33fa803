/**
 * Glue of the desktop integration (issue 6): tray, quick-add window, global shortcut,
 * application menu, notifications, start at login, close-to-tray and the quit flow. Each
 * decision is made in src/main/core (tray/, quick-add/, settings/); this file only connects
 * those controllers to the Electron adapters next to it. src/main/index.ts calls it once.
 */
import { log } from '../core/logging/log';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, nativeTheme, type Event } from 'electron';
import type { SyncTriggerReason } from '@shared/protocol/round';
import type { EventName, EventPayload, QueueStatus } from '@shared/contract';
import { effectiveLocale } from '@shared/languages';
import { mainText } from '../core/i18n/main-text';
import { createJsonFileStore } from '../core/desktop/json-file-store';
import { sendEvent } from '../core/ipc/send-event';
import { readDroppedReceipts } from '../core/quick-add/dropped-files';
import { createShortcutBinding, formatAccelerator } from '../core/quick-add/global-shortcut';
import { createQuickAddController, type QuickAddController, type QuickAddOpenRequest } from '../core/quick-add/quick-add-controller';
import { createSettingsService, type SettingsService } from '../core/settings/settings-service';
import { appMenuTemplate, type AppMenuAction } from '../core/tray/app-menu';
import { decideMainWindowClose } from '../core/tray/close-to-tray';
import { createDesktopCalls, type DesktopCalls } from '../core/tray/desktop-calls';
import { createNotificationPlanner, type NotificationClick } from '../core/tray/notifications';
import { createQuitFlow } from '../core/tray/quit-flow';
import { createTrayPresenter, type TrayAction, type TrayPresenter } from '../core/tray/tray-view';
import { installAppMenu } from './app-menu';
import { electronShortcutRegistry } from './global-shortcut';
import { electronLoginItem } from './login-item';
import { showNotification } from './notifications';
import { createQuickAddWindow, pointerWorkArea } from './quick-add-window';
import { createAppTray, type AppTray } from './tray';

export interface DesktopIntegrationSetup {
  preloadPath: string;
  entryUrl: string;
  /** The main window if it exists (it leads sync rounds). */
  mainWindow(): BrowserWindow | undefined;
  /** Show and focus the main window, creating it if needed. */
  showMainWindow(): BrowserWindow;
  /** Tell main's sync scheduler (the one owner of when rounds run). */
  requestSync(reason: SyncTriggerReason): void;
}

export interface DesktopIntegration {
  calls: DesktopCalls;
  settings: SettingsService;
  quickAdd: QuickAddController;
  tray: TrayPresenter;
  /** Attach close-to-tray to a (new) main window. */
  manageMainWindow(window: BrowserWindow): void;
  openQuickAdd(request: QuickAddOpenRequest): void;
  connectivityChanged(online: boolean): void;
  isQuitting(): boolean;
}

const PLATFORM = process.platform;

function trayIconDir(): string {
  return app.isPackaged ? join(process.resourcesPath, 'tray') : join(app.getAppPath(), 'build', 'tray');
}

export function installDesktopIntegration(setup: DesktopIntegrationSetup): DesktopIntegration {
  const toMain = <E extends EventName>(event: E, payload: EventPayload<E>): boolean => {
    const window = setup.mainWindow();
    return window ? sendEvent(window.webContents, event, payload) : false;
  };
  const showMainAnd = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    sendEvent(setup.showMainWindow().webContents, event, payload);
  };

  const quitFlow = createQuitFlow({
    isSyncing: () => tray.state().syncing,
    requestPark: (deadlineMs) => toMain('quitRequested', { deadlineMs }),
    quit: () => app.quit(),
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (timer) => clearTimeout(timer as NodeJS.Timeout),
  });
  const isQuitting = (): boolean => quitFlow.phase() !== 'running';

  const quickAdd = createQuickAddController({
    createWindow: () =>
      createQuickAddWindow({
        preloadPath: setup.preloadPath,
        entryUrl: setup.entryUrl,
        platform: PLATFORM,
        isQuitting,
        onGone: () => {
          if (!isQuitting()) quickAdd.windowGone();
        },
      }),
    workArea: pointerWorkArea,
  });
  const openQuickAdd = (request: QuickAddOpenRequest): void => quickAdd.open(request);

  const shortcut = createShortcutBinding(electronShortcutRegistry, () => openQuickAdd({ source: 'shortcut' }), PLATFORM);
  const settings = createSettingsService({
    store: createJsonFileStore(join(app.getPath('userData'), 'settings.json')),
    loginItem: electronLoginItem(PLATFORM),
    shortcut,
    appVersion: app.getVersion(),
  });
  // Tray, menus and notifications speak the language chosen in Settings (or the system's).
  const appLocale = (): string => effectiveLocale(settings.settings().language, app.getLocale());
  // Dark or light follows Settings → Theme; 'system' follows the OS. The renderer's CSS follows
  // through prefers-color-scheme, and native parts (scrollbars, dialogs) follow too.
  nativeTheme.themeSource = settings.settings().theme;

  const onTrayAction = (action: TrayAction): void => {
    if (action === 'quickAdd') openQuickAdd({ source: 'tray' });
    else if (action === 'syncNow') setup.requestSync('sync-now');
    else if (action === 'openMain') setup.showMainWindow();
    else app.quit();
  };
  const onDropFiles = (paths: string[]): void => {
    void readDroppedReceipts(paths, { size: async (path) => (await stat(path)).size, read: (path) => readFile(path) }).then(
      ({ receipts, refused }) => openQuickAdd({ source: 'drop', receipts, notices: refused }),
    );
  };
  let appTray: AppTray | undefined;
  try {
    appTray = createAppTray(trayIconDir(), PLATFORM, { onAction: onTrayAction, onDropFiles });
  } catch (error) {
    // Some Linux desktops have no tray: the app then behaves like a normal windowed app.
    log.warn('[tray] no tray icon:', error);
  }
  const tray = createTrayPresenter(
    (view) => appTray?.render(view),
    () => ({ locale: appLocale(), now: Date.now(), quickAddAccelerator: shortcut.status().ok ? settings.settings().quickAddShortcut : undefined }),
  );
  const clock = setInterval(() => tray.tick(), 60_000);

  const startState = settings.start();
  if (!startState.shortcut.ok) showNotification({ title: mainText(appLocale(), 'notify.shortcutTitle'), body: startState.shortcut.message });
  let menuLocale = appLocale();
  settings.onChange((state) => {
    nativeTheme.themeSource = state.settings.theme;
    if (appLocale() !== menuLocale) {
      menuLocale = appLocale();
      installMenu();
    }
    tray.tick();
    for (const window of BrowserWindow.getAllWindows()) sendEvent(window.webContents, 'settingsChanged', state);
  });

  const onNotificationClick = (click: NotificationClick): void => {
    if (click.kind === 'openExpense') showMainAnd('openExpense', { id: click.id });
    else showMainAnd('navigate', { view: click.view });
  };
  const notifications = createNotificationPlanner();
  const queueReported = (status: QueueStatus): void => {
    tray.update({ pendingCount: status.pendingCount, errorCount: status.errorCount, lastSyncAt: status.lastSyncAt, syncing: status.syncing });
    app.setBadgeCount(status.pendingCount + status.errorCount);
    const focused = setup.mainWindow()?.isFocused() ?? false;
    for (const spec of notifications.report(status.attention, {
      enabled: settings.settings().notifications && !focused,
      locale: appLocale(),
      resolvedReports: status.resolvedReports,
    })) {
      showNotification(spec, () => onNotificationClick(spec.click));
    }
  };

  const onMenuAction = (action: AppMenuAction): void => {
    if (action === 'quickAdd') openQuickAdd({ source: 'menu' });
    else if (action === 'syncNow') setup.requestSync('sync-now');
    else if (action === 'newExpense') showMainAnd('navigate', { view: 'new-expense' });
    else if (action === 'search') showMainAnd('navigate', { view: 'search' });
    else if (action === 'exportDiagnostics') showMainAnd('diagnosticsRequested', {});
    else showMainAnd('navigate', { view: 'settings' });
  };
  function installMenu(): void {
    installAppMenu(appMenuTemplate({ platform: PLATFORM, isDev: !app.isPackaged, locale: appLocale() }), onMenuAction);
  }
  installMenu();

  app.on('before-quit', (event: Event) => {
    if (quitFlow.beforeQuit() === 'hold') event.preventDefault();
  });
  app.on('will-quit', () => {
    clearInterval(clock);
    shortcut.dispose();
    appTray?.destroy();
  });

  quickAdd.warm();

  return {
    calls: createDesktopCalls({
      closeQuickAdd: () => quickAdd.close(),
      openMain: (view) => showMainAnd('navigate', { view }),
      settings,
      requestSync: (reason) => setup.requestSync(reason),
      queueReported,
      quitParked: () => quitFlow.parked(),
    }),
    settings,
    quickAdd,
    tray,
    manageMainWindow(window) {
      window.on('close', (event) => {
        const decision = decideMainWindowClose(
          { quitting: isQuitting(), trayAvailable: appTray !== undefined, explained: settings.flags().closeToTrayExplained },
          formatAccelerator(settings.settings().quickAddShortcut, PLATFORM),
          appLocale(),
        );
        if (decision.action === 'close') return;
        event.preventDefault();
        window.hide();
        if (decision.explain) {
          showNotification({ title: decision.title, body: decision.body });
          settings.setFlag('closeToTrayExplained', true);
        }
      });
      window.on('closed', () => {
        // Without a tray the hidden quick-add window would keep an invisible app alive.
        if (!isQuitting() && PLATFORM !== 'darwin') app.quit();
      });
    },
    openQuickAdd,
    connectivityChanged: (online) => tray.update({ online }),
    isQuitting,
  };
}
