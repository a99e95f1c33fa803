import { channelOf, INVOKE_NAMES } from '@shared/contract';
import type { IpcResult } from '@shared/ipc-result';
import { createInvokeDispatcher, type DispatchOptions } from './dispatch';
import type { CoreHandlers } from './handlers';
import type { SenderFrameLike } from './sender-policy';

/** The part of an invoke event the registration reads (Electron: `IpcMainInvokeEvent`). */
export interface IpcMainInvokeEventLike {
  senderFrame: SenderFrameLike | null;
}

/** The part of Electron's `ipcMain` the registration uses; tests pass a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => Promise<IpcResult>): void;
  removeHandler(channel: string): void;
}

/**
 * Registers one handler per contract call on its derived channel. Returns the function that
 * removes them all again.
 */
export function registerInvokeHandlers(ipcMain: IpcMainLike, handlers: CoreHandlers, options: DispatchOptions): () => void {
  const dispatch = createInvokeDispatcher(handlers, options);
  const channels = INVOKE_NAMES.map((name) => {
    const channel = channelOf(name);
    ipcMain.handle(channel, (event, payload) => dispatch(name, payload, event.senderFrame));
    return channel;
  });
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel));
}
