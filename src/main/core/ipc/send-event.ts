import { z } from 'zod';
import { eventChannelOf, events, type EventName, type EventPayload } from '@shared/contract';

/** The part of Electron's `WebContents` that events are sent through. */
export interface WebContentsLike {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/**
 * Sends a contract event to one renderer after checking its payload against the contract.
 * Returns false when the target is already gone (a closed window is not an error). A payload
 * outside the contract is a bug in main: it throws instead of sending it.
 */
export function sendEvent<E extends EventName>(target: WebContentsLike, name: E, payload: EventPayload<E>): boolean {
  const parsed = events[name].safeParse(payload);
  if (!parsed.success) {
    throw new TypeError(`event "${name}" payload is outside the contract: ${z.prettifyError(parsed.error)}`);
  }
  if (target.isDestroyed()) return false;
  target.send(eventChannelOf(name), parsed.data);
  return true;
}
