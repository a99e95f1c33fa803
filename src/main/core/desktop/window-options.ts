/**
 * Options of every app window. Plain objects shaped like Electron's
 * `BrowserWindowConstructorOptions`, so tests can assert the hardening without Electron.
 */
export const PRODUCT_NAME = 'Expense Courier';
/** Must match `appId` in electron-builder.yml (Windows notifications and taskbar grouping use it). */
export const APP_ID = 'com.expensecourier.app';

export const MAIN_WINDOW_DEFAULT_SIZE = { width: 1200, height: 800 } as const;
export const MAIN_WINDOW_MIN_SIZE = { width: 720, height: 480 } as const;

export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  safeDialogs: true;
  spellcheck: boolean;
}

/** The web preferences of every window that shows the renderer (main window, quick-add, ...). */
export function secureWebPreferences(preloadPath: string): SecureWebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    // A receipt dropped outside a drop zone must not replace the app with the file.
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
  };
}

export interface WindowPlacementBounds {
  width: number;
  height: number;
  x?: number;
  y?: number;
}

export interface MainWindowOptions extends WindowPlacementBounds {
  minWidth: number;
  minHeight: number;
  title: string;
  show: false;
  backgroundColor: string;
  autoHideMenuBar: true;
  icon?: string;
  webPreferences: SecureWebPreferences;
}

/** Shown only once the first paint is ready (`ready-to-show`), so there is no white flash. */
export function mainWindowOptions(input: {
  preloadPath: string;
  bounds: WindowPlacementBounds;
  iconPath?: string;
}): MainWindowOptions {
  return {
    ...input.bounds,
    minWidth: MAIN_WINDOW_MIN_SIZE.width,
    minHeight: MAIN_WINDOW_MIN_SIZE.height,
    title: PRODUCT_NAME,
    show: false,
    backgroundColor: '#f6f7f9',
    autoHideMenuBar: true,
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: secureWebPreferences(input.preloadPath),
  };
}
