// A stand-in for Electron's ipcMain/ipcRenderer pair: the only mock, at the Electron boundary.
// Arguments and results go through structuredClone, as Electron serializes them.
import type { IpcMainInvokeEventLike, IpcMainLike } from '../../../src/main/core/ipc/register';
import type { IpcRendererLike } from '../../../src/preload/build-api';
import type { SenderFrameLike } from '../../../src/main/core/ipc/sender-policy';

type Handler = (event: IpcMainInvokeEventLike, ...args: unknown[]) => Promise<unknown>;
type Listener = (event: unknown, ...args: unknown[]) => void;

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();

  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What Electron does when a frame calls ipcRenderer.invoke. */
  async invokeFrom(frame: SenderFrameLike | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    return structuredClone(await handler({ senderFrame: frame }, ...structuredClone(args)));
  }
}

export class FakeIpcRenderer implements IpcRendererLike {
  readonly listeners = new Map<string, Set<Listener>>();
  readonly invoked: { channel: string; args: unknown[] }[] = [];

  constructor(
    private readonly main: FakeIpcMain,
    private readonly frame: SenderFrameLike | null,
  ) {}

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return this.main.invokeFrom(this.frame, channel, ...args);
  }

  on(channel: string, listener: Listener): this {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(listener);
    return this;
  }

  removeListener(channel: string, listener: Listener): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }

  /** Doubles as a WebContentsLike: what main's webContents.send delivers to this renderer. */
  send(channel: string, ...args: unknown[]): void {
    const event = { sender: 'ipc-renderer-internals' };
    for (const listener of this.listeners.get(channel) ?? []) listener(event, ...structuredClone(args));
  }

  destroyed = false;
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export const APP_FRAME: SenderFrameLike = { url: 'courier://app/index.html', parent: null };
