/**
 * Test tools the harness installs in every page as `globalThis.__courierHarness`: seed and read
 * the app's IndexedDB directly (reference data before an account exists, 100,000 expenses for
 * the benchmark, demo rows for the screenshot). They write rows of the app's own shape
 * (LocalExpense, OutboxEntry), so the app reads them as its own.
 */
import { newLocalExpense, type LocalExpense, type OutboxEntry, type SyncState } from '@shared/model/expense';
import { count, getAll, openExisting, putAll } from './idb';
import { seededRandom } from '../../common/seeded-random';
import type { ReceiptRow } from '@renderer/db/schema';

export interface GenerateSpec {
  count: number;
  workspaces: ReadonlyArray<{ id: string; currency: string }>;
  categories: ReadonlyArray<{ id: string; name: string }>;
  vendorIds?: readonly string[];
  /** Last date expenses fall on (YYYY-MM-DD) and how many days back they spread. */
  endDate: string;
  spanDays: number;
  /** Share of each sync state; whatever is left over is 'synced'. */
  stateShares?: Partial<Record<SyncState, number>>;
  seed?: number;
  /** Receipts to attach: expense i gets receiptIds[i] (see seedReceipts). */
  receiptIds?: readonly string[];
}

const NOTES = [
  'Taxi from the airport',
  'Hotel, two nights',
  'Team lunch with the client',
  'Train to the client site',
  'Parking at the office',
  'Conference ticket',
  'Dinner while travelling',
  'Printer paper and toner',
  'Mobile data abroad',
  'Flight change fee',
];

function uuidFrom(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Deterministic expenses of the app's shape, with an outbox entry for each pending one. */
export function generateExpenses(spec: GenerateSpec): { expenses: LocalExpense[]; outbox: OutboxEntry[] } {
  const next = seededRandom(spec.seed ?? 7);
  const end = Date.parse(`${spec.endDate}T12:00:00Z`);
  const shares = Object.entries(spec.stateShares ?? {}) as Array<[SyncState, number]>;
  const expenses: LocalExpense[] = [];
  const outbox: OutboxEntry[] = [];
  for (let i = 0; i < spec.count; i++) {
    const workspace = spec.workspaces[i % spec.workspaces.length]!;
    const category = spec.categories[Math.floor(next() * spec.categories.length)]!;
    const date = new Date(end - Math.floor(next() * spec.spanDays) * 86_400_000).toISOString().slice(0, 10);
    let pick = next();
    let state: SyncState = 'synced';
    for (const [candidate, share] of shares) {
      if (pick < share) {
        state = candidate;
        break;
      }
      pick -= share;
    }
    const id = uuidFrom(next);
    const at = Date.parse(`${date}T18:00:00Z`);
    expenses.push({
      ...newLocalExpense(
        {
          workspaceId: workspace.id,
          date,
          categoryId: category.id,
          category: category.name,
          amountCents: 500 + Math.floor(next() * 45_000),
          currency: workspace.currency,
          foreignAmount: null,
          notes: NOTES[Math.floor(next() * NOTES.length)]!,
          billable: next() < 0.7,
          reimbursable: next() < 0.8,
          vendorId: spec.vendorIds?.length ? spec.vendorIds[Math.floor(next() * spec.vendorIds.length)]! : null,
          storyId: null,
          expenseBudgetId: null,
          receiptId: spec.receiptIds?.[i] ?? null,
        },
        { id, now: at },
      ),
      // Any other state stands for a row that has been on the server.
      remoteId: state === 'pending' ? null : String(500_000 + i),
      syncState: state,
      syncMessage: state === 'error' ? 'Amount in cents must be greater than 0' : null,
      userCanEdit: state !== 'locked',
    });
    if (state === 'pending') outbox.push({ expenseId: id, kind: 'create', at });
  }
  return { expenses, outbox };
}

const CHUNK = 5_000;

/** Writes rows into the app's existing database, store by store, in chunked transactions. */
export async function seedRows(dbName: string, rowsByStore: Record<string, readonly unknown[]>): Promise<void> {
  const db = await openExisting(dbName);
  try {
    for (const [store, rows] of Object.entries(rowsByStore)) {
      if (!db.objectStoreNames.contains(store)) throw new Error(`the app's database has no "${store}" store`);
      for (let start = 0; start < rows.length; start += CHUNK) await putAll(db, store, rows.slice(start, start + CHUNK));
    }
  } finally {
    db.close();
  }
}

/** Generates and stores expenses in the page; returns how long the IndexedDB writes took. */
export async function seedExpenses(dbName: string, spec: GenerateSpec): Promise<{ count: number; writeMs: number }> {
  const { expenses, outbox } = generateExpenses(spec);
  const started = performance.now();
  await seedRows(dbName, { expenses, outbox });
  return { count: expenses.length, writeMs: performance.now() - started };
}

export interface ReceiptSeedSpec {
  count: number;
  /** Size of each receipt file. */
  bytes: number;
}

/**
 * Stores `count` receipts of random bytes (incompressible, like a prepared photo), one per
 * transaction so the page never holds more than one; returns their ids for `receiptIds`.
 */
export async function seedReceipts(dbName: string, spec: ReceiptSeedSpec): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < spec.count; i++) {
    const bytes = new Uint8Array(spec.bytes);
    // getRandomValues fills at most 64 KiB per call.
    for (let at = 0; at < bytes.byteLength; at += 65_536) crypto.getRandomValues(bytes.subarray(at, at + 65_536));
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    const receipt: ReceiptRow = {
      id: crypto.randomUUID(),
      hash: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''),
      blob: new Blob([bytes], { type: 'image/jpeg' }),
      mime: 'image/jpeg',
      size: bytes.byteLength,
      name: `receipt-${i}.jpg`,
      createdAt: i,
      attachmentId: null,
      thumbnail: null,
      pageCount: null,
    };
    await seedRows(dbName, { receipts: [receipt] });
    ids.push(receipt.id);
  }
  return ids;
}

export async function readRows<T = unknown>(dbName: string, store: string): Promise<T[]> {
  const db = await openExisting(dbName);
  try {
    return await getAll<T>(db, store);
  } finally {
    db.close();
  }
}

export async function countRows(dbName: string, store: string): Promise<number> {
  const db = await openExisting(dbName);
  try {
    return await count(db, store);
  } finally {
    db.close();
  }
}

interface ScrollableElement {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
}

const nextFrame = (): Promise<number> =>
  new Promise((resolve) => (globalThis as unknown as { requestAnimationFrame(cb: (t: number) => void): void }).requestAnimationFrame(resolve));

/**
 * Scrolls the element matching `selector` from the top to `toFraction` of its height, one step
 * per animation frame (`jumpFrames` big jumps, each showing rows never rendered before), then
 * `fineFrames` small wheel-like steps; returns every frame's duration (rAF to rAF) in ms.
 */
export async function scrollFrames(
  selector: string,
  options: { toFraction?: number; jumpFrames?: number; fineFrames?: number; fineStepPx?: number } = {},
): Promise<{ frames: number[]; scrolledTo: number; scrollHeight: number }> {
  const doc = (globalThis as unknown as { document: { querySelector(s: string): ScrollableElement | null } }).document;
  const element = doc.querySelector(selector);
  if (!element) throw new Error(`no scroll container matches ${selector}`);
  const target = (element.scrollHeight - element.clientHeight) * (options.toFraction ?? 0.5);
  const jumps = options.jumpFrames ?? 60;
  const fine = options.fineFrames ?? 120;
  const frames: number[] = [];
  let last = await nextFrame();
  const step = async (top: number): Promise<void> => {
    element.scrollTop = top;
    const now = await nextFrame();
    frames.push(now - last);
    last = now;
  };
  for (let i = 1; i <= jumps; i++) await step((target * i) / jumps);
  for (let i = 1; i <= fine; i++) await step(target + i * (options.fineStepPx ?? 40));
  return { frames, scrolledTo: element.scrollTop, scrollHeight: element.scrollHeight };
}

interface ElementLike {
  textContent: string | null;
}
interface DocumentLike {
  querySelectorAll(selector: string): ArrayLike<ElementLike>;
  addEventListener(type: string, listener: (event: { key?: string }) => void, capture: boolean): void;
  removeEventListener(type: string, listener: (event: { key?: string }) => void, capture: boolean): void;
}
const documentOf = (): DocumentLike => (globalThis as unknown as { document: DocumentLike }).document;

export interface WatchUntil {
  selector: string;
  /** Done when an element matching `selector` contains this text... */
  text?: string;
  /** ...or when the first element matching `selector` no longer has exactly this text. */
  changedFrom?: string;
}

const watches = new Map<string, Promise<number>>();

/**
 * Arms a stopwatch that starts at the next `startEvent` on the document (for keydown: Enter
 * only) and stops at the first animation frame where `until` holds: the time a user waits
 * between an action and seeing its result. Read it with `watchResult(id)`.
 */
export function watchFromEvent(id: string, startEvent: 'keydown' | 'input', until: WatchUntil, timeoutMs = 60_000): void {
  const doc = documentOf();
  watches.set(
    id,
    new Promise<number>((resolve, reject) => {
      let started = -1;
      const holds = (): boolean => {
        const elements = Array.from(doc.querySelectorAll(until.selector));
        if (until.text !== undefined) return elements.some((element) => element.textContent?.includes(until.text!));
        if (until.changedFrom !== undefined) return elements.length > 0 && elements[0]!.textContent !== until.changedFrom;
        return elements.length > 0;
      };
      const poll = (): void => {
        if (holds()) return resolve(performance.now() - started);
        if (performance.now() - started > timeoutMs) return reject(new Error(`watch ${id}: condition not met in ${timeoutMs} ms`));
        (globalThis as unknown as { requestAnimationFrame(cb: () => void): void }).requestAnimationFrame(poll);
      };
      const onStart = (event: { key?: string }): void => {
        if (started >= 0 || (startEvent === 'keydown' && event.key !== 'Enter')) return;
        started = performance.now();
        doc.removeEventListener(startEvent, onStart, true);
        poll();
      };
      doc.addEventListener(startEvent, onStart, true);
    }),
  );
}

interface SessionStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}
const sessionStorageOf = (): SessionStorageLike => (globalThis as unknown as { sessionStorage: SessionStorageLike }).sessionStorage;
const FIRST_SEEN_KEY = 'courier-harness:first-seen';
let firstSeen: Promise<number> | null = null;

/**
 * Arms a watch for the NEXT document in this tab (a reload): from its very start it checks every
 * animation frame for `selector`. Measuring a page load from Node with Playwright's own polling
 * would inject Playwright's large helper script into the page while it loads, slowing the very
 * thing measured (about 40 ms of main thread here).
 */
export function armFirstSeen(selector: string): void {
  sessionStorageOf().setItem(FIRST_SEEN_KEY, selector);
}

/** Runs at document start (./entry.ts); starts the watch when the previous document armed one. */
export function startArmedFirstSeen(timeoutMs = 120_000): void {
  let selector: string | null;
  try {
    const storage = sessionStorageOf();
    selector = storage.getItem(FIRST_SEEN_KEY);
    if (selector) storage.removeItem(FIRST_SEEN_KEY);
  } catch {
    return; // a document without storage (an opaque origin, about:blank): nothing was armed there
  }
  if (!selector) return;
  const doc = documentOf();
  firstSeen = new Promise<number>((resolve, reject) => {
    const poll = (): void => {
      if (doc.querySelectorAll(selector).length > 0) return resolve(performance.now());
      if (performance.now() > timeoutMs) return reject(new Error(`${selector} not seen within ${timeoutMs} ms of navigation`));
      (globalThis as unknown as { requestAnimationFrame(cb: () => void): void }).requestAnimationFrame(poll);
    };
    poll();
  });
}

/** ms from navigation start to the first animation frame where the armed selector matched. */
export function firstSeenResult(): Promise<number> {
  return firstSeen ?? Promise.reject(new Error('no first-seen watch was armed before this document loaded'));
}

export function watchResult(id: string): Promise<number> {
  const watch = watches.get(id);
  if (!watch) return Promise.reject(new Error(`no watch ${id}`));
  watches.delete(id);
  return watch;
}

export const harnessTools = {
  generateExpenses,
  seedRows,
  seedExpenses,
  seedReceipts,
  readRows,
  countRows,
  scrollFrames,
  watchFromEvent,
  watchResult,
  armFirstSeen,
  firstSeenResult,
};
export type HarnessTools = typeof harnessTools;
