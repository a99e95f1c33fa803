/**
 * An expense report submission as the app records it (renderer's Dexie `submissions` table), and
 * the outbox row queued with every submit or cancel (`submissionOutbox`). Protocol:
 * src/shared/protocol/submissions.ts.
 */
import type { ApiSubmission } from '../kantata/wire';
import type { SubmissionStatus } from '../submissions/status';

export interface LocalSubmission {
  /** Client UUID: the key, and the external reference Kantata keeps (made in Kantata: `kantata-sub-<id>`). */
  id: string;
  remoteId: string | null;
  workspaceId: string;
  title: string;
  comment: string;
  /** Local ids of the expenses it holds (those this device knows). */
  expenseIds: string[];
  status: SubmissionStatus;
  /** The report's currency (its project's) and its total in that currency's minor units. */
  currency: string;
  totalCents: number;
  /** The approver's (or canceller's) resolution text, when resolved. */
  resolution: string | null;
  /** Server time (ISO) of the current resolution. */
  resolvedAt: string | null;
  /** Kantata allows cancelling it (or, queued, it can still be taken back here). */
  canCancel: boolean;
  /** Why it waits, or Kantata's refusal; null when there is nothing to say. */
  syncMessage: string | null;
  /** A cancel is queued and not yet confirmed by Kantata. */
  cancelling: boolean;
  /** Local wall-clock ms. */
  createdAt: number;
  updatedAt: number;
  /** The server record as last seen. */
  server: ApiSubmission | null;
}

export interface SubmissionOutboxEntry {
  seq?: number;
  submissionId: string;
  kind: 'submit' | 'cancel';
  /** Local wall-clock ms when the user asked for it. */
  at: number;
  /** Rounds this row was handed to main in. */
  attempts?: number;
  /** For a cancel: the resolution description sent with it. */
  reason?: string;
  /** Not tried again before (local ms): a persistent failure's backoff. */
  notBefore?: number;
}

/** Id of a submission first seen on the server (made in Kantata's web app, or on another device's old install). */
export const localIdForRemoteSubmission = (remoteId: string): string => `kantata-sub-${remoteId}`;
