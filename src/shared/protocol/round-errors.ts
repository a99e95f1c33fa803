/**
 * How a sync request failed, as the round protocol reports it (src/shared/protocol/round.ts); its
 * own module so that the submission part of the protocol (submissions.ts) can share it.
 */
import { z } from 'zod';

export const SyncErrorKindSchema = z.enum([
  'validation',
  'forbidden',
  'locked',
  'not-found',
  'rate-limited',
  'unavailable',
  'network',
  'timeout',
  'auth',
  'unsupported',
  'unknown',
]);
export type SyncErrorKind = z.infer<typeof SyncErrorKindSchema>;

export const SyncErrorSchema = z.object({
  kind: SyncErrorKindSchema,
  message: z.string(),
  /** The app's field name when the server named one (validation), else null. */
  field: z.string().nullable(),
  retryable: z.boolean(),
  /** Local wall-clock ms before which a retry is pointless (Retry-After, backoff), or null. */
  retryAt: z.number().nullable(),
});
export type SyncError = z.infer<typeof SyncErrorSchema>;
