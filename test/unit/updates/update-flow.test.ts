/**
 * The update flow against a fake updater (electron-updater is the Electron boundary): checks at
 * start and daily, downloads in the background, restarts only when no round runs and no input is
 * unsaved, can be turned off, and shows the release notes once after the update.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { UpdateState } from '@shared/updates';
import { CHECK_INTERVAL_MS, DEFAULT_UPDATE_FEED_URL, createUpdateFlow, managedUpdatePolicy, type UpdatePolicy, type UpdaterPort } from '../../../src/main/core/updates/update-flow';
import { memoryJsonStore } from '../../../src/main/core/settings/settings-service';

class FakeUpdater extends EventEmitter implements UpdaterPort {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  feeds: string[] = [];
  checks = 0;
  installs: unknown[][] = [];
  /** What the next check finds: a version, or nothing. */
  next: { version: string; releaseNotes?: string } | null = null;
  failNext: Error | null = null;
  setFeedURL(options: { provider: 'generic'; url: string }): void {
    this.feeds.push(`${options.provider} ${options.url}`);
  }
  async checkForUpdates(): Promise<unknown> {
    this.checks++;
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = null;
      this.emit('error', error);
      throw error;
    }
    if (this.next) this.emit('update-available', this.next);
    else this.emit('update-not-available');
    return null;
  }
  finishDownload(): void {
    this.emit('download-progress', { percent: 50 });
    this.emit('update-downloaded', this.next);
  }
  quitAndInstall(...args: unknown[]): void {
    this.installs.push(args);
  }
}

function world(policy: Partial<UpdatePolicy> = {}, currentVersion = '0.1.0') {
  const updater = new FakeUpdater();
  const states: UpdateState[] = [];
  const intervals: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const roundListeners: (() => void)[] = [];
  const current: UpdatePolicy = { enabled: true, managedOff: false, packaged: true, feedUrl: 'https://updates.example/courier', ...policy };
  let syncing = false;
  const notesStore = memoryJsonStore();
  const flow = createUpdateFlow({
    updater,
    policy: () => current,
    currentVersion,
    syncing: () => syncing,
    onRoundFinished: (listener) => roundListeners.push(listener),
    notesStore,
    emit: (state) => states.push(state),
    setInterval: (fn, ms) => {
      const timer = { fn, ms, cleared: false };
      intervals.push(timer);
      return timer;
    },
    clearInterval: (timer) => void ((timer as { cleared: boolean }).cleared = true),
  });
  return {
    updater, states, intervals, flow, notesStore, policy: current,
    setSyncing: (value: boolean) => (syncing = value),
    roundFinished: () => roundListeners.forEach((listener) => listener()),
    phases: () => states.map((s) => s.phase),
  };
}

describe('update flow', () => {
  it('checks the generic feed at start and daily, downloads in the background, then offers the restart', async () => {
    const w = world();
    w.updater.next = { version: '0.2.0', releaseNotes: '<p>Proxy login prompt</p>' };
    w.flow.start();
    await Promise.resolve();
    expect(w.updater.feeds).toEqual(['generic https://updates.example/courier']);
    expect(w.updater.autoDownload).toBe(true);
    expect(w.updater.autoInstallOnAppQuit).toBe(true);
    expect(w.updater.checks).toBe(1);
    expect(w.intervals.map((i) => i.ms)).toEqual([CHECK_INTERVAL_MS]);
    w.updater.finishDownload();
    expect(w.phases()).toEqual(['checking', 'downloading', 'downloading', 'ready']);
    expect(w.flow.state()).toEqual({ phase: 'ready', version: '0.2.0' });
    // The daily check does not start another download over a ready one.
    w.intervals[0]!.fn();
    expect(w.updater.checks).toBe(1);
  });

  it('says when there is nothing new and keeps checking daily; a failed check is shown, not fatal', async () => {
    const w = world();
    w.flow.start();
    await Promise.resolve();
    expect(w.flow.state()).toMatchObject({ phase: 'idle' });
    w.updater.failNext = new Error('net::ERR_NAME_NOT_RESOLVED');
    w.intervals[0]!.fn();
    await new Promise((r) => setTimeout(r, 0));
    expect(w.flow.state()).toMatchObject({ phase: 'error', message: 'net::ERR_NAME_NOT_RESOLVED' });
    expect(w.updater.checks).toBe(2);
  });

  it('never restarts during a sync round: the restart waits for the round to end', async () => {
    const w = world();
    w.updater.next = { version: '0.2.0' };
    w.flow.start();
    await Promise.resolve();
    w.updater.finishDownload();
    w.setSyncing(true);
    expect(w.flow.restart({ unsavedInput: false })).toEqual({ restarting: false, reason: 'syncing' });
    expect(w.updater.installs).toEqual([]);
    w.setSyncing(false);
    w.roundFinished();
    expect(w.updater.installs).toEqual([[false, true]]);
  });

  it('never restarts over unsaved form input, and not before an update is downloaded', async () => {
    const w = world();
    expect(w.flow.restart({ unsavedInput: false })).toEqual({ restarting: false, reason: 'not-ready' });
    w.updater.next = { version: '0.2.0' };
    w.flow.start();
    await Promise.resolve();
    w.updater.finishDownload();
    expect(w.flow.restart({ unsavedInput: true })).toEqual({ restarting: false, reason: 'unsaved-input' });
    w.roundFinished();
    expect(w.updater.installs).toEqual([]);
    expect(w.flow.restart({ unsavedInput: false })).toEqual({ restarting: true, reason: null });
    expect(w.updater.installs).toHaveLength(1);
  });

  it('is off when Settings, the managed install, a missing feed or an unpackaged build say so', async () => {
    for (const [policy, reason] of [
      [{ enabled: false }, 'setting'],
      [{ managedOff: true }, 'managed'],
      [{ feedUrl: null }, 'no-feed'],
      [{ packaged: false }, 'unpackaged'],
    ] as const) {
      const w = world(policy);
      w.flow.start();
      await w.flow.checkNow();
      expect(w.updater.checks).toBe(0);
      expect(w.intervals).toEqual([]);
      expect(w.flow.state()).toEqual({ phase: 'disabled', reason });
    }
    // Turned on again in Settings: checks at once, then daily; off again stops the timer.
    const w = world({ enabled: false });
    w.flow.start();
    w.policy.enabled = true;
    w.flow.policyChanged();
    await Promise.resolve();
    expect(w.updater.checks).toBe(1);
    w.policy.enabled = false;
    w.flow.policyChanged();
    expect(w.intervals[0]!.cleared).toBe(true);
  });

  it('shows the release notes of the new version once, after the update', async () => {
    const before = world();
    before.updater.next = { version: '0.2.0', releaseNotes: 'Proxy login prompt; diagnostics export' };
    before.flow.start();
    await Promise.resolve();
    before.updater.finishDownload();
    expect(before.flow.takeInstalledNotes()).toBeNull(); // still the old version
    // After the restart: the new version reads what the old one stored.
    const after = world({}, '0.2.0');
    after.notesStore.write(before.notesStore.read());
    expect(after.flow.takeInstalledNotes()).toEqual({ version: '0.2.0', releaseNotes: 'Proxy login prompt; diagnostics export' });
    expect(after.flow.takeInstalledNotes()).toBeNull();
  });
});

describe('managed install policy', () => {
  it('turns updates off and points the feed at a mirror from the environment or policy.json', () => {
    expect(managedUpdatePolicy({}, () => null)).toEqual({ managedOff: false, feedUrl: DEFAULT_UPDATE_FEED_URL });
    expect(managedUpdatePolicy({ EXPENSE_COURIER_UPDATES: 'OFF' }, () => null).managedOff).toBe(true);
    expect(managedUpdatePolicy({}, () => '{"updates": false, "updateUrl": "https://mirror.corp/courier/"}')).toEqual({
      managedOff: true,
      feedUrl: 'https://mirror.corp/courier/',
    });
    expect(managedUpdatePolicy({ EXPENSE_COURIER_UPDATE_URL: 'https://env.corp/' }, () => 'not json')).toEqual({ managedOff: false, feedUrl: 'https://env.corp/' });
  });
});
