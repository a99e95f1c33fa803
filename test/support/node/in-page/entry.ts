/**
 * Runs INSIDE the Chromium page, before the renderer (bundled into an init script by
 * ../page-bridge.ts). It plays the part of Electron's preload: an ipcRenderer-like object whose
 * invoke goes to the harness binding in Node, and whose events the harness dispatches, handed
 * to the same builder the preload uses (src/preload/build-api.ts) to make `window.courier`.
 */
import { buildCourierApi, type IpcRendererLike } from '../../../../src/preload/build-api';
import { harnessTools, startArmedFirstSeen, type HarnessTools } from './tools';
import { bytesFetchedBack, bytesSentAside } from './bytes-aside';

type Listener = (event: unknown, ...args: unknown[]) => void;

interface BridgeGlobals {
  courier?: unknown;
  __courierInvoke?: (channel: string, ...args: unknown[]) => Promise<unknown>;
  __courierDispatch?: (channel: string, payload: unknown) => number;
}

const page = globalThis as unknown as BridgeGlobals;
const listeners = new Map<string, Set<Listener>>();

const ipcRenderer: IpcRendererLike = {
  invoke(channel, ...args) {
    const invoke = page.__courierInvoke;
    if (!invoke) return Promise.reject(new Error('e2e harness: the courier binding is not installed'));
    // Large byte arrays go beside the binding, as raw bytes (./bytes-aside.ts).
    return bytesSentAside(args).then((sent) => invoke(channel, ...sent)).then(bytesFetchedBack);
  },
  on(channel, listener) {
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(listener);
  },
  removeListener(channel, listener) {
    listeners.get(channel)?.delete(listener);
  },
};

/** Called by the harness (page.evaluate) to deliver a main-process event; returns how many listened. */
page.__courierDispatch = (channel, payload) => {
  const set = listeners.get(channel);
  for (const listener of [...(set ?? [])]) listener({ sender: null }, payload);
  return set?.size ?? 0;
};

page.courier = buildCourierApi(ipcRenderer);

(globalThis as unknown as { __courierHarness: HarnessTools }).__courierHarness = harnessTools;
startArmedFirstSeen();
