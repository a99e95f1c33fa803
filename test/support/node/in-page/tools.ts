/**
 * Test tools the harness installs in every page as `globalThis.__courierHarness`: seed and read
 * the app's IndexedDB directly (reference data before an account exists, 100,000 expenses for
 * the benchmark, demo rows for the screenshot). They write rows of the app's own shape
 * (LocalExpense, OutboxEntry), so the app reads them as its own.
 */
import type { LocalExpense, OutboxEntry, SyncState } from '@shared/model/expense';
import { count, getAll, openExisting, putAll } from './idb';

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

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuidFrom(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Deterministic expenses of the app's shape, with an outbox entry for each pending one. */
export function generateExpenses(spec: GenerateSpec): { expenses: LocalExpense[]; outbox: OutboxEntry[] } {
  const next = random(spec.seed ?? 7);
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
      id,
      remoteId: state === 'pending' ? null : String(500_000 + i),
      syncState: state,
      syncMessage: state === 'error' ? 'Amount in cents must be greater than 0' : null,
      createdAt: at,
      updatedAt: at,
      base: null,
      userCanEdit: state !== 'locked',
      deleted: false,
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
      receiptId: null,
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

export const harnessTools = { generateExpenses, seedRows, seedExpenses, readRows, countRows };
export type HarnessTools = typeof harnessTools;
