/**
 * The first full download (no pull cursor yet), pipelined: main fetches the next chunks (page
 * ranges, `syncPullChunk`) while this side applies chunk k in its own transaction. For 50,000
 * expenses the download (network-bound) and the IndexedDB writes then overlap instead of adding up.
 *
 * Crash safety: the cursor is written only with the last chunk, and only when every chunk saw the
 * same server total. Every chunk lists the records last changed before one bound (`until`, the
 * first chunk's cursor), a set that can only shrink while it is paged: the same total on every
 * page proves no record was skipped (main's sync/pull.ts). Until then the database has no
 * cursor, so an interrupted download simply starts again; every chunk goes through planLocalApply,
 * which finds rows already stored (no duplicates) and never overwrites a pending local change.
 */
import type { PullChunkRequest, PullChunkResult } from '@shared/protocol/first-download';
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
  /** Time spent waiting for main's chunks (ms); the rest of the download went to storing them. */
  waitMs: number;
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

/**
 * Chunk transactions allowed in flight at once. Each `put` serializes its row on this thread; the
 * write itself happens in IndexedDB's backend. Starting chunk k+1's transaction while chunk k's is
 * still committing lets the two overlap (IndexedDB runs them one after the other, in order).
 */
const APPLIES_IN_FLIGHT = 2;

/**
 * Chunk requests kept outstanding while a chunk is applied. Main shares its pull concurrency
 * between them, so its page requests flow without a gap at each chunk's end.
 */
const CHUNKS_AHEAD = 2;

/** Applies in flight, oldest first; their failures are kept until awaited (no unhandled rejection). */
class ApplyQueue {
  private readonly inFlight: Promise<{ puts: number } | { error: unknown }>[] = [];
  puts = 0;

  add(apply: Promise<{ puts: number }>): void {
    this.inFlight.push(apply.catch((error: unknown) => ({ error })));
  }

  /** Waits until at most `keep` applies are in flight; rethrows the first failure. */
  async drain(keep = 0): Promise<void> {
    while (this.inFlight.length > keep) {
      const settled = await this.inFlight.shift()!;
      if ('error' in settled) {
        await Promise.all(this.inFlight.splice(0));
        throw settled.error;
      }
      this.puts += settled.puts;
    }
  }
}

export async function firstDownload(
  db: CourierDatabase,
  port: PullChunkPort,
  roundId: string,
  pagesPerChunk: number = FIRST_DOWNLOAD_PAGES_PER_CHUNK,
): Promise<FirstDownloadOutcome> {
  const applies = new ApplyQueue();
  let waitMs = 0;
  const wait = async (request: Promise<Settled>): Promise<Settled> => {
    const started = performance.now();
    const settled = await request;
    waitMs += performance.now() - started;
    return settled;
  };
  // Every exit waits for the chunks already handed to IndexedDB: they are stored (or failed) by then.
  const incomplete = async (message: string | null): Promise<FirstDownloadOutcome> => {
    await applies.drain();
    return { status: 'incomplete', puts: applies.puts, waitMs, message };
  };
  const fail = async (error: unknown): Promise<never> => {
    await applies.drain();
    throw error;
  };

  const first = await wait(ask(port, { roundId, fromPage: 1, pages: pagesPerChunk }));
  if ('error' in first) throw first.error;
  if (first.ok.status !== 'ok') return incomplete(first.ok.message);
  const { total, pageCount, cursor } = first.ok;
  if (total < 0 || pageCount < 0) return incomplete('The server changed while downloading.');

  // Read once, then grown chunk by chunk: rounds do not run meanwhile, and other windows only add
  // rows that have no remote id yet.
  const known = await readKnownRemoteIds(db);
  let chunk = first.ok;
  let nextPage = 1 + pagesPerChunk;
  const ahead: Promise<Settled>[] = [];
  const askAhead = (): void => {
    for (; ahead.length < CHUNKS_AHEAD && nextPage <= pageCount; nextPage += pagesPerChunk) {
      // Every chunk lists the same set: the records last changed before the first chunk's bound.
      ahead.push(ask(port, { roundId, fromPage: nextPage, pages: Math.min(pagesPerChunk, pageCount - nextPage + 1), ...(cursor !== null && { until: cursor }) }));
    }
  };
  askAhead();
  for (;;) {
    const last = ahead.length === 0;
    // Which of this chunk's records may already be stored, decided now: the set grows before the
    // transaction runs. A record seen in an earlier chunk is read inside this chunk's transaction,
    // which IndexedDB starts only after the earlier one committed.
    const mayBeStored = new Set<string>();
    for (const record of chunk.upserts) {
      if (known.has(record.id)) mayBeStored.add(record.id);
      known.add(record.id);
    }
    // The cursor goes with the last chunk, in the same transaction: all stored, or no cursor. So the
    // last chunk starts only once every earlier one is stored (IndexedDB would run it even after an
    // earlier chunk failed, and the cursor would then skip that chunk's expenses for good).
    if (last) await applies.drain();
    applies.add(applyPulledChunk(db, chunk, last ? cursor : null, mayBeStored));
    await applies.drain(APPLIES_IN_FLIGHT - 1);
    if (last) break;
    const settled = await wait(ahead.shift()!);
    askAhead();
    if ('error' in settled) return fail(settled.error);
    if (settled.ok.status !== 'ok') return incomplete(settled.ok.message);
    if (settled.ok.total !== total || settled.ok.pageCount !== pageCount) return incomplete('The server changed while downloading.');
    chunk = settled.ok;
  }
  await applies.drain();
  return cursor === null ? incomplete('The server sent no time to continue from.') : { status: 'done', puts: applies.puts, waitMs, message: null };
}
