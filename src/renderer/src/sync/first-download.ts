/**
 * The first full download (no pull cursor yet), pipelined: main fetches chunk k+1 (a page range,
 * `syncPullChunk`) while this side applies chunk k in its own transaction. For 50,000 expenses the
 * download (network-bound) and the IndexedDB writes (disk-bound) then overlap instead of adding up.
 *
 * Crash safety: the cursor is written only with the last chunk, and only when every chunk saw the
 * same server total (nothing was created or deleted while paging). Until then the database has no
 * cursor, so an interrupted download simply starts again; every chunk goes through planLocalApply,
 * which finds rows already stored (no duplicates) and never overwrites a pending local change.
 */
import type { PullChunkRequest, PullChunkResult } from '@shared/sync-protocol';
import type { CourierDatabase } from '@renderer/db/database';
import { applyPulledChunk, readKnownRemoteIds } from './round-db';

/** 16 pages of 200: two waves of main's 8 concurrent page requests per chunk. */
export const FIRST_DOWNLOAD_PAGES_PER_CHUNK = 16;

export interface PullChunkPort {
  syncPullChunk(request: PullChunkRequest): Promise<PullChunkResult>;
}

export interface FirstDownloadOutcome {
  /** 'done': everything stored and the cursor written; 'incomplete': a normal round must pull (no cursor written). */
  status: 'done' | 'incomplete';
  puts: number;
  /** Time spent in the chunks' apply transactions (ms). */
  applyMs: number;
  message: string | null;
}

type Settled = { ok: PullChunkResult } | { error: unknown };

/** A chunk request whose failure is kept for later (it is awaited only after the current apply). */
function ask(port: PullChunkPort, request: PullChunkRequest): Promise<Settled> {
  return port.syncPullChunk(request).then(
    (ok) => ({ ok }),
    (error: unknown) => ({ error }),
  );
}

export async function firstDownload(
  db: CourierDatabase,
  port: PullChunkPort,
  roundId: string,
  pagesPerChunk: number = FIRST_DOWNLOAD_PAGES_PER_CHUNK,
): Promise<FirstDownloadOutcome> {
  let puts = 0;
  let applyMs = 0;
  const incomplete = (message: string | null): FirstDownloadOutcome => ({ status: 'incomplete', puts, applyMs, message });

  const first = await ask(port, { roundId, fromPage: 1, pages: pagesPerChunk });
  if ('error' in first) throw first.error;
  if (first.ok.status !== 'ok') return incomplete(first.ok.message);
  const { total, pageCount, cursor } = first.ok;
  if (total < 0 || pageCount < 0) return incomplete('The server changed while downloading.');

  // Read once, then grown chunk by chunk: rounds do not run meanwhile, and other windows only add
  // rows that have no remote id yet.
  const known = await readKnownRemoteIds(db);
  let chunk = first.ok;
  let nextPage = 1 + pagesPerChunk;
  for (;;) {
    const next = nextPage <= pageCount ? ask(port, { roundId, fromPage: nextPage, pages: Math.min(pagesPerChunk, pageCount - nextPage + 1) }) : null;
    nextPage += pagesPerChunk;
    const started = performance.now();
    // The cursor goes with the last chunk, in the same transaction: all stored, or no cursor.
    puts += (await applyPulledChunk(db, chunk, next === null ? cursor : null, known)).puts;
    for (const record of chunk.upserts) known.add(record.id);
    applyMs += performance.now() - started;
    if (next === null) break;
    const settled = await next;
    if ('error' in settled) throw settled.error;
    if (settled.ok.status !== 'ok') return incomplete(settled.ok.message);
    if (settled.ok.total !== total || settled.ok.pageCount !== pageCount) return incomplete('The server changed while downloading.');
    chunk = settled.ok;
  }
  return cursor === null ? incomplete('The server sent no time to continue from.') : { status: 'done', puts, applyMs, message: null };
}
