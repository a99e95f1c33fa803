/**
 * The one typed contract between the renderer and the main process.
 *
 * Every call the renderer may make (`invokes`) and every event main may send (`events`) is
 * declared here once, with a runtime schema for its payload. Main registers handlers from it
 * (src/main/core/ipc), preload exposes it as `window.courier`, the e2e harness implements it
 * in Node. Channel names are derived from the keys by `channelOf`/`eventChannelOf`: no string
 * channel name appears anywhere else.
 */
import { z } from 'zod';

export interface CallSpec<Req extends z.ZodType, Res extends z.ZodType> {
  request: Req;
  response: Res;
}

function call<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): CallSpec<Req, Res> {
  return { request, response };
}

const NoArgs = z.undefined();

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const invokes = {
  /** Name, version and OS of the running app (About, diagnostics). */
  appInfo: call(NoArgs, AppInfo),
};

export const events = {
  /** Main asks the leading renderer to run a sync round (online again, timer, tray "Sync now"). */
  syncRequested: z.object({ reason: z.string() }),
  /** The OS reports the network came or went. */
  connectivityChanged: z.object({ online: z.boolean() }),
};

export type Invokes = typeof invokes;
export type InvokeName = keyof Invokes;
export type EventName = keyof typeof events;
export type InvokeRequest<K extends InvokeName> = z.input<Invokes[K]['request']>;
export type InvokeResponse<K extends InvokeName> = z.output<Invokes[K]['response']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const INVOKE_NAMES = Object.keys(invokes) as InvokeName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export const channelOf = (name: InvokeName): string => `courier:invoke:${name}`;
export const eventChannelOf = (name: EventName): string => `courier:event:${name}`;

/** What `window.courier` looks like to the renderer; implemented by preload and by the e2e harness. */
export type CourierApi = {
  [K in InvokeName]: InvokeRequest<K> extends undefined
    ? () => Promise<InvokeResponse<K>>
    : (request: InvokeRequest<K>) => Promise<InvokeResponse<K>>;
} & {
  /** Subscribe to a main-process event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** Error codes a handler rejection carries, so the renderer can say something specific. */
export type ContractErrorCode = 'invalid-request' | 'forbidden-sender' | 'handler-failed' | 'unknown-call';
