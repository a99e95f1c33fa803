/**
 * Turns raw OS signals (a periodic "are we online?" probe, waking from sleep) into the two
 * things the renderer cares about: connectivity changed, and "now is a good time to sync".
 */
export interface ConnectivityListener {
  connectivityChanged(online: boolean): void;
  syncRequested(reason: 'online' | 'resume'): void;
}

export interface ConnectivityMonitor {
  readonly online: boolean;
  /** Probe now (timer tick); reports only a change. */
  check(): void;
  /** The machine woke up: the network may have changed, and a round is due either way. */
  resumed(): void;
}

export function createConnectivityMonitor(probe: () => boolean, listener: ConnectivityListener): ConnectivityMonitor {
  let online = probe();
  const check = (): boolean => {
    const now = probe();
    if (now === online) return false;
    online = now;
    listener.connectivityChanged(now);
    if (now) listener.syncRequested('online');
    return true;
  };
  return {
    get online() {
      return online;
    },
    check() {
      check();
    },
    resumed() {
      const cameOnline = check() && online;
      if (online && !cameOnline) listener.syncRequested('resume');
    },
  };
}
