/**
 * The steps of one round on the renderer's side, as the sync executor runs them (and the sync bench
 * measures them): the pipelined first download when there is no cursor yet (and main offers it),
 * then prepare → `syncRound` → apply. After a complete first download the round does not pull
 * again (push only), and reconciling ids is pointless when the database held no server rows before.
 */
import type { PullChunkRequest, PullChunkResult } from '@shared/protocol/first-download';
import type { SyncRoundRequest, SyncRoundResult } from '@shared/protocol/round';
import type { CourierDatabase } from '@renderer/db/database';
import { firstDownload, type FirstDownloadOutcome } from './first-download';
import { applyRoundResult, prepareRound, readCursor, type ApplySummary } from './round-db';

export interface RoundStepsPort {
  syncRound(request: SyncRoundRequest): Promise<SyncRoundResult>;
  /** Optional: without it, a first download is one ordinary round. */
  syncPullChunk?(request: PullChunkRequest): Promise<PullChunkResult>;
}

export interface RoundRun {
  request: SyncRoundRequest;
  result: SyncRoundResult;
  summary: ApplySummary;
  download: FirstDownloadOutcome | null;
  /** True when ids were reconciled, or the download made that needless. */
  reconciled: boolean;
  timings: { downloadMs: number; prepareMs: number; callMs: number; applyMs: number };
}

export async function runRoundSteps(
  db: CourierDatabase,
  port: RoundStepsPort,
  opts: { roundId: string; reconcile: boolean; now?: () => number },
): Promise<RoundRun> {
  const now = opts.now ?? Date.now;
  const t0 = performance.now();
  let download: FirstDownloadOutcome | null = null;
  let reconcile = opts.reconcile;
  let skipPull = false;
  if (port.syncPullChunk && (await readCursor(db)) === null) {
    const hadServerRows = (await db.expenses.orderBy('remoteId').limit(1).keys()).length > 0;
    const syncPullChunk = port.syncPullChunk.bind(port);
    download = await firstDownload(db, { syncPullChunk }, opts.roundId);
    if (download.status === 'done') {
      skipPull = true;
      if (!hadServerRows) reconcile = false;
    }
  }
  const t1 = performance.now();
  const request = await prepareRound(db, { roundId: opts.roundId, reconcile, skipPull });
  const t2 = performance.now();
  const result = await port.syncRound(request);
  const t3 = performance.now();
  const summary = await applyRoundResult(db, result, now());
  const t4 = performance.now();
  if (download) summary.puts += download.puts;
  return {
    request,
    result,
    summary,
    download,
    reconciled: opts.reconcile,
    timings: { downloadMs: t1 - t0, prepareMs: t2 - t1, callMs: t3 - t2, applyMs: t4 - t3 },
  };
}
