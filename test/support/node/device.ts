/**
 * A test device for the Node sync tests: the renderer's REAL data layer (a `CourierDatabase` with
 * its own name, on fake-indexeddb). Every change goes through the modules the app ships
 * (expenses-repo, round-db, round-steps, receipts/upload); reads for assertions read the Dexie
 * tables directly. Nothing here decides anything the app decides: a test that needs a behaviour
 * the real modules do not offer cannot get it from here either. A custom local edit time is set
 * with `atLocalTime` (the repository stamps Date.now()), never by writing rows.
 *
 * Main's side is `mainPort`: the real SyncEngine (and, for receipts, the real ReceiptUploader)
 * behind the contract's schemas, checked both ways as src/main/core/ipc/dispatch.ts does, with
 * the values copied as Electron's IPC copies them (structured clone), so schema drift fails.
 */
import { createHash, randomUUID } from 'node:crypto';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { vi } from 'vitest';
import type { z } from 'zod';
import { invokes, type InvokeName, type Invokes } from '@shared/contract';
import { EXPENSE_FIELD_NAMES, type ExpenseFields, type LocalExpense, type OutboxEntry } from '@shared/model/expense';
import type { PullChunkRequest, PullChunkResult } from '@shared/protocol/first-download';
import type { SyncRoundRequest, SyncRoundResult } from '@shared/protocol/round';
import { CourierDatabase } from '@renderer/db/database';
import type { ConflictRow, ReceiptRow } from '@renderer/db/schema';
import { deleteExpense, saveExpense, undoDeleteExpense } from '@renderer/db/expenses-repo';
import { applyRoundResult, prepareRound, readCursor, type ApplySummary } from '@renderer/sync/round-db';
import { runRoundSteps, type RoundRun, type RoundStepsPort } from '@renderer/sync/round-steps';
import { cancelSubmission, checkSelection, submitExpenses, type SelectionCheck } from '@renderer/submissions/repo';
import type { LocalSubmission, SubmissionOutboxEntry } from '@shared/model/submission';
import { applyReferenceSnapshot, referenceRequest } from '@renderer/sync/reference-db';
import { refreshReference } from '../../../src/main/core/reference/reference';
import type { KantataClient } from '../../../src/main/core/kantata/client';
import { uploadPendingReceipts, type ReceiptUploadCourier, type UploadRunResult } from '@renderer/receipts/upload';
import type { SyncEngine } from '../../../src/main/core/sync/engine';
import type { AttachmentDigests, ReceiptUploader } from '../../../src/main/core/receipts';
import type { AttachmentDigester } from '@renderer/duplicates/find';
import { simExpenseFields, type SimProjectRefs } from '../common/sim-expense-fields';

/** What crosses Electron's IPC is a structured clone: nothing is shared between the two sides. */
const overIpc = <T>(value: T): T => structuredClone(value);

/**
 * One contract call as main handles it (src/main/core/ipc/dispatch.ts): the request copied over IPC
 * and checked against the contract, the handler, its answer checked and copied back.
 */
export async function callMain<K extends InvokeName>(
  name: K,
  payload: unknown,
  handler: (request: z.output<Invokes[K]['request']>) => Promise<unknown>,
): Promise<z.output<Invokes[K]['response']>> {
  const spec = invokes[name];
  const request = spec.request.parse(overIpc(payload)) as z.output<Invokes[K]['request']>;
  const answer = await handler(request);
  return overIpc(spec.response.parse(answer)) as z.output<Invokes[K]['response']>;
}

/** The renderer's way to main for a round: the real engine behind the contract (with the chunked first download). */
export function mainPort(engine: SyncEngine): Required<RoundStepsPort> {
  return {
    syncRound: (request: SyncRoundRequest): Promise<SyncRoundResult> => callMain('syncRound', request, (r) => engine.runRound(r)),
    syncPullChunk: (request: PullChunkRequest): Promise<PullChunkResult> => callMain('syncPullChunk', request, (r) => engine.pullChunk(r)),
  };
}

/** `receiptUpload` (and the `on` the upload step subscribes with) over the real main-core uploader. */
export function receiptCourier(uploader: ReceiptUploader): ReceiptUploadCourier {
  return {
    receiptUpload: (request) => callMain('receiptUpload', request, (r) => uploader.upload(r)),
    on: () => () => {},
  };
}

/** `receiptAttachmentDigest` as the duplicate check calls it, over the real main-core AttachmentDigests. */
export function digestCourier(digests: AttachmentDigests): AttachmentDigester {
  return (request) => callMain('receiptAttachmentDigest', request, (r) => digests.digest(r));
}

/**
 * Runs `write` with the local wall clock (Date.now, which the repository stamps on every change)
 * reading `at`: a local edit made at a chosen time, as the user's machine would stamp it.
 */
export async function atLocalTime<T>(at: number, write: () => Promise<T>): Promise<T> {
  const clock = vi.spyOn(Date, 'now').mockReturnValue(at);
  try {
    return await write();
  } finally {
    clock.mockRestore();
  }
}

/** The editable fields of a row, as the form holds them (saveExpense takes all of them). */
function fieldsOf(row: LocalExpense): ExpenseFields {
  const fields: Partial<Record<keyof ExpenseFields, unknown>> = {};
  for (const name of EXPENSE_FIELD_NAMES) fields[name] = row[name];
  return fields as ExpenseFields;
}

export type DeviceOutboxRow = OutboxEntry & { seq: number };

const open = new Set<Device>();

/** Deletes every device's database (call after each test; the world's `close` does). */
export async function closeDevices(): Promise<void> {
  const devices = [...open];
  open.clear();
  await Promise.all(devices.map((d) => d.close()));
}

export class Device {
  readonly db: CourierDatabase;
  /** The rows as the list showed them before a delete: what "Undo" restores (ExpensesView does the same). */
  private readonly beforeDelete = new Map<string, LocalExpense>();

  constructor(
    private readonly project: SimProjectRefs,
    name = `device-${randomUUID()}`,
  ) {
    this.db = new CourierDatabase(name, { indexedDB, IDBKeyRange });
    open.add(this);
  }

  fields(overrides: Partial<ExpenseFields> = {}): ExpenseFields {
    return simExpenseFields(this.project, overrides);
  }

  // ---- the user's actions (expenses-repo) ------------------------------------------------------------

  /** A new expense saved as the form saves it; returns its id. */
  async create(overrides: Partial<ExpenseFields> = {}): Promise<string> {
    return (await saveExpense({ fields: this.fields(overrides) }, this.db)).id;
  }

  /** `n` expenses saved one after the other (one transaction each, as separate saves are). */
  async createMany(n: number, overrides: (i: number) => Partial<ExpenseFields> = () => ({})): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await this.create(overrides(i)));
    return ids;
  }

  /** The form opened on the row as stored now, `changes` typed in, saved. */
  async edit(id: string, changes: Partial<ExpenseFields>): Promise<LocalExpense> {
    const row = await this.row(id);
    return saveExpense({ id, fields: { ...fieldsOf(row), ...changes } }, this.db);
  }

  async remove(id: string): Promise<void> {
    const row = await this.db.expenses.get(id);
    await deleteExpense(id, this.db);
    if (row && !row.deleted) this.beforeDelete.set(id, row);
  }

  /** "Undo" after `remove`: false when there is nothing to undo any more. */
  async undo(id: string): Promise<boolean> {
    const previous = this.beforeDelete.get(id);
    if (!previous) throw new Error(`expense ${id} was not deleted on this device`);
    this.beforeDelete.delete(id);
    return undoDeleteExpense(id, previous, this.db);
  }

  /**
   * Stores a receipt file, unattached, as `storeReceipt` (receipts/repo.ts) stores a new one; link
   * it with `create({ receiptId })` or `edit(id, { receiptId })`. The row is written here because
   * receipts/repo.ts cannot be loaded into the Node type-check program: its `import type` of
   * prepare.ts pulls in image.ts and pdf.ts, which need the DOM's types.
   */
  async addReceipt(name: string, mime: string, bytes: Uint8Array): Promise<string> {
    const row: ReceiptRow = {
      id: randomUUID(),
      hash: createHash('sha256').update(bytes).digest('hex'),
      blob: new Blob([bytes], { type: mime }),
      mime,
      size: bytes.byteLength,
      name,
      createdAt: Date.now(),
      attachmentId: null,
      thumbnail: null,
      pageCount: null,
    };
    await this.db.receipts.add(row);
    return row.id;
  }

  /** Projects, categories and the rest downloaded as the app does (main's refreshReference, the renderer's reference-db). */
  async refreshReference(client: KantataClient): Promise<void> {
    await applyReferenceSnapshot(this.db, await refreshReference(client, await referenceRequest(this.db)));
  }

  /** "Submit for approval" on these expenses (submissions/repo). */
  submit(expenseIds: string[], title = 'Berlin, 3-7 Nov', comment?: string): Promise<LocalSubmission> {
    return submitExpenses({ expenseIds, title, ...(comment !== undefined && { comment }) }, this.db);
  }

  /** The checks the submit dialog shows before anything is queued. */
  checkSubmit(expenseIds: string[]): Promise<SelectionCheck> {
    return checkSelection(expenseIds, this.db);
  }

  cancelReport(submissionId: string, reason = 'Wrong trip'): Promise<LocalSubmission> {
    return cancelSubmission(submissionId, reason, this.db);
  }

  // ---- a round, step by step (round-db, round-steps) ------------------------------------------

  /** Step 1: `prepareRound` (counts the attempt on every outbox row it hands over). */
  buildRequest(opts: { reconcile?: boolean; skipPull?: boolean } = {}): Promise<SyncRoundRequest> {
    return prepareRound(this.db, { roundId: randomUUID(), ...opts });
  }

  /** Step 2 alone: the request to main; the result is not applied (a crash, or a test applying it later). */
  send(engine: SyncEngine, request: SyncRoundRequest): Promise<SyncRoundResult> {
    return mainPort(engine).syncRound(request);
  }

  /** Step 3: `applyRoundResult`, one transaction. */
  apply(result: SyncRoundResult): Promise<ApplySummary> {
    return applyRoundResult(this.db, result);
  }

  /** prepare → syncRound → apply. */
  async round(engine: SyncEngine, opts: { reconcile?: boolean; skipPull?: boolean } = {}): Promise<SyncRoundResult> {
    const result = await this.send(engine, await this.buildRequest(opts));
    await this.apply(result);
    return result;
  }

  /** The round as the sync runner runs it (runRoundSteps): the chunked first download when there is no cursor. */
  roundSteps(engine: SyncEngine, opts: { reconcile?: boolean } = {}): Promise<RoundRun> {
    return runRoundSteps(this.db, mainPort(engine), { roundId: randomUUID(), reconcile: opts.reconcile ?? false });
  }

  /** The runner's `beforeRound`: uploads the receipts pending changes refer to. */
  uploadReceipts(uploader: ReceiptUploader): Promise<UploadRunResult> {
    return uploadPendingReceipts(this.db, receiptCourier(uploader));
  }

  // ---- reading state for assertions --------------------------------------------------------------

  /** Every expense row, tombstones included. */
  rows(): Promise<LocalExpense[]> {
    return this.db.expenses.toArray();
  }

  /** Rows the list shows (not deleted). */
  async live(): Promise<LocalExpense[]> {
    return (await this.rows()).filter((e) => !e.deleted);
  }

  async row(id: string): Promise<LocalExpense> {
    const row = await this.db.expenses.get(id);
    if (!row) throw new Error(`no local expense ${id}`);
    return row;
  }

  async has(id: string): Promise<boolean> {
    return (await this.db.expenses.get(id)) !== undefined;
  }

  async outbox(): Promise<DeviceOutboxRow[]> {
    return (await this.db.outbox.orderBy('seq').toArray()) as DeviceOutboxRow[];
  }

  async report(id: string): Promise<LocalSubmission> {
    const row = await this.db.submissions.get(id);
    if (!row) throw new Error(`no local submission ${id}`);
    return row;
  }

  reports(): Promise<LocalSubmission[]> {
    return this.db.submissions.toArray();
  }

  submissionOutbox(): Promise<SubmissionOutboxEntry[]> {
    return this.db.submissionOutbox.orderBy('seq').toArray();
  }

  conflicts(): Promise<ConflictRow[]> {
    return this.db.conflicts.toArray();
  }

  cursor(): Promise<string | null> {
    return readCursor(this.db);
  }

  async receipt(id: string): Promise<ReceiptRow> {
    const row = await this.db.receipts.get(id);
    if (!row) throw new Error(`no local receipt ${id}`);
    return row;
  }

  async close(): Promise<void> {
    open.delete(this);
    await this.db.delete();
  }
}
