/**
 * Pull: expenses changed on the server since the cursor (with an overlap, deduplicated), or all of
 * them on the first download; and id reconciliation to find remote deletes (Kantata hard-deletes,
 * so a vanished id is the only sign).
 */
import type { ApiAttachment, ApiExpense } from '@shared/kantata/wire';
import type { ReceiptAttachment } from '@shared/protocol/receipt-attachments';
import { idListChunks, type KantataClient, type ExpensePage, type Query } from '../kantata/client';
import { runPool } from './retry';

export interface PullOptions {
  pageSize: number;
  /**
   * Subtracted from the cursor. Kantata stamps `updated_at` to the second, does not say whether
   * `updated_after` is inclusive, and may commit a request up to its 3-minute limit after stamping
   * it: the overlap covers all three (records seen again are deduplicated).
   */
  overlapMs: number;
  concurrency: number;
}

/**
 * A first download is latency-bound (250 pages for 50,000 expenses): pages after the first are
 * fetched 8 at a time (sync bench: 4 -> 8 cut the engine's part of a 50k download from ~15 s to
 * ~11 s at 100 ms latency; 16 gained nothing more, the server's own time per page was the limit).
 */
export const DEFAULT_PULL: PullOptions = { pageSize: 200, overlapMs: 210_000, concurrency: 8 };

export interface PullOutcome {
  records: Map<string, ApiExpense>;
  clientRefs: Map<string, string>;
  /** The pulled records' receipt attachments, by attachment id. */
  receipts: Map<string, ReceiptAttachment>;
  /** The listing's upper bound `updated_before` (ISO): the next pull's cursor. */
  cursor: string | null;
  /** True when every record of the listing was seen (always, once the pull completes). */
  consistent: boolean;
}

type Fetch = (query: Query) => Promise<ExpensePage & { serverDate: number | null }>;
type Attempt = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * Kantata pages by offset, so a record deleted while the client pages shifts every later record
 * one place forward and one of them would never be fetched, while a create elsewhere keeps the
 * count the same. A listing of one page is one answer and cannot skip anything. A longer one is
 * bounded by `updated_before` a server time already passed (the first page's `Date`): such a
 * listing can only SHRINK while it is paged (new records and records edited meanwhile fall
 * outside it and are pulled next time), so
 * - equal counts on every page prove nothing changed, and
 * - pages fetched one at a time from the last to the first can never skip a record (a record only
 *   moves to lower pages, one step per removal, and the pages fetched move down one step at a time).
 */
async function fetchListing(
  fetchPage: (page: number, until: string | null) => ReturnType<Fetch>,
  keep: (page: ExpensePage) => void,
  concurrency: number,
  onPage: (total: number) => void,
  /** A server time certainly passed, for when the server sends no Date header. */
  passed: () => number,
): Promise<{ cursor: string }> {
  const open = await fetchPage(1, null);
  if (open.meta.page_count <= 1) {
    keep(open);
    onPage(open.meta.count);
    return { cursor: new Date(open.serverDate ?? Math.floor(passed() / 1000) * 1000).toISOString() };
  }
  const until = new Date(open.serverDate ?? Math.floor(passed() / 1000) * 1000).toISOString();
  const first = await fetchPage(1, until);
  keep(first);
  const total = first.meta.count;
  let latest = first.meta;
  onPage(total);
  let consistent = true;
  const pages = Array.from({ length: Math.max(0, first.meta.page_count - 1) }, (_, i) => i + 2);
  await runPool(
    pages.map((page) => async () => {
      const next = await fetchPage(page, until);
      if (next.meta.count !== total) consistent = false;
      if (next.meta.count < latest.count) latest = next.meta;
      keep(next);
      onPage(total);
    }),
    concurrency,
  );
  if (!consistent) {
    // The listing shrank while it was paged: walk it again from its last page down to the first.
    for (let page = Math.max(1, latest.page_count); page >= 1; page--) {
      const got = await fetchPage(page, until);
      keep(got);
      onPage(got.meta.count);
    }
  }
  return { cursor: until };
}

export async function pullExpenses(
  client: KantataClient,
  cursor: string | null,
  opts: PullOptions,
  signal: AbortSignal,
  onPage: (done: number, total: number) => void,
  /** Wraps each request (retries). */
  attempt: Attempt,
): Promise<PullOutcome> {
  const base: Query = { per_page: opts.pageSize, order: 'created_at:asc' };
  if (cursor !== null) base.updated_after = new Date(Date.parse(cursor) - opts.overlapMs).toISOString();
  const fetchPage = (page: number, until: string | null): ReturnType<Fetch> =>
    attempt(() => client.expensesPage({ ...base, ...(until !== null && { updated_before: until }), page }, signal));

  const records = new Map<string, ApiExpense>();
  const clientRefs = new Map<string, string>();
  const receipts = new Map<string, ReceiptAttachment>();
  const keep = (page: ExpensePage): void => {
    for (const record of page.items) {
      const seen = records.get(record.id);
      if (!seen || Date.parse(record.updated_at) >= Date.parse(seen.updated_at)) records.set(record.id, record);
    }
    for (const [remoteId, clientId] of page.clientRefs) clientRefs.set(remoteId, clientId);
    keepReceipts(receipts, page);
  };
  const listing = await fetchListing(fetchPage, keep, opts.concurrency, (total) => onPage(records.size, total), () => client.serverTimePassed() ?? Date.now());
  return { records, clientRefs, receipts, cursor: listing.cursor, consistent: true };
}

/** The four attachment fields the duplicate check keeps (src/shared/protocol/receipt-attachments.ts). */
export function receiptAttachment(a: ApiAttachment): ReceiptAttachment {
  return { id: String(a.id), filename: String(a.filename ?? ''), filesize: Math.max(0, Math.trunc(a.filesize)), url: a.url };
}

function keepReceipts(into: Map<string, ReceiptAttachment>, page: ExpensePage): void {
  for (const [id, attachment] of page.receipts ?? []) into.set(id, receiptAttachment(attachment));
}

/** The ids among `remoteIds` that no longer exist on the server (`only=` lists of at most 200, kept short). */
export async function findDeletedIds(
  client: KantataClient,
  remoteIds: readonly string[],
  signal: AbortSignal,
  concurrency: number,
  attempt: Attempt,
  onChunk: (done: number, total: number) => void,
): Promise<{ deleted: string[]; present: Map<string, ApiExpense> }> {
  const unique = [...new Set(remoteIds)];
  const present = new Map<string, ApiExpense>();
  const chunks = idListChunks(unique, 200);
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
  receipts: Map<string, ReceiptAttachment>;
  /** meta.count and meta.page_count as every page of the range reported them; -1 when they differed. */
  total: number;
  pageCount: number;
  /** The download's upper bound `updated_before` (ISO): its cursor, and the `until` of its other chunks. */
  cursor: string;
}

/**
 * Pages `fromPage`..`fromPage + pages - 1` of a full download, `opts.concurrency` at a time, all
 * bounded by the same `updated_before` (`until`, chosen for the first chunk when absent; see
 * `fetchListing`): the listing can only shrink while it is paged, so equal counts on every
 * page of every chunk prove no record was skipped.
 */
export async function pullPageRange(
  client: KantataClient,
  fromPage: number,
  pages: number,
  until: string | null,
  opts: PullOptions,
  signal: AbortSignal,
  onPage: (records: number, total: number) => void,
  attempt: Attempt,
): Promise<PageRangeOutcome> {
  const fetchPage = (page: number, bound: string | null): ReturnType<Fetch> =>
    attempt(() =>
      client.expensesPage({ per_page: opts.pageSize, order: 'created_at:asc', ...(bound !== null && { updated_before: bound }), page }, signal),
    );
  let upper = until;
  const byPage = new Map<number, ExpensePage>();
  let total: number | null = null;
  let pageCount: number | null = null;
  let records = 0;
  const keep = (page: number, got: ExpensePage): void => {
    total = total === null || total === got.meta.count ? got.meta.count : -1;
    pageCount = pageCount === null || pageCount === got.meta.page_count ? got.meta.page_count : -1;
    byPage.set(page, got);
    records += got.items.length;
    onPage(records, got.meta.count);
  };
  let rest = Array.from({ length: pages }, (_, i) => fromPage + i);
  if (upper === null && fromPage !== 1) upper = new Date(Math.floor((client.serverTimePassed() ?? Date.now()) / 1000) * 1000).toISOString();
  if (upper === null) {
    // The download's first chunk: one page is the whole download; otherwise its Date bounds them all.
    const open = await fetchPage(1, null);
    const passed = open.serverDate ?? Math.floor((client.serverTimePassed() ?? Date.now()) / 1000) * 1000;
    upper = new Date(passed).toISOString();
    if (open.meta.page_count <= 1) {
      keep(1, open);
      rest = [];
    } else {
      keep(1, await fetchPage(1, upper));
      rest = rest.slice(1).filter((page) => page <= Math.max(1, pageCount ?? 1));
    }
  }
  const bound = upper;
  await runPool(
    rest.map((page) => async () => keep(page, await fetchPage(page, bound))),
    opts.concurrency,
  );
  const out: ApiExpense[] = [];
  const clientRefs = new Map<string, string>();
  const receipts = new Map<string, ReceiptAttachment>();
  for (const page of [...byPage.keys()].sort((a, b) => a - b)) {
    const got = byPage.get(page)!;
    out.push(...got.items);
    for (const [remoteId, clientId] of got.clientRefs) clientRefs.set(remoteId, clientId);
    keepReceipts(receipts, got);
  }
  return { records: out, clientRefs, receipts, total: total ?? 0, pageCount: pageCount ?? 0, cursor: bound };
}
