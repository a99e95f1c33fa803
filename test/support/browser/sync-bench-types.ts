/**
 * What the sync bench's page (sync-bench-page.ts) takes and answers. Types only, so the Node side
 * of the bench can name them without the page's DOM code.
 */
import type { SyncRoundResult } from '@shared/protocol/round';

/** How many of each user action to queue (see test/bench/sync.bench.ts for the mix). */
export interface QueueMix {
  creates: number;
  /** Of the new expenses: edited once after creating. */
  editsOfNew: number;
  /** Of the new expenses (distinct from the edited ones): deleted before any sync. */
  deletesOfNew: number;
  /** Synced expenses edited once... */
  editsOfSynced: number;
  /** ...and, among those, edited a second time. */
  secondEditsOfSynced: number;
  /** Synced expenses deleted; the first `deletesOfEdited` of them are edited ones. */
  deletesOfSynced: number;
  deletesOfEdited: number;
}

export interface RoundMeasure {
  status: SyncRoundResult['status'];
  outboxSent: number;
  prepareMs: number;
  /** From sending the request to the parsed answer in the page (main's work plus transport). */
  callMs: number;
  applyMs: number;
  totalMs: number;
  puts: number;
  outboxRemoved: number;
  outcomes: Record<string, number>;
  firstError: string | null;
  pulled: number;
}
