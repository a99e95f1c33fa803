/**
 * Pull: expenses changed on the server since the cursor (with an overlap, deduplicated), or all of
 * them on the first download; and id reconciliation to find remote deletes (Kantata hard-deletes,
 * so a vanished id is the only sign).
 */
import type { ApiExpense } from '@shared/kantata/wire';
import type { KantataClient, ExpensePage, Query } from '../kantata/client';
import { runPool } from './retry';

export interface PullOptions {
  pageSize: number;
  /** Subtracted from the cursor: the API does not say whether updated_after is inclusive, and clocks race. */
  overlapMs: number;
  concurrency: number;
}

/**
 * A first download is latency-bound (250 pages for 50,000 expenses): pages after the first are
 * fetched 8 at a time (sync bench: 4 -> 8 cut the engine's part of a 50k download from ~15 s to
 * ~11 s at 100 ms latency; 16 gained nothing more, the server's own time per page was the limit).
 */
export const DEFAULT_PULL: PullOptions = { pageSize: 200, overlapMs: 60_000, concurrency: 8 };

export interface PullOutcome {
  records: Map<string, ApiExpense>;
  clientRefs: Map<string, string>;
  /** Server time when the pull began (ISO), or null when the server sent no Date header. */
  cursor: string | null;
  /** False when the result set shifted while paging (the cursor should then not advance). */
  consistent: boolean;
}

type Fetch = (query: Query) => Promise<ExpensePage & { serverDate: number | null }>;

export async function pullExpenses(
  client: KantataClient,
  cursor: string | null,
  opts: PullOptions,
  signal: AbortSignal,
  onPage: (done: number, total: number) => void,
  /** Wraps each request (retries). */
  attempt: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<PullOutcome> {
  const base: Query = { per_page: opts.pageSize, order: 'created_at:asc' };
  if (cursor !== null) base.updated_after = new Date(Date.parse(cursor) - opts.overlapMs).toISOString();
  const fetchPage: Fetch = (query) => attempt(() => client.expensesPage({ ...base, ...query }, signal));

  const records = new Map<string, ApiExpense>();
  const clientRefs = new Map<string, string>();
  const keep = (page: ExpensePage): void => {
    for (const record of page.items) {
      const seen = records.get(record.id);
      if (!seen || Date.parse(record.updated_at) >= Date.parse(seen.updated_at)) records.set(record.id, record);
    }
    for (const [remoteId, clientId] of page.clientRefs) clientRefs.set(remoteId, clientId);
  };

  const first = await fetchPage({ page: 1 });
  const startedAt = first.serverDate;
  keep(first);
  const total = first.meta.count;
  onPage(records.size, total);
  let consistent = true;
  const pages = Array.from({ length: Math.max(0, first.meta.page_count - 1) }, (_, i) => i + 2);
  await runPool(
    pages.map((page) => async () => {
      const next = await fetchPage({ page });
      if (next.meta.count !== total) consistent = false;
      keep(next);
      onPage(records.size, total);
    }),
    opts.concurrency,
  );
  return { records, clientRefs, cursor: startedAt === null ? null : new Date(startedAt).toISOString(), consistent };
}

/** The ids among `remoteIds` that no longer exist on the server (chunks of 200 with `only=`). */
export async function findDeletedIds(
  client: KantataClient,
  remoteIds: readonly string[],
  signal: AbortSignal,
  concurrency: number,
  attempt: <T>(fn: () => Promise<T>) => Promise<T>,
  onChunk: (done: number, total: number) => void,
): Promise<{ deleted: string[]; present: Map<string, ApiExpense> }> {
  const unique = [...new Set(remoteIds)];
  const present = new Map<string, ApiExpense>();
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += 200) chunks.push(unique.slice(i, i + 200));
  let done = 0;
  await runPool(
    chunks.map((chunk) => async () => {
      const page = await attempt(() => client.expensesByIds(chunk, signal));
      for (const record of page.items) present.set(record.id, record);
      done += chunk.length;
      onChunk(done, unique.length);
    }),
    concurrency,
  );
  return { deleted: unique.filter((id) => !present.has(id)), present };
}

export interface PageRangeOutcome {
  records: ApiExpense[];
  clientRefs: Map<string, string>;
  /** meta.count and meta.page_count as every page of the range reported them; -1 when they differed. */
  total: number;
  pageCount: number;
  /** Server time of the range's first page (ISO), or null when the server sent no Date header. */
  cursor: string | null;
}

/**
 * Pages `fromPage`..`fromPage + pages - 1` of a full download (same query as `pullExpenses` with
 * no cursor), `opts.concurrency` at a time. Page 1 goes alone first: its Date header is the
 * cursor of the whole download, taken before any record of it was read.
 */
export async function pullPageRange(
  client: KantataClient,
  fromPage: number,
  pages: number,
  opts: PullOptions,
  signal: AbortSignal,
  onPage: (records: number, total: number) => void,
  attempt: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<PageRangeOutcome> {
  const fetchPage = (page: number): ReturnType<Fetch> =>
    attempt(() => client.expensesPage({ per_page: opts.pageSize, order: 'created_at:asc', page }, signal));
  const byPage = new Map<number, ExpensePage>();
  let cursor: string | null = null;
  let total: number | null = null;
  let pageCount: number | null = null;
  let records = 0;
  const keep = (page: number, got: ExpensePage & { serverDate: number | null }): void => {
    if (page === fromPage && got.serverDate !== null) cursor = new Date(got.serverDate).toISOString();
    total = total === null || total === got.meta.count ? got.meta.count : -1;
    pageCount = pageCount === null || pageCount === got.meta.page_count ? got.meta.page_count : -1;
    byPage.set(page, got);
    records += got.items.length;
    onPage(records, got.meta.count);
  };
  let rest = Array.from({ length: pages }, (_, i) => fromPage + i);
  if (fromPage === 1) {
    keep(1, await fetchPage(1));
    rest = rest.slice(1).filter((page) => page <= Math.max(1, pageCount ?? 1));
  }
  await runPool(
    rest.map((page) => async () => keep(page, await fetchPage(page))),
    opts.concurrency,
  );
  const out: ApiExpense[] = [];
  const clientRefs = new Map<string, string>();
  for (const page of [...byPage.keys()].sort((a, b) => a - b)) {
    const got = byPage.get(page)!;
    out.push(...got.items);
    for (const [remoteId, clientId] of got.clientRefs) clientRefs.set(remoteId, clientId);
  }
  return { records: out, clientRefs, total: total ?? 0, pageCount: pageCount ?? 0, cursor };
}
