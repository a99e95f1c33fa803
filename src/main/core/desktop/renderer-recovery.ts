/**
 * When the main window's renderer crashes (or is killed), the window reloads itself and tells the
 * user what happened; quick-add rebuilds its window the same way. A renderer that keeps crashing
 * is not reloaded in a loop: after `maxReloads` within `windowMs` the window stays as it is (the
 * log and the local crash dump say why). Nothing is lost: every saved expense is in IndexedDB.
 */
export interface RendererGone {
  reason: string;
  exitCode: number;
}

export interface RendererRecovery {
  /** Decide about one crash: reload, or give up for now. */
  gone(details: RendererGone): 'reload' | 'ignore' | 'give-up';
}

export function createRendererRecovery(options: { maxReloads?: number; windowMs?: number; now?: () => number } = {}): RendererRecovery {
  const maxReloads = options.maxReloads ?? 3;
  const windowMs = options.windowMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  let reloads: number[] = [];
  return {
    gone({ reason }) {
      // A clean exit is the app closing the window, not a crash.
      if (reason === 'clean-exit') return 'ignore';
      const at = now();
      reloads = reloads.filter((t) => at - t < windowMs);
      if (reloads.length >= maxReloads) return 'give-up';
      reloads.push(at);
      return 'reload';
    },
  };
}
