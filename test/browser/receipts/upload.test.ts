/**
 * Receipts through a whole sync round from real Chromium: Dexie holds the receipt, the renderer's
 * runner uploads it before the round (`uploadPendingReceipts` as `beforeRound`), main's real
 * uploader and engine (in Node, via vitest commands: the contract boundary) post it to the
 * simulator and link it as the expense's receipt_id.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import type { ApiAttachment, ApiExpense } from '@shared/kantata/wire';
import type { ExpenseFields } from '@shared/model/expense';
import type { SyncRoundRequest, SyncRoundResult } from '@shared/protocol/round';
import type { EventPayload } from '@shared/contract';
import { CourierDatabase } from '@renderer/db/database';
import { useDatabase } from '@renderer/db/current';
import { saveExpense } from '@renderer/db/expenses-repo';
import { SyncExecutor } from '@renderer/sync/executor';
import { captureFiles } from '@renderer/receipts/capture';
import { uploadPendingReceipts, type ReceiptUploadCourier, type UploadRunProgress } from '@renderer/receipts/upload';
import { testDbName } from '../../support/browser/seed';
import { simExpenseFields } from '../../support/common/sim-expense-fields';
import type { FaultSpecLike } from '../../support/browser/sync-world-types';
import { fixtureBytes, fixtureFile } from './files';
import { SYNC_NOW } from '../../support/common/sync-requests';

interface WorldInfo {
  handle: string;
  workspaceId: string;
  categoryId: string;
  category: string;
}
type Progress = EventPayload<'receiptUploadProgress'>;

declare module 'vitest/browser' {
  interface BrowserCommands {
    receiptWorldStart: () => Promise<WorldInfo>;
    receiptWorldUpload: (
      handle: string,
      request: { receiptId: string; hash: string; fileName: string; mime: string; bytesBase64: string },
    ) => Promise<{ attachmentId: string; reused: boolean; progress: Progress[] }>;
    receiptWorldRound: (handle: string, request: SyncRoundRequest) => Promise<SyncRoundResult>;
    receiptWorldState: (handle: string) => Promise<{ expenses: ApiExpense[]; attachments: ApiAttachment[] }>;
    receiptWorldFault: (handle: string, spec: FaultSpecLike | null) => Promise<void>;
    receiptWorldDeleteAttachment: (handle: string, attachmentId: string) => Promise<void>;
    receiptWorldStop: (handle: string) => Promise<void>;
  }
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** `window.courier` as far as receipts need it, implemented by the Node world (the contract boundary). */
function courierFor(world: WorldInfo, inFlight: { now: number; max: number }): ReceiptUploadCourier {
  const listeners = new Set<(p: Progress) => void>();
  return {
    async receiptUpload({ bytes, ...rest }) {
      inFlight.now++;
      inFlight.max = Math.max(inFlight.max, inFlight.now);
      try {
        const { progress, ...out } = await commands.receiptWorldUpload(world.handle, { ...rest, bytesBase64: base64(bytes) });
        for (const p of progress) for (const l of listeners) l(p);
        return out;
      } finally {
        inFlight.now--;
      }
    },
    on: ((event: string, listener: (p: Progress) => void) => {
      if (event !== 'receiptUploadProgress') return () => {};
      listeners.add(listener);
      return () => listeners.delete(listener);
    }) as ReceiptUploadCourier['on'],
  };
}

let db: CourierDatabase;
let world: WorldInfo;
beforeEach(async () => {
  db = useDatabase(new CourierDatabase(testDbName('receipt-upload')));
  world = await commands.receiptWorldStart();
});
afterEach(async () => {
  await commands.receiptWorldStop(world.handle);
  db.close();
  await db.delete();
});

function fields(overrides: Partial<ExpenseFields> = {}): ExpenseFields {
  return simExpenseFields(world, { date: '2026-11-20', amountCents: 1440, notes: 'Taxi', billable: false, ...overrides });
}

/** A new expense saved from the form with a dropped receipt (stored first, linked by the save). */
async function expenseWithReceipt(fixture: Parameters<typeof fixtureFile>[0]): Promise<{ expenseId: string; receiptId: string }> {
  const report = await captureFiles([await fixtureFile(fixture)], { kind: 'form', expenseId: null, currentReceiptId: null }, {}, db);
  const receiptId = report.stored[0]!.receipt.id;
  const expense = await saveExpense({ fields: fields({ receiptId }) }, db);
  return { expenseId: expense.id, receiptId };
}

function runnerWith(courier: ReceiptUploadCourier, progress: UploadRunProgress[] = []): SyncExecutor {
  return new SyncExecutor({
    db,
    port: { syncRound: (request) => commands.receiptWorldRound(world.handle, request) },
    beforeRound: async () => void (await uploadPendingReceipts(db, courier, (p) => progress.push(p))),
  });
}

describe('receipt upload in a sync round', () => {
  it('uploads the receipt before the create, links it as receipt_id, and records the attachment id', async () => {
    const { expenseId, receiptId } = await expenseWithReceipt('pdf');
    const progress: UploadRunProgress[] = [];
    const runner = runnerWith(courierFor(world, { now: 0, max: 0 }), progress);
    await runner.run(SYNC_NOW);
    const row = await db.receipts.get(receiptId);
    const { expenses, attachments } = await commands.receiptWorldState(world.handle);
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({ id: row!.attachmentId, filename: 'invoice-3-pages.pdf', filesize: (await fixtureBytes('pdf')).byteLength });
    expect(expenses).toHaveLength(1);
    expect(expenses[0]!.receipt_id).toBe(row!.attachmentId);
    const local = await db.expenses.get(expenseId);
    expect(local).toMatchObject({ syncState: 'synced', remoteId: expenses[0]!.id, receiptId });
    expect(await db.outbox.count()).toBe(0);
    expect(progress.at(-1)).toMatchObject({ receiptId, finished: 1, count: 1 });
    expect(progress.some((p) => p.sentBytes > 0 && p.sentBytes <= p.totalBytes)).toBe(true);
  });

  it('a receipt attached later to a synced expense is uploaded and linked with an update; replace and remove follow', async () => {
    const expense = await saveExpense({ fields: fields() }, db);
    const runner = runnerWith(courierFor(world, { now: 0, max: 0 }));
    await runner.run(SYNC_NOW);
    await captureFiles([await fixtureFile('jpeg')], { kind: 'expense', expenseId: expense.id }, {}, db);
    await runner.run(SYNC_NOW);
    let state = await commands.receiptWorldState(world.handle);
    const first = state.attachments[0]!.id;
    expect(state.expenses[0]!.receipt_id).toBe(first);
    await captureFiles([await fixtureFile('png')], { kind: 'expense', expenseId: expense.id }, {}, db);
    await runner.run(SYNC_NOW);
    state = await commands.receiptWorldState(world.handle);
    expect(state.expenses[0]!.receipt_id).not.toBe(first);
    expect(state.expenses[0]!.receipt_id).toBe(state.attachments[1]!.id);
    const { removeReceiptFromExpense } = await import('@renderer/receipts/repo');
    await removeReceiptFromExpense(expense.id, db);
    await runner.run(SYNC_NOW);
    state = await commands.receiptWorldState(world.handle);
    expect(state.expenses).toHaveLength(1);
    expect(state.expenses[0]!.receipt_id).toBeNull();
  });

  it('while uploads fail the expense waits (nothing created without its receipt); later it is created once, with it', async () => {
    await commands.receiptWorldFault(world.handle, { kind: 'status', status: 503, method: 'POST', pathPattern: '^/attachments$' });
    const { expenseId, receiptId } = await expenseWithReceipt('webp');
    const runner = runnerWith(courierFor(world, { now: 0, max: 0 }));
    await runner.run(SYNC_NOW);
    expect((await commands.receiptWorldState(world.handle)).expenses).toHaveLength(0);
    expect((await db.receipts.get(receiptId))?.attachmentId).toBeNull();
    expect((await db.expenses.get(expenseId))?.syncState).toBe('pending');
    await commands.receiptWorldFault(world.handle, null);
    await runner.run(SYNC_NOW);
    const { expenses, attachments } = await commands.receiptWorldState(world.handle);
    expect(expenses).toHaveLength(1);
    expect(attachments).toHaveLength(1);
    expect(expenses[0]!.receipt_id).toBe(attachments[0]!.id);
    expect((await db.expenses.get(expenseId))?.syncState).toBe('synced');
  });

  it('a receipt deleted in Kantata before its expense got there is uploaded again, once, and linked', async () => {
    const expense = await saveExpense({ fields: fields() }, db);
    const runner = runnerWith(courierFor(world, { now: 0, max: 0 }));
    await runner.run(SYNC_NOW);
    // The receipt is uploaded, but the update that links it fails; meanwhile the attachment is deleted in Kantata.
    await commands.receiptWorldFault(world.handle, { kind: 'status', status: 503, method: 'PUT', pathPattern: '^/expenses/' });
    const report = await captureFiles([await fixtureFile('jpeg')], { kind: 'expense', expenseId: expense.id }, {}, db);
    const receiptId = report.stored[0]!.receipt.id;
    await runner.run(SYNC_NOW);
    const dead = (await db.receipts.get(receiptId))!.attachmentId!;
    expect(dead).toEqual(expect.any(String));
    await commands.receiptWorldDeleteAttachment(world.handle, dead);
    await commands.receiptWorldFault(world.handle, null);

    await runner.run(SYNC_NOW);
    expect(await db.receipts.get(receiptId)).toMatchObject({ attachmentId: null, refusedAttachmentId: dead });
    expect(await db.expenses.get(expense.id)).toMatchObject({ syncState: 'pending', syncMessage: expect.stringContaining('uploaded again') });
    expect(await db.outbox.where('expenseId').equals(expense.id).count()).toBe(1);

    await runner.run(SYNC_NOW);
    const { expenses, attachments } = await commands.receiptWorldState(world.handle);
    const fresh = (await db.receipts.get(receiptId))!.attachmentId!;
    expect(fresh).not.toBe(dead);
    expect(attachments.map((a) => a.id)).toEqual([fresh]);
    expect(expenses).toHaveLength(1);
    expect(expenses[0]!.receipt_id).toBe(fresh);
    expect(await db.expenses.get(expense.id)).toMatchObject({ syncState: 'synced', receiptId });
    expect(await db.outbox.count()).toBe(0);
  });

  it('a receipt refused a second time is not uploaded again: the expense keeps its error for the user', async () => {
    const { expenseId, receiptId } = await expenseWithReceipt('png');
    await db.outbox.clear();
    await db.receipts.update(receiptId, { attachmentId: '900002', refusedAttachmentId: '900001' });
    await db.expenses.update(expenseId, { syncState: 'error', syncMessage: 'Receipt does not refer to an existing receipt attachment' });
    const { applyRoundResult } = await import('@renderer/sync/round-db');
    await applyRoundResult(db, {
      roundId: 'again',
      status: 'ok',
      settlements: [],
      staleReceipts: [{ expenseId, receiptId, attachmentId: '900002' }],
      pulled: { upserts: [], clientRefs: {}, deletedRemoteIds: [], complete: true, full: false },
      cursor: null,
      clockSkewMs: 0,
      conflicts: [],
      nextAttemptAt: null,
      stats: { requests: 1, startedAt: 0, finishedAt: 1 },
    });
    expect(await db.receipts.get(receiptId)).toMatchObject({ attachmentId: '900002', refusedAttachmentId: '900001' });
    expect(await db.expenses.get(expenseId)).toMatchObject({ syncState: 'error' });
    expect(await db.outbox.count()).toBe(0);
  });

  it('a queue of receipts is uploaded a few at a time', async () => {
    for (const f of ['jpeg', 'png', 'webp', 'pdf', 'heic'] as const) await expenseWithReceipt(f);
    const inFlight = { now: 0, max: 0 };
    const result = await uploadPendingReceipts(db, courierFor(world, inFlight), () => {}, { concurrency: 2 });
    expect(result.uploaded).toHaveLength(5);
    expect(result.failed).toEqual([]);
    expect(inFlight.max).toBe(2);
    const { attachments } = await commands.receiptWorldState(world.handle);
    expect(attachments.map((a) => a.filename).sort()).toEqual([
      'hotel-receipt.png',
      'invoice-3-pages.pdf',
      'iphone-photo.heic',
      'lunch-receipt.webp',
      'taxi-receipt.jpg',
    ]);
  });
});
