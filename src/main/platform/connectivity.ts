// OS connectivity signals for the core monitor: Electron has no "online" event in main, so poll.
import { net, powerMonitor } from 'electron';
import { createConnectivityMonitor, type ConnectivityListener } from '../core/desktop/connectivity';

const PROBE_INTERVAL_MS = 5_000;

/** Starts watching; returns the function that stops. */
export function watchConnectivity(listener: ConnectivityListener): () => void {
  const monitor = createConnectivityMonitor(() => net.isOnline(), listener);
  const timer = setInterval(() => monitor.check(), PROBE_INTERVAL_MS);
  const onResume = (): void => monitor.resumed();
  powerMonitor.on('resume', onResume);
  return () => {
    clearInterval(timer);
    powerMonitor.off('resume', onResume);
  };
}
