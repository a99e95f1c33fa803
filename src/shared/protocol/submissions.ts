/**
 * Expense report submissions in the sync round (see src/shared/protocol/round.ts for the round).
 *
 * - The renderer queues a submission in its submission outbox ('submit', or 'cancel' of one Kantata
 *   has) in one transaction with the submission row. `prepareRound` hands every queued row over as
 *   a `RoundSubmission` (counting `attempts` first, as for expenses), with each expense's local id
 *   and the remote id known then.
 * - Main sends a 'submit' AFTER the creates and updates of the round, once each of its expenses
 *   has a remote id (an expense created in the same round gets it from its settlement). A submit
 *   carries the client id as its external reference, is written to the ledger of sent writes
 *   before the request leaves, and, after an attempt whose answer was lost, is looked up
 *   (GET /expense_report_submissions by external reference) before anything is sent again: while
 *   Kantata may still be committing it, it stays in doubt. A 422 is a settled refusal with
 *   Kantata's message.
 * - Main pulls submissions changed since `submissionCursor` (all of them when null). When a pulled
 *   submission was approved, rejected or cancelled, its expenses are fetched again, so the lock
 *   state arrives in the same round.
 * - One `SubmissionSettlement` per carried outbox row; `settled` removes exactly that row.
 */
import { z } from 'zod';
import type { ApiSubmission } from '../kantata/wire';
import { SyncErrorSchema } from './round-errors';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A server submission as returned; checked for its identity fields only (unknown keys pass). */
export const ApiSubmissionSchema = z.custom<ApiSubmission>(
  (v) => isRecord(v) && typeof v.id === 'string' && typeof v.updated_at === 'string' && typeof v.status === 'string',
  { message: 'expected a Kantata expense report submission' },
);

export const RoundSubmissionSchema = z.object({
  /** The submission outbox row's seq. */
  seq: z.number().int(),
  /** The submission's client id: its local key and its external reference. */
  submissionId: z.string().min(1),
  kind: z.enum(['submit', 'cancel']),
  at: z.number(),
  /** Earlier rounds this row was handed over in. */
  attempts: z.number().int().min(0),
  workspaceId: z.string(),
  title: z.string(),
  comment: z.string(),
  /** Each expense's local id and the remote id known when the round started (null: not created yet). */
  expenses: z.array(z.object({ id: z.string(), remoteId: z.string().nullable() })),
  /** Kantata's id once known (required to cancel). */
  remoteId: z.string().nullable(),
  /** The resolution description sent with a cancel. */
  reason: z.string().optional(),
  /** Local ms before which trying again is pointless (a persistent failure's backoff). */
  notBefore: z.number().optional(),
});
export type RoundSubmission = z.infer<typeof RoundSubmissionSchema>;

export const SubmissionOutcomeSchema = z.enum([
  'submitted', // created in Kantata
  'adopted', // an earlier attempt had reached Kantata: found by its external reference
  'cancelled', // the cancel went through (or Kantata already had it cancelled)
  'error', // refused by Kantata (422 with its message, 403...): settled, the user decides
  'pending', // not sent or not finished this round (settled false)
]);
export type SubmissionOutcome = z.infer<typeof SubmissionOutcomeSchema>;

export const SubmissionSettlementSchema = z.object({
  seq: z.number().int(),
  submissionId: z.string(),
  kind: z.enum(['submit', 'cancel']),
  settled: z.boolean(),
  outcome: SubmissionOutcomeSchema,
  /** The server record after the round, when known. */
  server: ApiSubmissionSchema.nullable(),
  error: SyncErrorSchema.nullable(),
});
export type SubmissionSettlement = z.infer<typeof SubmissionSettlementSchema>;

export const PulledSubmissionsSchema = z.object({
  /** Submissions changed since the cursor (and those settled this round). */
  upserts: z.array(ApiSubmissionSchema),
  /** remote id -> client id, for submissions carrying this app's external reference. */
  clientRefs: z.record(z.string(), z.string()),
  complete: z.boolean(),
});
export type PulledSubmissions = z.infer<typeof PulledSubmissionsSchema>;
