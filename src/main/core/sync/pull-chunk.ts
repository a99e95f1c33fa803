/**
 * One chunk of a first full download (protocol: PullChunkRequest). The renderer asks for the next
 * chunks before the current one is done, so chunks run side by side and share the engine's page
 * limiter and progress.
 */
import type { ApiExpense } from '@shared/kantata/wire';
import type { PullChunkRequest, PullChunkResult } from '@shared/protocol/first-download';
import { isKantataError } from '../kantata/errors';
import type { EngineDeps } from './engine-deps';
import { pullPageRange } from './pull';
import { withBackoff, type Limiter } from './retry';

/** What the chunks of one download share. */
export interface ChunkShared {
  /** Page requests of every chunk in flight. */
  pages: Limiter;
  /** The download's progress so far: chunks fetched side by side must not move the bar backwards. */
  progress: { roundId: string; done: number };
}

/**
 * Each page is retried as in a round; a chunk that cannot be completed answers no records at all,
 * so the renderer never mistakes half a chunk for a whole one.
 */
export async function pullChunk(deps: EngineDeps, shared: ChunkShared, request: PullChunkRequest): Promise<PullChunkResult> {
  const abort = new AbortController();
  const empty = { upserts: [], clientRefs: {}, total: 0, pageCount: 0, cursor: null };
  const attempt = <T>(fn: () => Promise<T>): Promise<T> =>
    withBackoff(deps, fn, {
      signal: abort.signal,
      // Another page of the chunk failed for good: this one stops too.
      onError: (e) => {
        if (abort.signal.aborted) throw e;
      },
    });
  let lastProgress = 0;
  const base = (request.fromPage - 1) * deps.pull.pageSize;
  try {
    const range = await pullPageRange(
      deps.client,
      request.fromPage,
      request.pages,
      request.until ?? null,
      deps.pull,
      abort.signal,
      (records, total) => {
        const now = deps.now();
        const done = Math.min(total, base + records);
        const previous = shared.progress.roundId === request.roundId ? shared.progress.done : 0;
        if (now - lastProgress < 100 || done <= previous) return;
        lastProgress = now;
        shared.progress = { roundId: request.roundId, done };
        deps.onProgress({ roundId: request.roundId, phase: 'pull', done, total });
      },
      (fn) =>
        shared.pages.run(() => attempt(fn)).catch((e: unknown) => {
          // One page failed for good: stop the others of the chunk.
          abort.abort();
          throw e;
        }),
    );
    const byId = new Map<string, ApiExpense>();
    for (const record of range.records) {
      const seen = byId.get(record.id);
      if (!seen || Date.parse(record.updated_at) >= Date.parse(seen.updated_at)) byId.set(record.id, record);
    }
    return {
      status: 'ok',
      upserts: [...byId.values()],
      clientRefs: Object.fromEntries(range.clientRefs),
      ...(range.receipts.size > 0 && { receipts: [...range.receipts.values()] }),
      total: range.total,
      pageCount: range.pageCount,
      cursor: range.cursor,
      message: null,
    };
  } catch (e) {
    if (!isKantataError(e)) throw e;
    return { ...empty, status: e.kind === 'auth' ? 'auth-required' : 'offline', message: e.message };
  }
}
