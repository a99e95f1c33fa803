import { originOf } from '@shared/app-origin';

/** What an IPC event tells about the frame that sent it (Electron: `event.senderFrame`). */
export interface SenderFrameLike {
  url: string;
  /** Null for a top-level frame. */
  parent: unknown;
}

/**
 * Only top-level frames of our own renderer origin may call main. A null frame (navigated away
 * or destroyed) and any sub-frame are refused: nothing we load embeds frames, so a sub-frame
 * calling would be something injected.
 */
export function isTrustedSender(frame: SenderFrameLike | null | undefined, trustedOrigins: readonly string[]): boolean {
  if (!frame || frame.parent !== null) return false;
  const origin = originOf(frame.url);
  return origin !== undefined && trustedOrigins.some((trusted) => trusted.toLowerCase() === origin);
}
