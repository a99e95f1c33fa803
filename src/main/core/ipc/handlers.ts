import type { z } from 'zod';
import type { InvokeName, Invokes } from '@shared/contract';

/** Who made a call: handlers that care (e.g. which window leads sync) can look. */
export interface CallContext {
  /** URL of the frame that sent the call (already checked to be one of ours). */
  senderUrl: string;
}

/** The request a handler receives: already parsed by the contract's request schema. */
export type HandlerRequest<K extends InvokeName> = z.output<Invokes[K]['request']>;
/** What a handler returns: checked against the contract's response schema before it is sent. */
export type HandlerResponse<K extends InvokeName> = z.input<Invokes[K]['response']>;

/** One async handler per contract call. Adding a call to the contract makes this type demand it. */
export type CoreHandlers = {
  [K in InvokeName]: (request: HandlerRequest<K>, context: CallContext) => Promise<HandlerResponse<K>>;
};
