/**
 * Builds `window.courier` from the contract. Kept free of the 'electron' import so a Node test
 * can drive it with a fake `ipcRenderer`; src/preload/index.ts only hands it the real one.
 */
import type { CourierApi } from '@shared/contract';
import { channelOf, EVENT_NAMES, eventChannelOf, INVOKE_NAMES, type EventName } from '@shared/contract-names';
import { unwrapIpcResult } from '@shared/ipc-result';

/** The part of Electron's `ipcRenderer` the API uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function buildCourierApi(ipc: IpcRendererLike): CourierApi {
  const api: Record<string, unknown> = {};
  for (const name of INVOKE_NAMES) {
    const channel = channelOf(name);
    // One argument at most: the request. Extra arguments the page passes are not forwarded.
    api[name] = async (request?: unknown) => unwrapIpcResult(await ipc.invoke(channel, request));
  }
  api.on = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new TypeError(`"${String(event)}" is not an event in the contract`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const channel = eventChannelOf(event);
    // The IpcRendererEvent (with its `sender`) never reaches the page: only the payload does.
    const relay = (_event: unknown, payload: unknown): void => listener(payload);
    ipc.on(channel, relay);
    return () => {
      ipc.removeListener(channel, relay);
    };
  };
  return Object.freeze(api) as CourierApi;
}
