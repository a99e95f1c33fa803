/**
 * Whether the connected Kantata server answers, for the scheduler's "online again?" check. An
 * authenticated, documented request (GET /users/me) through the same client, and so the same
 * network stack, proxy and certificates, as sync: a probe that succeeds where sync would fail
 * (or the reverse) would leave the app showing the wrong state.
 */
import type { KantataClient } from './client';
import { isKantataError } from './errors';

export const PROBE_TIMEOUT_MS = 5_000;

export async function isKantataReachable(client: KantataClient, timeoutMs: number = PROBE_TIMEOUT_MS): Promise<boolean> {
  try {
    await client.me(AbortSignal.timeout(timeoutMs));
    return true;
  } catch (error) {
    // Any answer from the server itself counts (a 401 pauses sync in the round, not here).
    if (!isKantataError(error)) return false;
    return !(error.kind === 'network' || error.kind === 'timeout' || error.kind === 'aborted');
  }
}
