/**
 * Receipts end to end, against the simulator over HTTP: the main-core uploader (multipart POST
 * /attachments, ledger, retries) and the sync engine linking `receipt_id` on create and on update,
 * replacing and removing it, under upload faults. The renderer's part is the real one on a Device:
 * the upload step the sync runner runs before a round (uploadPendingReceipts, which writes the
 * attachment id to the receipt row), `prepareRound` sending those ids, and `applyRoundResult`
 * handling a receipt Kantata refused.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KantataClient } from '../../src/main/core/kantata/client';
import { ReceiptUploader, UploadLedger, memoryLedgerStore, type LedgerStore } from '../../src/main/core/receipts';
import type { SyncEngine } from '../../src/main/core/sync/engine';
import { Device } from '../support/node/device';
import { assertConverged, engineFor, recordsPerClientId, requests, serverExpenses, startWorld, type SimWorld } from './support';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/receipts/${name}`, import.meta.url)));
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Only the server refuses it (the app validates fields before storing, but cannot know Kantata's categories). */
const NO_SUCH_CATEGORY = '999999';

let world: SimWorld;
let ledgerStore: LedgerStore & { value: unknown };

beforeEach(async () => {
  world = await startWorld();
  ledgerStore = memoryLedgerStore();
});
afterEach(async () => {
  await world.close();
});

function uploader(opts: { timeoutMs?: number } = {}): ReceiptUploader {
  const client = new KantataClient({ baseUrl: world.sim.baseUrl, token: world.sim.token, timeoutMs: opts.timeoutMs ?? 5_000 });
  return new ReceiptUploader({
    client: () => client,
    ledger: new UploadLedger(ledgerStore),
    concurrency: 2,
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
  });
}

/** The renderer's round as the sync runner runs it: the upload step (its failures kept back), then the round. */
async function uploadThenRound(local: Device, engine: SyncEngine, up: ReceiptUploader) {
  const upload = await local.uploadReceipts(up);
  const result = await local.round(engine);
  return { result, failures: upload.failed };
}

/** No attachment is referenced by two expenses, and every client id has at most one server expense. */
function assertNoDoubles(): void {
  const referenced = serverExpenses(world).map((e) => e.receipt_id).filter((id): id is string => id !== null);
  expect(new Set(referenced).size).toBe(referenced.length);
  for (const count of recordsPerClientId(world).values()) expect(count).toBe(1);
  const attachments = new Set(world.sim.admin.listAttachments().map((a) => a.id));
  for (const id of referenced) expect(attachments.has(id)).toBe(true);
}

describe('a receipt deleted in Kantata', () => {
  it('is reported as stale, uploaded again under a new id, and the expense then goes through with it', async () => {
    const local = new Device(world);
    const up = uploader();
    const bytes = fixture('taxi-receipt.jpg');
    const receiptId = await local.addReceipt('taxi.jpg', 'image/jpeg', bytes);
    const withReceipt = await local.create({ receiptId, notes: 'with the receipt' });
    const plain = await local.create({ notes: 'no receipt' });
    expect(await local.uploadReceipts(up)).toEqual({ uploaded: [receiptId], failed: [] });
    const first = (await local.receipt(receiptId)).attachmentId!;
    // Someone deletes the attachment in Kantata before the expense that refers to it gets there.
    expect(world.sim.admin.deleteAttachment(first)).toBe(true);

    const result = await local.round(engineFor(world));
    const byId = new Map(result.settlements.map((s) => [s.expenseId, s]));
    expect(byId.get(plain)?.outcome).toBe('created');
    expect(byId.get(withReceipt)).toMatchObject({ outcome: 'error', settled: true, error: { field: 'receiptId' } });
    expect(result.staleReceipts).toEqual([{ expenseId: withReceipt, receiptId, attachmentId: first }]);
    // Applied: the receipt is marked for a fresh upload and the expense is queued again.
    expect(await local.receipt(receiptId)).toMatchObject({ attachmentId: null, refusedAttachmentId: first });
    expect(await local.row(withReceipt)).toMatchObject({ syncState: 'pending', receiptId });
    expect((await local.outbox()).map((e) => [e.expenseId, e.kind])).toEqual([[withReceipt, 'update']]);

    // The ledger alone would hand out the dead id again; told it was refused, the uploader sends the bytes anew.
    const again = { receiptId, hash: sha256(bytes), fileName: 'taxi.jpg', mime: 'image/jpeg', bytes };
    expect((await up.upload(again)).attachmentId).toBe(first);
    const fresh = await up.upload({ ...again, refusedAttachmentId: first });
    expect(fresh).toMatchObject({ reused: false });
    expect(fresh.attachmentId).not.toBe(first);
    expect((await up.upload(again)).attachmentId).toBe(fresh.attachmentId);

    // The next round's upload step tells main which id was refused; the expense is created once, with the new attachment.
    const uploads = vi.spyOn(up, 'upload');
    const next = await uploadThenRound(local, engineFor(world), up);
    expect(uploads).toHaveBeenCalledWith(expect.objectContaining({ receiptId, refusedAttachmentId: first }));
    expect(next.failures).toEqual([]);
    expect((await local.receipt(receiptId)).attachmentId).toBe(fresh.attachmentId);
    expect(next.result.settlements[0]?.outcome).toBe('created');
    expect(next.result.staleReceipts).toBeUndefined();
    expect(world.sim.admin.getExpense((await local.row(withReceipt)).remoteId!)?.receipt_id).toBe(fresh.attachmentId);
    await assertConverged(world, local);
    assertNoDoubles();
  });

  it('a refusal for other fields as well is an ordinary error, not a stale receipt', async () => {
    const local = new Device(world);
    const up = uploader();
    const receiptId = await local.addReceipt('taxi.jpg', 'image/jpeg', fixture('taxi-receipt.jpg'));
    const bad = await local.create({ receiptId, categoryId: NO_SUCH_CATEGORY });
    await local.uploadReceipts(up);
    world.sim.admin.deleteAttachment((await local.receipt(receiptId)).attachmentId!);
    const result = await local.round(engineFor(world));
    expect(result.settlements.find((s) => s.expenseId === bad)).toMatchObject({ outcome: 'error', error: { field: 'categoryId' } });
    expect(result.staleReceipts).toBeUndefined();
  });
});

describe('receipt upload and link', () => {
  it('uploads a receipt as multipart type=receipt with a safe name, then creates the expense with its receipt_id', async () => {
    const local = new Device(world);
    const receiptId = await local.addReceipt('Taxi Zürich (Nov) #2.jpg', 'image/jpeg', fixture('taxi-receipt.jpg'));
    const expenseId = await local.create({ receiptId });
    const { result } = await uploadThenRound(local, engineFor(world), uploader());
    expect(result.settlements[0]?.outcome).toBe('created');
    const [attachment] = world.sim.admin.listAttachments();
    expect(attachment).toMatchObject({ type: 'receipt', filename: 'Taxi_Zurich_Nov_2.jpg', filesize: fixture('taxi-receipt.jpg').byteLength });
    expect(Buffer.compare(world.sim.admin.attachmentData(attachment!.id)!, Buffer.from(fixture('taxi-receipt.jpg')))).toBe(0);
    const server = world.sim.admin.getExpense((await local.row(expenseId)).remoteId!);
    expect(server?.receipt_id).toBe(attachment!.id);
    expect((await local.row(expenseId)).receiptId).toBe(receiptId);
    await assertConverged(world, local);
    assertNoDoubles();
  });

  it('links a receipt added to a synced expense with a PUT, replaces it, and removes it', async () => {
    const local = new Device(world);
    const expenseId = await local.create();
    await uploadThenRound(local, engineFor(world), uploader());
    const remoteId = (await local.row(expenseId)).remoteId!;
    expect(world.sim.admin.getExpense(remoteId)?.receipt_id).toBeNull();

    const pdf = await local.addReceipt('invoice.pdf', 'application/pdf', fixture('invoice-3-pages.pdf'));
    await local.edit(expenseId, { receiptId: pdf });
    world.sim.admin.clearRequestLog();
    const linked = await uploadThenRound(local, engineFor(world), uploader());
    expect(linked.result.settlements[0]).toMatchObject({ outcome: 'updated', settled: true });
    expect(requests(world, { method: 'POST', path: /attachments/ })).toBe(1);
    expect(requests(world, { method: 'PUT' })).toBe(1);
    const first = (await local.receipt(pdf)).attachmentId!;
    expect(world.sim.admin.getExpense(remoteId)?.receipt_id).toBe(first);

    const png = await local.addReceipt('hotel.png', 'image/png', fixture('hotel-receipt.png'));
    await local.edit(expenseId, { receiptId: png });
    await uploadThenRound(local, engineFor(world), uploader());
    const second = (await local.receipt(png)).attachmentId!;
    expect(second).not.toBe(first);
    expect(world.sim.admin.getExpense(remoteId)?.receipt_id).toBe(second);

    await local.edit(expenseId, { receiptId: null });
    const removed = await uploadThenRound(local, engineFor(world), uploader());
    expect(removed.result.settlements[0]?.outcome).toBe('updated');
    expect(world.sim.admin.getExpense(remoteId)?.receipt_id).toBeNull();
    await assertConverged(world, local);
    assertNoDoubles();
  });

  it('an edit of other fields leaves a receipt attached in Kantata alone', async () => {
    const local = new Device(world);
    const expenseId = await local.create();
    await uploadThenRound(local, engineFor(world), uploader());
    const remoteId = (await local.row(expenseId)).remoteId!;
    // Someone attaches a receipt in Kantata's web app; this computer has none for the expense.
    const bytes = fixture('hotel-receipt.png');
    const { attachmentId } = await uploader().upload({ receiptId: 'web', hash: sha256(bytes), fileName: 'web.png', mime: 'image/png', bytes });
    world.sim.admin.actAs(world.sim.userId).updateExpense(remoteId, { receipt_id: attachmentId });
    await local.edit(expenseId, { notes: 'taxi to the airport' });
    const { result } = await uploadThenRound(local, engineFor(world), uploader());
    expect(['updated', 'merged']).toContain(result.settlements[0]?.outcome);
    const server = world.sim.admin.getExpense(remoteId);
    expect(server?.notes).toBe('taxi to the airport');
    expect(server?.receipt_id).toBe(attachmentId);
  });

  it('an expense whose receipt is not uploaded waits: nothing is created without it', async () => {
    const local = new Device(world);
    const receiptId = await local.addReceipt('taxi.jpg', 'image/jpeg', fixture('taxi-receipt.jpg'));
    const expenseId = await local.create({ receiptId });
    // A round without the upload step (it failed, or has not run): no attachment id to send.
    const request = await local.buildRequest();
    expect(request.receiptRemoteIds).toBeUndefined();
    const result = await local.send(engineFor(world), request);
    await local.apply(result);
    expect(result.settlements[0]).toMatchObject({ outcome: 'pending', settled: false });
    expect(result.settlements[0]?.error?.message).toMatch(/receipt is not uploaded/);
    expect(serverExpenses(world)).toHaveLength(0);
    expect((await local.outbox()).map((e) => e.expenseId)).toEqual([expenseId]);
    // Connected again: the next round uploads it and creates the expense with it.
    await uploadThenRound(local, engineFor(world), uploader());
    expect(serverExpenses(world)[0]?.receipt_id).toBe((await local.receipt(receiptId)).attachmentId);
  });
});

describe('exactly once under upload faults', () => {
  it('commit-then-drop on the upload: retried, the orphan is never referenced, a replay reuses the recorded id', async () => {
    world.sim.admin.injectFault({ kind: 'commit-then-drop', method: 'POST', pathPattern: '^/attachments$', times: 1 });
    const local = new Device(world);
    const receiptId = await local.addReceipt('taxi.jpg', 'image/jpeg', fixture('taxi-receipt.jpg'));
    const expenseId = await local.create({ receiptId });
    const up = uploader();
    const { result, failures } = await uploadThenRound(local, engineFor(world), up);
    expect(failures).toEqual([]);
    expect(result.settlements[0]?.outcome).toBe('created');
    const attachments = world.sim.admin.listAttachments();
    expect(attachments).toHaveLength(2); // the dropped one stays on the server, unreferenced
    const linked = world.sim.admin.getExpense((await local.row(expenseId)).remoteId!)?.receipt_id;
    expect(linked).toBe((await local.receipt(receiptId)).attachmentId);

    // Had the renderer crashed before recording the id, main (restarted) answers from its ledger.
    world.sim.admin.clearRequestLog();
    const r = await local.receipt(receiptId);
    const bytes = new Uint8Array(await r.blob.arrayBuffer());
    const again = await uploader().upload({ receiptId, hash: r.hash, fileName: r.name, mime: r.mime, bytes });
    expect(again).toEqual({ attachmentId: linked, reused: true });
    expect(requests(world, { path: /attachments/ })).toBe(0);
    assertNoDoubles();
  });

  it('503 twice on the upload: retried with backoff, one attachment, one expense', async () => {
    world.sim.admin.injectFault({ kind: 'status', status: 503, method: 'POST', pathPattern: '^/attachments$', times: 2 });
    const local = new Device(world);
    const receiptId = await local.addReceipt('hotel.png', 'image/png', fixture('hotel-receipt.png'));
    await local.create({ receiptId });
    const { result } = await uploadThenRound(local, engineFor(world), uploader());
    expect(result.settlements[0]?.outcome).toBe('created');
    expect(world.sim.admin.listAttachments()).toHaveLength(1);
    expect(serverExpenses(world)).toHaveLength(1);
    assertNoDoubles();
  });

  it('a hanging upload times out and is retried; the expense is linked to the upload that answered', async () => {
    world.sim.admin.injectFault({ kind: 'hang', method: 'POST', pathPattern: '^/attachments$', times: 1 });
    const local = new Device(world);
    const receiptId = await local.addReceipt('lunch.webp', 'image/webp', fixture('lunch-receipt.webp'));
    const expenseId = await local.create({ receiptId });
    const { result, failures } = await uploadThenRound(local, engineFor(world), uploader({ timeoutMs: 400 }));
    expect(failures).toEqual([]);
    expect(result.settlements[0]?.outcome).toBe('created');
    expect(world.sim.admin.getExpense((await local.row(expenseId)).remoteId!)?.receipt_id).toBe((await local.receipt(receiptId)).attachmentId);
    assertNoDoubles();
  });

  it('upload failing for the whole round: the expense stays pending and is created once, with its receipt, later', async () => {
    const fault = world.sim.admin.injectFault({ kind: 'status', status: 503, method: 'POST', pathPattern: '^/attachments$' });
    const local = new Device(world);
    const receiptId = await local.addReceipt('taxi.jpg', 'image/jpeg', fixture('taxi-receipt.jpg'));
    await local.create({ receiptId });
    const first = await uploadThenRound(local, engineFor(world), uploader());
    expect(first.failures).toHaveLength(1);
    expect(first.result.settlements[0]?.settled).toBe(false);
    expect(serverExpenses(world)).toHaveLength(0);
    expect(fault.fired).toBeGreaterThan(0);
    world.sim.admin.clearFaults();
    await uploadThenRound(local, engineFor(world), uploader());
    expect(serverExpenses(world)).toHaveLength(1);
    expect(serverExpenses(world)[0]?.receipt_id).toBe((await local.receipt(receiptId)).attachmentId);
    assertNoDoubles();
  });

  it('commit-then-drop on the create that carries the receipt: no duplicate expense, the receipt linked once', async () => {
    world.sim.admin.injectFault({ kind: 'commit-then-drop', method: 'POST', pathPattern: '^/expenses$', times: 1 });
    const local = new Device(world);
    const receiptId = await local.addReceipt('taxi.jpg', 'image/jpeg', fixture('taxi-receipt.jpg'));
    await local.create({ receiptId });
    await uploadThenRound(local, engineFor(world), uploader());
    await uploadThenRound(local, engineFor(world), uploader());
    expect(serverExpenses(world)).toHaveLength(1);
    expect(world.sim.admin.listAttachments()).toHaveLength(1);
    expect(serverExpenses(world)[0]?.receipt_id).toBe((await local.receipt(receiptId)).attachmentId);
    assertNoDoubles();
  });

  it('the same bytes asked for twice at once are uploaded once', async () => {
    const up = uploader();
    const bytes = fixture('taxi-receipt.jpg');
    const hash = sha256(bytes);
    const [a, b] = await Promise.all([
      up.upload({ receiptId: 'a', hash, fileName: 'a.jpg', mime: 'image/jpeg', bytes }),
      up.upload({ receiptId: 'b', hash, fileName: 'b.jpg', mime: 'image/jpeg', bytes }),
    ]);
    expect(a.attachmentId).toBe(b.attachmentId);
    expect(world.sim.admin.listAttachments()).toHaveLength(1);
  });

  it('refuses bytes that do not match their hash (the ledger must never hand out another file)', async () => {
    await expect(
      uploader().upload({ receiptId: 'x', hash: 'a'.repeat(64), fileName: 'x.jpg', mime: 'image/jpeg', bytes: fixture('taxi-receipt.jpg') }),
    ).rejects.toThrow(/does not match its hash/);
    expect(world.sim.admin.listAttachments()).toHaveLength(0);
  });
});
