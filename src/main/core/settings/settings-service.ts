/**
 * The settings model in main: read once from an injected store (a JSON file in userData in the
 * app, memory in tests and the harness), changed through the Settings view, and applied where
 * they take effect: the login item and the global shortcut. Also keeps the app's small
 * one-time flags (the close-to-tray explanation) in the same document.
 */
import {
  AppSettingsPatch, AppSettingsPatchSchema,
  DEFAULT_SETTINGS,
  parseStoredSettings,
  type AppSettings,
  type SettingsState,
  type ShortcutStatus,
} from '@shared/settings';
import type { JsonStore } from '../desktop/json-file-store';

/** Start at login (Electron: app.get/setLoginItemSettings). */
export interface LoginItemPort {
  supported: boolean;
  set(enabled: boolean): void;
}

/** The global shortcut (quick-add/global-shortcut.ts ShortcutBinding has this shape). */
export interface ShortcutPort {
  apply(accelerator: string): ShortcutStatus;
  status(): ShortcutStatus;
}

export interface AppFlags {
  closeToTrayExplained: boolean;
}

export interface SettingsService {
  /** Registers the stored shortcut (reporting if it is taken); call once at start-up. */
  start(): SettingsState;
  state(): SettingsState;
  settings(): AppSettings;
  update(patch: AppSettingsPatch): SettingsState;
  flags(): AppFlags;
  setFlag<K extends keyof AppFlags>(key: K, value: AppFlags[K]): void;
  /** Told after every change (main broadcasts settingsChanged). */
  onChange(listener: (state: SettingsState) => void): void;
}

export function memoryJsonStore(initial?: unknown): JsonStore & { value: unknown } {
  const store = {
    value: initial,
    read: () => (store.value === undefined ? undefined : structuredClone(store.value)),
    write: (value: unknown) => void (store.value = structuredClone(value)),
  };
  return store;
}

function parseFlags(stored: unknown): AppFlags {
  const flags = (stored as { flags?: { closeToTrayExplained?: unknown } } | undefined)?.flags;
  return { closeToTrayExplained: flags?.closeToTrayExplained === true };
}

/** What Settings → About shows; Electron's and Chromium's versions exist only inside Electron. */
function aboutVersions(appVersion: string): NonNullable<SettingsState['about']> {
  const v = process.versions as NodeJS.ProcessVersions & { electron?: string; chrome?: string };
  return { version: appVersion, electron: v.electron ?? null, chrome: v.chrome ?? null, node: v.node };
}

export function createSettingsService(deps: {
  store: JsonStore;
  loginItem: LoginItemPort;
  shortcut: ShortcutPort;
  /** The app's version (Electron: app.getVersion()). */
  appVersion?: string;
}): SettingsService {
  const about = aboutVersions(deps.appVersion ?? 'development');
  const stored = deps.store.read();
  let settings = parseStoredSettings(stored);
  let flags = parseFlags(stored);
  const listeners: Array<(state: SettingsState) => void> = [];

  const persist = (): void => deps.store.write({ ...settings, flags });
  const state = (): SettingsState => ({
    settings: { ...settings },
    shortcut: deps.shortcut.status(),
    startAtLoginSupported: deps.loginItem.supported,
    about,
  });
  const changed = (): SettingsState => {
    const now = state();
    listeners.forEach((listener) => listener(now));
    return now;
  };

  return {
    start() {
      deps.shortcut.apply(settings.quickAddShortcut);
      return state();
    },
    state,
    settings: () => ({ ...settings }),
    update(raw) {
      const patch = AppSettingsPatchSchema.parse(raw);
      const next: AppSettings = { ...settings, ...patch };
      if (patch.quickAddShortcut !== undefined) {
        const result = deps.shortcut.apply(patch.quickAddShortcut);
        // A shortcut that could not be registered is not saved: the working one stays in force.
        next.quickAddShortcut = result.ok ? result.accelerator : settings.quickAddShortcut;
      }
      if (patch.startAtLogin !== undefined && patch.startAtLogin !== settings.startAtLogin) {
        if (deps.loginItem.supported) deps.loginItem.set(patch.startAtLogin);
        else next.startAtLogin = false;
      }
      settings = next;
      persist();
      return changed();
    },
    flags: () => ({ ...flags }),
    setFlag(key, value) {
      flags = { ...flags, [key]: value };
      persist();
    },
    onChange(listener) {
      listeners.push(listener);
    },
  };
}

export { DEFAULT_SETTINGS };
