/**
 * Self-update with a generic feed (electron-updater in the shell; a fake updater in tests): check
 * at start and once a day, download in the background, then offer "Restart to update". It never
 * restarts during a sync round (the restart waits for the round to end) or over unsaved form
 * input (the user saves first). Off when the Settings switch says so, when the managed install
 * says so (policy), and in unpackaged builds. The release notes of the downloaded version are
 * kept and shown once after the restart.
 */
import type { UpdateInstalled, UpdateRestartResult, UpdateState } from '@shared/updates';
import type { JsonStore } from '../desktop/json-file-store';
import { log as rootLog } from '../logging/log';

const log = rootLog.scope('update');

export const CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** The part of electron-updater's AppUpdater the flow uses. */
export interface UpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-available', listener: (info: UpdateInfoLike) => void): unknown;
  on(event: 'update-not-available', listener: () => void): unknown;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'update-downloaded', listener: (info: UpdateInfoLike) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdateInfoLike {
  version: string;
  releaseNotes?: string | Array<{ version: string; note: string | null }> | null;
}

export interface UpdatePolicy {
  /** The Settings switch. */
  enabled: boolean;
  /** The managed install turned updates off (e.g. an IT policy file or environment). */
  managedOff: boolean;
  packaged: boolean;
  /** The generic provider's URL (folder with latest.yml etc.); null: none configured. */
  feedUrl: string | null;
}

export interface UpdateFlowDeps {
  updater: UpdaterPort;
  policy(): UpdatePolicy;
  currentVersion: string;
  /** A sync round is running now. */
  syncing(): boolean;
  /** Called when a round ends, so a restart waiting for it can go ahead. */
  onRoundFinished(listener: () => void): void;
  /** Where the downloaded version's notes wait for the restart. */
  notesStore: JsonStore;
  emit(state: UpdateState): void;
  now?: () => number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

export function releaseNotesText(notes: UpdateInfoLike['releaseNotes']): string {
  if (!notes) return '';
  if (typeof notes === 'string') return notes;
  return notes.map((entry) => `${entry.version}\n${entry.note ?? ''}`.trim()).join('\n\n');
}

export interface UpdateFlow {
  start(): void;
  state(): UpdateState;
  /** Settings changed (the switch): re-read the policy, start or stop checking. */
  policyChanged(): void;
  checkNow(): Promise<void>;
  restart(request: { unsavedInput: boolean }): UpdateRestartResult;
  /** The notes of the version now running, once, right after an update; null otherwise. */
  takeInstalledNotes(): UpdateInstalled | null;
  stop(): void;
}

export function createUpdateFlow(deps: UpdateFlowDeps): UpdateFlow {
  const now = deps.now ?? Date.now;
  const every = deps.setInterval ?? ((fn, ms) => setInterval(fn, ms));
  const stopEvery = deps.clearInterval ?? ((handle) => clearInterval(handle as ReturnType<typeof setInterval>));
  let state: UpdateState = { phase: 'idle', lastCheckAt: null };
  let lastCheckAt: number | null = null;
  let timer: unknown = null;
  let restartAfterRound = false;
  let configuredFeed: string | null = null;

  const set = (next: UpdateState): void => {
    state = next;
    deps.emit(next);
  };

  const disabledReason = (): Extract<UpdateState, { phase: 'disabled' }>['reason'] | null => {
    const policy = deps.policy();
    if (!policy.packaged) return 'unpackaged';
    if (policy.managedOff) return 'managed';
    if (!policy.enabled) return 'setting';
    if (!policy.feedUrl) return 'no-feed';
    return null;
  };

  const install = (): void => {
    log.info(`restarting to install ${state.phase === 'ready' ? state.version : '?'}`);
    deps.updater.quitAndInstall(false, true);
  };

  deps.updater.autoDownload = true;
  // A downloaded update is also installed when the user quits normally.
  deps.updater.autoInstallOnAppQuit = true;
  deps.updater.on('update-available', (info) => set({ phase: 'downloading', version: info.version, percent: 0 }));
  deps.updater.on('update-not-available', () => set({ phase: 'idle', lastCheckAt }));
  deps.updater.on('download-progress', (progress) => {
    if (state.phase === 'downloading') set({ ...state, percent: Math.min(100, Math.max(0, progress.percent)) });
  });
  deps.updater.on('update-downloaded', (info) => {
    deps.notesStore.write({ version: info.version, releaseNotes: releaseNotesText(info.releaseNotes) });
    log.info(`update ${info.version} downloaded`);
    set({ phase: 'ready', version: info.version });
  });
  deps.updater.on('error', (error) => {
    log.warn('update check or download failed', error);
    // A ready update stays ready (a later check failing does not take it away).
    if (state.phase !== 'ready') set({ phase: 'error', message: error.message, lastCheckAt });
  });
  deps.onRoundFinished(() => {
    if (restartAfterRound && state.phase === 'ready') install();
  });

  const checkNow = async (): Promise<void> => {
    const reason = disabledReason();
    if (reason) {
      set({ phase: 'disabled', reason });
      return;
    }
    if (state.phase === 'checking' || state.phase === 'downloading' || state.phase === 'ready') return;
    const feed = deps.policy().feedUrl!;
    if (feed !== configuredFeed) {
      deps.updater.setFeedURL({ provider: 'generic', url: feed });
      configuredFeed = feed;
    }
    lastCheckAt = now();
    set({ phase: 'checking' });
    try {
      await deps.updater.checkForUpdates();
    } catch (error) {
      if ((state as UpdateState).phase === 'checking') set({ phase: 'error', message: error instanceof Error ? error.message : String(error), lastCheckAt });
    }
  };

  const schedule = (): void => {
    if (disabledReason()) {
      if (timer !== null) stopEvery(timer);
      timer = null;
      set({ phase: 'disabled', reason: disabledReason()! });
      return;
    }
    if (state.phase === 'disabled') set({ phase: 'idle', lastCheckAt });
    if (timer === null) timer = every(() => void checkNow(), CHECK_INTERVAL_MS);
  };

  return {
    start() {
      schedule();
      if (timer !== null) void checkNow();
    },
    state: () => state,
    policyChanged() {
      const wasOff = timer === null;
      schedule();
      if (wasOff && timer !== null) void checkNow();
    },
    checkNow,
    restart({ unsavedInput }) {
      if (state.phase !== 'ready') return { restarting: false, reason: 'not-ready' };
      if (unsavedInput) return { restarting: false, reason: 'unsaved-input' };
      if (deps.syncing()) {
        restartAfterRound = true;
        return { restarting: false, reason: 'syncing' };
      }
      install();
      return { restarting: true, reason: null };
    },
    takeInstalledNotes() {
      const stored = deps.notesStore.read() as Partial<UpdateInstalled> | undefined;
      if (!stored || typeof stored.version !== 'string') return null;
      if (stored.version !== deps.currentVersion) return null;
      deps.notesStore.write({});
      return { version: stored.version, releaseNotes: typeof stored.releaseNotes === 'string' ? stored.releaseNotes : '' };
    },
    stop() {
      if (timer !== null) stopEvery(timer);
      timer = null;
    },
  };
}

/** Where updates come from unless the install says otherwise (electron-builder.yml `publish` names the same). */
export const DEFAULT_UPDATE_FEED_URL = 'https://updates.expensecourier.invalid/desktop/';

/**
 * What a managed install decides for every user: `EXPENSE_COURIER_UPDATES=off` or `"updates": false`
 * in policy.json (next to the app's resources, written by the IT deployment) turns updates off;
 * `EXPENSE_COURIER_UPDATE_URL` or `"updateUrl"` points the generic provider at an internal mirror.
 */
export function managedUpdatePolicy(env: Record<string, string | undefined>, policyFile: () => string | null): { managedOff: boolean; feedUrl: string } {
  let policy: { updates?: unknown; updateUrl?: unknown } = {};
  try {
    const text = policyFile();
    if (text) policy = JSON.parse(text) as typeof policy;
  } catch (error) {
    log.warn('policy.json is not valid JSON; ignored', error);
  }
  const managedOff = env.EXPENSE_COURIER_UPDATES?.toLowerCase() === 'off' || policy.updates === false;
  const feedUrl = env.EXPENSE_COURIER_UPDATE_URL || (typeof policy.updateUrl === 'string' ? policy.updateUrl : DEFAULT_UPDATE_FEED_URL);
  return { managedOff, feedUrl };
}
