/**
 * One log line per sync round: what was sent and pulled, how it ended, how long it took, and every
 * error the user will see on an expense (with the expense id and the server's words). Expense
 * contents (notes, amounts) are not logged: ids, counts and error messages are enough to follow a
 * round, and receipts never pass through here.
 */
import type { SyncRoundRequest, SyncRoundResult } from '@shared/protocol/round';
import type { Log } from './log';

export interface RoundSummary {
  roundId: string;
  status: SyncRoundResult['status'];
  durationMs: number;
  requests: number;
  outbox: number;
  pulled: { upserts: number; deleted: number; complete: boolean; full: boolean };
  /** Settlements per outcome, e.g. { created: 3, error: 1 }. */
  outcomes: Record<string, number>;
  conflicts: number;
  nextAttemptAt: number | null;
}

export function summariseRound(request: SyncRoundRequest, result: SyncRoundResult): RoundSummary {
  const outcomes: Record<string, number> = {};
  for (const settlement of result.settlements) outcomes[settlement.outcome] = (outcomes[settlement.outcome] ?? 0) + 1;
  return {
    roundId: result.roundId,
    status: result.status,
    durationMs: result.stats.finishedAt - result.stats.startedAt,
    requests: result.stats.requests,
    outbox: request.outbox.length,
    pulled: {
      upserts: result.pulled.upserts.length,
      deleted: result.pulled.deletedRemoteIds.length,
      complete: result.pulled.complete,
      full: result.pulled.full,
    },
    outcomes,
    conflicts: result.conflicts.length,
    nextAttemptAt: result.nextAttemptAt,
  };
}

/** Wraps the syncRound handler so every round, finished or failed, leaves its line. */
export function loggedRounds(
  syncRound: (request: SyncRoundRequest) => Promise<SyncRoundResult>,
  log: Log,
): (request: SyncRoundRequest) => Promise<SyncRoundResult> {
  return async (request) => {
    const started = Date.now();
    try {
      const result = await syncRound(request);
      const summary = summariseRound(request, result);
      const level = result.status === 'ok' ? 'info' : 'warn';
      log[level](`round ${summary.roundId} ${summary.status} in ${summary.durationMs} ms`, summary);
      for (const settlement of result.settlements) {
        if (settlement.error) {
          log.warn(`round ${summary.roundId}: expense ${settlement.expenseId} ${settlement.outcome}: ${settlement.error.kind}: ${settlement.error.message}`, {
            remoteId: settlement.remoteId,
            field: settlement.error.field ?? null,
          });
        }
      }
      return result;
    } catch (error) {
      log.error(`round ${request.roundId} failed after ${Date.now() - started} ms (outbox ${request.outbox.length})`, error);
      throw error;
    }
  };
}
