import { describe, expect, it } from 'vitest';
import { createConnectivityMonitor } from '../../../src/main/core/desktop/connectivity';

function monitorWith(initial: boolean) {
  let online = initial;
  const events: string[] = [];
  const monitor = createConnectivityMonitor(() => online, {
    connectivityChanged: (value) => events.push(value ? 'online' : 'offline'),
    syncRequested: (reason) => events.push(`sync:${reason}`),
  });
  return { monitor, events, set: (value: boolean) => (online = value) };
}

describe('connectivity monitor', () => {
  it('reports only changes, and asks for a sync when the network comes back', () => {
    const { monitor, events, set } = monitorWith(true);
    monitor.check();
    set(false);
    monitor.check();
    monitor.check();
    set(true);
    monitor.check();
    expect(events).toEqual(['offline', 'online', 'sync:online']);
    expect(monitor.online).toBe(true);
  });

  it('asks for one sync after waking up online, none while offline', () => {
    const { monitor, events, set } = monitorWith(true);
    monitor.resumed();
    set(false);
    monitor.resumed();
    set(true);
    monitor.resumed();
    expect(events).toEqual(['sync:resume', 'offline', 'online', 'sync:online']);
  });
});
