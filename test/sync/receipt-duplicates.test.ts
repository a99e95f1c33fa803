/**
 * "Another expense, local or from Kantata, has the same receipt bytes", end to end: the renderer's
 * real duplicate check (duplicates/find.ts) on a Device (fake-indexeddb), the pull that brings a
 * Kantata receipt's metadata (`include=receipt`), and main's real AttachmentDigests downloading a
 * Kantata file from the simulator's CDN over HTTP, behind the contract's schemas.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalExpense } from '@shared/model/expense';
import { findPossibleDuplicates, type DuplicateProbe } from '@renderer/duplicates/find';
import { KantataClient } from '../../src/main/core/kantata/client';
import { AttachmentDigests, ReceiptUploader, UploadLedger, memoryLedgerStore } from '../../src/main/core/receipts';
import { Device, digestCourier } from '../support/node/device';
import { engineFor, requests, startWorld, type SimWorld } from './support';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/receipts/${name}`, import.meta.url)));
/** The same length, one byte different. */
function flipped(bytes: Uint8Array, at: number): Uint8Array {
  const copy = new Uint8Array(bytes);
  copy[at] = copy[at]! ^ 0xff;
  return copy;
}
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

let world: SimWorld;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

function digests(): AttachmentDigests {
  const client = new KantataClient({ baseUrl: world.sim.baseUrl, token: world.sim.token, timeoutMs: 2_000 });
  return new AttachmentDigests({ client: () => client, retryDelayMs: 10 });
}

function uploaderFor(): ReceiptUploader {
  const client = new KantataClient({ baseUrl: world.sim.baseUrl, token: world.sim.token, timeoutMs: 5_000 });
  return new ReceiptUploader({ client: () => client, ledger: new UploadLedger(memoryLedgerStore()), retry: { baseDelayMs: 10, maxDelayMs: 50 } });
}

const origin = (): string => new URL(world.sim.baseUrl).origin;

/** An expense recorded in Kantata (another device, the web UI) with a receipt file of its own. */
function kantataExpense(filename: string, bytes: Uint8Array, fields: { notes?: string; amount?: number; date?: string } = {}): { expenseId: string; attachmentId: string } {
  const attachment = world.sim.admin.addReceipt(world.sim.userId, filename, bytes, origin());
  const expense = world.sim.admin.addExpense(world.sim.userId, {
    workspace_id: world.workspaceId,
    date: fields.date ?? '2026-02-10',
    expense_category_id: world.categoryId,
    category: world.category,
    amount_in_cents: fields.amount ?? 4_200,
    notes: fields.notes ?? 'Entered in Kantata',
    receipt_id: attachment.id,
  });
  return { expenseId: expense.id, attachmentId: attachment.id };
}

/** The form's probe for a new expense holding `receiptId`, at another amount, date and place (only the receipt can match). */
const probeWith = (receiptId: string): DuplicateProbe => ({
  id: null,
  date: '2026-03-30',
  amountCents: 999,
  currency: 'USD',
  foreignAmount: null,
  notes: 'Something else entirely',
  vendorId: null,
  receiptId,
});

const noVendors = (): null => null;
const downloads = (): number => requests(world, { method: 'GET', path: /^\/cdn\/attachments\// });

async function pulledRow(local: Device, remoteId: string): Promise<LocalExpense> {
  const row = (await local.rows()).find((e) => e.remoteId === remoteId);
  if (!row) throw new Error(`expense ${remoteId} was not pulled`);
  return row;
}

describe('same receipt bytes', () => {
  it('finds another local expense holding the same bytes in a different file row, without asking main', async () => {
    const local = new Device(world);
    const bytes = fixture('taxi-receipt.jpg');
    const first = await local.addReceipt('taxi.jpg', 'image/jpeg', bytes);
    const holder = await local.create({ receiptId: first, notes: 'Taxi to the airport' });
    // The same file again, stored under another row (another name, as a second copy of a photo would be).
    const second = await local.addReceipt('IMG_2041.jpg', 'image/jpeg', bytes);
    expect(second).not.toBe(first);
    const other = await local.addReceipt('lunch.webp', 'image/webp', fixture('lunch-receipt.webp'));
    await local.create({ receiptId: other });

    const found = await findPossibleDuplicates(probeWith(second), noVendors, () => Promise.reject(new Error('no Kantata file to compare')), local.db);
    expect(found.map((d) => [d.expense.id, d.reason])).toEqual([[holder, 'same-receipt']]);
  });

  it('learns a Kantata receipt with the pull, confirms it by downloading and hashing it once, and keeps the hash', async () => {
    const bytes = fixture('hotel-receipt.png');
    const remote = kantataExpense('hotel_receipt.png', bytes);
    kantataExpense('no_receipt_here.png', fixture('lunch-receipt.webp'));
    const local = new Device(world);
    const before = requests(world);
    await local.round(engineFor(world));
    // The metadata came side-loaded with the expenses: no request per receipt, nothing downloaded.
    expect(requests(world, { path: /^\/(attachments|cdn)/ })).toBe(0);
    expect(requests(world) - before).toBe(requests(world, { method: 'GET', path: /^\/expenses$/ }));
    const row = await pulledRow(local, remote.expenseId);
    expect(row.receiptId).toBeNull();
    expect(await local.db.remoteReceipts.get(remote.attachmentId)).toMatchObject({
      id: remote.attachmentId,
      filename: 'hotel_receipt.png',
      filesize: bytes.byteLength,
      hash: null,
    });

    // The same photo, named differently on this computer: only the content can tell.
    const receiptId = await local.addReceipt('Scan 2026-02-10.png', 'image/png', bytes);
    const main = digests();
    const found = await findPossibleDuplicates(probeWith(receiptId), noVendors, digestCourier(main), local.db);
    expect(found.map((d) => [d.expense.id, d.reason, d.remoteReceipt])).toEqual([
      [row.id, 'same-receipt', { filename: 'hotel_receipt.png', filesize: bytes.byteLength }],
    ]);
    expect(downloads()).toBe(1);
    expect((await local.db.remoteReceipts.get(remote.attachmentId))?.hash).toBe(sha256(bytes));

    // Checked again (another save): answered from the stored hash, nothing downloaded.
    const again = await findPossibleDuplicates(probeWith(receiptId), noVendors, digestCourier(main), local.db);
    expect(again.map((d) => [d.expense.id, d.reason])).toEqual([[row.id, 'same-receipt']]);
    expect(downloads()).toBe(1);
    expect(main.downloads).toBe(1);
  });

  it('gives no warning for a Kantata file of the same size and name whose bytes differ', async () => {
    const bytes = fixture('taxi-receipt.jpg');
    const different = flipped(bytes, bytes.length - 3);
    const remote = kantataExpense('taxi.jpg', different);
    const local = new Device(world);
    await local.round(engineFor(world));
    const receiptId = await local.addReceipt('taxi.jpg', 'image/jpeg', bytes);

    const main = digests();
    expect(await findPossibleDuplicates(probeWith(receiptId), noVendors, digestCourier(main), local.db)).toEqual([]);
    expect(downloads()).toBe(1);
    expect((await local.db.remoteReceipts.get(remote.attachmentId))?.hash).toBe(sha256(different));
    expect(await findPossibleDuplicates(probeWith(receiptId), noVendors, digestCourier(main), local.db)).toEqual([]);
    expect(downloads()).toBe(1);
  });

  it('offline, warns on the same size and file name only, saying it could not be confirmed', async () => {
    const bytes = fixture('taxi-receipt.jpg');
    const sameName = kantataExpense('Taxi_Quittung_Muller.jpg', bytes, { notes: 'same name' });
    const otherName = kantataExpense('boarding_pass.jpg', bytes, { notes: 'other name' });
    const local = new Device(world);
    await local.round(engineFor(world));
    const receiptId = await local.addReceipt('Taxi Quittung Müller.jpg', 'image/jpeg', bytes);
    // The CDN cannot be reached: the connection is dropped before any answer.
    world.sim.admin.injectFault({ kind: 'drop-before', method: 'GET', pathPattern: '^/cdn/' });

    const found = await findPossibleDuplicates(probeWith(receiptId), noVendors, digestCourier(digests()), local.db);
    const row = await pulledRow(local, sameName.expenseId);
    expect(found.map((d) => [d.expense.id, d.reason, d.unconfirmed])).toEqual([[row.id, 'same-receipt-unconfirmed', 'offline']]);
    expect(found[0]?.remoteReceipt).toEqual({ filename: 'Taxi_Quittung_Muller.jpg', filesize: bytes.byteLength });
    // Nothing was learned: the next check online downloads and confirms both.
    expect((await local.db.remoteReceipts.get(sameName.attachmentId))?.hash).toBeNull();
    world.sim.admin.clearFaults();
    const online = await findPossibleDuplicates(probeWith(receiptId), noVendors, digestCourier(digests()), local.db);
    expect(online.map((d) => [d.expense.remoteId, d.reason]).sort()).toEqual(
      [
        [sameName.expenseId, 'same-receipt'],
        [otherName.expenseId, 'same-receipt'],
      ].sort(),
    );
  });

  it('a page that is not the file (a captive portal answering 200) is never hashed', async () => {
    const bytes = fixture('taxi-receipt.jpg');
    const remote = kantataExpense('taxi.jpg', bytes);
    const local = new Device(world);
    await local.round(engineFor(world));
    const receiptId = await local.addReceipt('taxi.jpg', 'image/jpeg', bytes);
    world.sim.admin.injectFault({ kind: 'garbage', method: 'GET', pathPattern: '^/cdn/' });

    const found = await findPossibleDuplicates(probeWith(receiptId), noVendors, digestCourier(digests()), local.db);
    expect(found.map((d) => [d.reason, d.unconfirmed])).toEqual([['same-receipt-unconfirmed', 'failed']]);
    expect((await local.db.remoteReceipts.get(remote.attachmentId))?.hash).toBeNull();
  });

  it('an expired download URL is renewed from the expense record, and the fresh URL kept', async () => {
    const bytes = fixture('hotel-receipt.png');
    const remote = kantataExpense('hotel.png', bytes);
    const local = new Device(world);
    await local.round(engineFor(world));
    const stale = (await local.db.remoteReceipts.get(remote.attachmentId))!.url;
    world.sim.admin.expireAttachmentUrls();
    const receiptId = await local.addReceipt('hotel.png', 'image/png', bytes);

    const found = await findPossibleDuplicates(probeWith(receiptId), noVendors, digestCourier(digests()), local.db);
    expect(found.map((d) => [d.expense.remoteId, d.reason])).toEqual([[remote.expenseId, 'same-receipt']]);
    const log = world.sim.admin.requestLog().filter((r) => r.path.startsWith('/cdn/') || r.path === '/expenses');
    expect(log.slice(-3).map((r) => [r.path.startsWith('/cdn/') ? 'cdn' : r.path, r.status])).toEqual([
      ['cdn', 403],
      ['/expenses', 200],
      ['cdn', 200],
    ]);
    const kept = await local.db.remoteReceipts.get(remote.attachmentId);
    expect(kept?.url).not.toBe(stale);
    expect(kept?.hash).toBe(sha256(bytes));
  });

  it('across devices: the chunked first download brings the receipt, and the device that uploaded it never downloads it', async () => {
    const laptop = new Device(world);
    const bytes = fixture('lunch-receipt.webp');
    const receiptId = await laptop.addReceipt('Lunch Müller.webp', 'image/webp', bytes);
    const expenseId = await laptop.create({ receiptId, notes: 'Lunch with the client' });
    await laptop.uploadReceipts(uploaderFor());
    await laptop.round(engineFor(world));
    const attachmentId = (await laptop.receipt(receiptId)).attachmentId!;

    // A second computer downloads everything in chunks, as the sync runner does on first start.
    const desktop = new Device(world);
    const run = await desktop.roundSteps(engineFor(world));
    expect(run.download?.status).toBe('done');
    expect(await desktop.db.remoteReceipts.get(attachmentId)).toMatchObject({ filename: 'Lunch_Muller.webp', filesize: bytes.byteLength, hash: null });
    const copy = await desktop.addReceipt('lunch.webp', 'image/webp', bytes);
    const found = await findPossibleDuplicates(probeWith(copy), noVendors, digestCourier(digests()), desktop.db);
    expect(found.map((d) => [d.expense.remoteId, d.reason])).toEqual([[(await laptop.row(expenseId)).remoteId, 'same-receipt']]);
    expect(downloads()).toBe(1);

    // The laptop pulls its own record back: it holds those bytes, so a same-size file is compared without a download.
    await laptop.round(engineFor(world));
    const sameSize = flipped(bytes, bytes.length - 1);
    const other = await laptop.addReceipt('other.webp', 'image/webp', sameSize);
    expect(await findPossibleDuplicates(probeWith(other), noVendors, digestCourier(digests()), laptop.db)).toEqual([]);
    expect(downloads()).toBe(1);
  });
});
