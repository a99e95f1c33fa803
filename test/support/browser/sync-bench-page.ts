/**
 * Runs in the sync bench's Chromium page (bundled by test/bench/sync.bench.ts): the renderer's own
 * code queues the user's changes (saveExpense / deleteExpense, one transaction each, as the form
 * does) and runs rounds exactly as the sync runner does (runRoundSteps: the pipelined first download
 * when there is no cursor, then `prepareRound` → `syncRound` in main → `applyRoundResult`), all in
 * real IndexedDB. `syncRound` reaches the bench's main-core process over
 * same-origin loopback HTTP with a JSON body (a stand-in for Electron's structured-clone IPC).
 */
import { EXPENSE_FIELD_NAMES, type ExpenseFields } from '@shared/model/expense';
import type { PullChunkResult } from '@shared/protocol/first-download';
import type { SyncRoundResult } from '@shared/protocol/round';
import { CourierDatabase } from '@renderer/db/database';
import { deleteExpense, saveExpense } from '@renderer/db/expenses-repo';
import { runRoundSteps, type RoundStepsPort } from '@renderer/sync/round-steps';
import { FIRST_DOWNLOAD_PAGES_PER_CHUNK } from '@renderer/sync/first-download';
import type { QueueMix, RoundMeasure } from './sync-bench-types';

export type { QueueMix, RoundMeasure };

declare global {
  interface Window {
    syncBench: typeof syncBench;
  }
}

let db: CourierDatabase;

/** The editable fields of a row (saveExpense refuses anything else). */
function fieldsOf(e: ExpenseFields): ExpenseFields {
  return Object.fromEntries(EXPENSE_FIELD_NAMES.map((name) => [name, e[name]])) as unknown as ExpenseFields;
}

async function open(name: string): Promise<void> {
  db = new CourierDatabase(name);
  await db.open();
}

/** Runs `actions` a chunk at a time (each its own transaction, as separate user actions are). */
async function inChunks<T>(items: readonly T[], action: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += 100) await Promise.all(items.slice(i, i + 100).map(action));
}

async function queue(mix: QueueMix, fields: ExpenseFields): Promise<{ outbox: number; ms: number }> {
  const started = performance.now();
  const synced = (await db.expenses.toArray()).filter((e) => e.remoteId !== null && !e.deleted);
  const needed = mix.editsOfSynced + mix.deletesOfSynced - mix.deletesOfEdited;
  if (synced.length < needed) throw new Error(`only ${synced.length} synced expenses, the mix needs ${needed}`);

  const created: string[] = [];
  await inChunks(Array.from({ length: mix.creates }, (_, i) => i), async (i) => {
    const e = await saveExpense({ fields: { ...fields, amountCents: 1000 + i, notes: `Offline ${i}` } }, db);
    created[i] = e.id;
  });
  await inChunks(created.slice(0, mix.editsOfNew), (id) =>
    saveExpense({ id, fields: { ...fields, amountCents: 5, notes: `Offline, corrected ${id.slice(0, 8)}` } }, db),
  );
  await inChunks(created.slice(mix.editsOfNew, mix.editsOfNew + mix.deletesOfNew), (id) => deleteExpense(id, db));

  const edited = synced.slice(0, mix.editsOfSynced);
  await inChunks(edited, (e) => saveExpense({ id: e.id, fields: { ...fieldsOf(e), notes: `${e.notes} (edited offline)` } }, db));
  await inChunks(edited.slice(0, mix.secondEditsOfSynced), async (e) => {
    const current = (await db.expenses.get(e.id))!;
    await saveExpense({ id: e.id, fields: { ...fieldsOf(current), amountCents: current.amountCents + 100 } }, db);
  });
  const deleted = [...edited.slice(0, mix.deletesOfEdited), ...synced.slice(mix.editsOfSynced, mix.editsOfSynced + mix.deletesOfSynced - mix.deletesOfEdited)];
  await inChunks(deleted, (e) => deleteExpense(e.id, db));
  return { outbox: await db.outbox.count(), ms: performance.now() - started };
}

/** main's side over the bench's loopback bridge (JSON both ways). */
async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const port: RoundStepsPort = {
  syncRound: (request) => post<SyncRoundResult>('/syncRound', request),
  syncPullChunk: (request) => post<PullChunkResult>('/syncPullChunk', request),
};

async function round(roundId: string): Promise<RoundMeasure> {
  const t0 = performance.now();
  const run = await runRoundSteps(db, port, { roundId, reconcile: false });
  const t1 = performance.now();
  const { result, request, summary, download, timings } = run;
  const outcomes: Record<string, number> = {};
  for (const s of result.settlements) outcomes[s.outcome] = (outcomes[s.outcome] ?? 0) + 1;
  const firstError = result.settlements.find((s) => s.error)?.error?.message ?? null;
  const downloadWaitMs = download?.waitMs ?? 0;
  return {
    status: result.status,
    outboxSent: request.outbox.length,
    prepareMs: timings.prepareMs,
    // A pipelined first download: the time it waited for main's chunks counts as the call, the rest as applying.
    callMs: timings.callMs + downloadWaitMs,
    applyMs: timings.applyMs + timings.downloadMs - downloadWaitMs,
    totalMs: t1 - t0,
    puts: summary.puts,
    outboxRemoved: summary.outboxRemoved,
    outcomes,
    firstError,
    pulled: result.pulled.upserts.length + (download?.puts ?? 0),
  };
}

async function counts(): Promise<{ expenses: number; live: number; outbox: number; pending: number }> {
  const all = await db.expenses.toArray();
  return {
    expenses: all.length,
    live: all.filter((e) => !e.deleted).length,
    outbox: await db.outbox.count(),
    pending: all.filter((e) => e.syncState !== 'synced').length,
  };
}

/**
 * What this machine's IndexedDB alone allows: the rows the download stored, written again with raw
 * IndexedDB (no app code, no Dexie) into a fresh store with the same key and indexes, in chunks as
 * large as the download's, two transactions in flight. The download cannot beat this figure here.
 */
async function rawWriteFloor(pageSize: number): Promise<{ rows: number; ms: number }> {
  const chunkSize = FIRST_DOWNLOAD_PAGES_PER_CHUNK * pageSize;
  const rows = await db.expenses.toArray();
  const name = `${db.name}-raw-floor`;
  const schema = db.tables.find((t) => t.name === 'expenses')!.schema;
  const raw = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore('expenses', { keyPath: schema.primKey.keyPath as string });
      for (const index of schema.indexes) store.createIndex(index.name, index.keyPath!, { unique: !!index.unique, multiEntry: !!index.multi });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let from = 0; from < rows.length; from += chunkSize) {
    inFlight.push(
      new Promise<void>((resolve, reject) => {
        const tx = raw.transaction('expenses', 'readwrite');
        const store = tx.objectStore('expenses');
        for (const row of rows.slice(from, from + chunkSize)) store.put(row);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      }),
    );
    if (inFlight.length >= 2) await inFlight.shift();
  }
  await Promise.all(inFlight);
  const ms = performance.now() - started;
  raw.close();
  await new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = resolve;
  });
  return { rows: rows.length, ms };
}

const syncBench = { open, queue, round, counts, rawWriteFloor, close: () => db.delete() };
(globalThis as unknown as { syncBench: typeof syncBench }).syncBench = syncBench;
