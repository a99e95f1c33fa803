/**
 * Capture in real Chromium: files identified by content, decoded, hashed, thumbnailed (pdf.js for
 * PDFs), stored as blobs in the real Dexie database; refusals name the file and the reason, and
 * never cost the other files of the same drop.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExpenseFields } from '@shared/model/expense';
import { CourierDatabase } from '@renderer/db/database';
import { useDatabase } from '@renderer/db/current';
import { saveExpense } from '@renderer/db/expenses-repo';
import { captureFiles } from '@renderer/receipts/capture';
import { MAX_RECEIPT_BYTES, MIN_LEGIBLE_LONG_SIDE } from '@renderer/receipts/limits';
import { taxiFields, testDbName } from '../../support/browser/seed';
import { makeHeic, makePdf, noiseImage } from '../../support/browser/receipt-files';
import { fixtureBytes, fixtureFile, imageSize, sha256 } from './files';

const fields: ExpenseFields = { ...taxiFields };

let db: CourierDatabase;
beforeEach(() => {
  db = useDatabase(new CourierDatabase(testDbName('receipts')));
});
afterEach(async () => {
  await db.delete();
});

describe('accepting receipts by content', () => {
  it('stores JPEG, PNG, WebP, HEIC and a multi-page PDF as blobs with their SHA-256, type and thumbnail', async () => {
    const files = await Promise.all([
      fixtureFile('jpeg'),
      fixtureFile('png'),
      fixtureFile('webp'),
      fixtureFile('heic'),
      fixtureFile('pdf'),
    ]);
    const report = await captureFiles(files, { kind: 'new' }, {}, db);
    expect(report.refused).toEqual([]);
    expect(report.stored.map((s) => s.receipt.mime)).toEqual(['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf']);
    for (const [i, name] of (['jpeg', 'png', 'webp', 'heic', 'pdf'] as const).entries()) {
      const row = await db.receipts.get(report.stored[i]!.receipt.id);
      expect(row?.hash).toBe(await sha256(await fixtureBytes(name)));
      expect(row?.size).toBe((await fixtureBytes(name)).byteLength);
      expect(new Uint8Array(await row!.blob.arrayBuffer())).toEqual(await fixtureBytes(name));
      expect(row?.attachmentId).toBeNull();
    }
    // Image thumbnails are real, small images.
    for (const i of [0, 1, 2]) {
      const thumb = report.stored[i]!.receipt.thumbnail!;
      const size = await imageSize(thumb);
      expect(Math.max(size.width, size.height)).toBe(240);
    }
    // HEIC cannot be decoded by Chromium: kept as is, without a preview.
    expect(report.stored[3]!.receipt.thumbnail).toBeNull();
    // The PDF: first page rendered by pdf.js, pages counted.
    const pdf = report.stored[4]!.receipt;
    expect(pdf.pageCount).toBe(3);
    const pdfThumb = await imageSize(pdf.thumbnail!);
    expect(pdfThumb.height).toBe(240);
  });

  it('goes by content, not by name: a JPEG called .pdf and a PDF without extension get their real type', async () => {
    const report = await captureFiles([await fixtureFile('jpeg', 'scan.pdf'), await fixtureFile('pdf', 'invoice')], { kind: 'new' }, {}, db);
    expect(report.refused).toEqual([]);
    expect(report.stored.map((s) => [s.receipt.name, s.receipt.mime])).toEqual([
      ['scan.jpg', 'image/jpeg'],
      ['invoice.pdf', 'application/pdf'],
    ]);
  });
});

describe('refusals name the file and the reason; the rest of the drop is kept', () => {
  it('corrupt JPEG, renamed program and empty file are refused with specific messages; the good files are stored', async () => {
    const files = [
      await fixtureFile('corrupt'),
      await fixtureFile('jpeg'),
      await fixtureFile('exe'),
      await fixtureFile('empty'),
      await fixtureFile('pdf'),
    ];
    const report = await captureFiles(files, { kind: 'new' }, {}, db);
    expect(report.stored.map((s) => s.fileName)).toEqual(['taxi-receipt.jpg', 'invoice-3-pages.pdf']);
    expect(report.refused.map((r) => [r.fileName, r.reason])).toEqual([
      ['corrupt-photo.jpg', 'corrupt'],
      ['renamed-program.jpg', 'unsupported'],
      ['empty.png', 'empty'],
    ]);
    expect(report.refused[0]!.message).toBe('“corrupt-photo.jpg” was not attached: the JPEG image is damaged and cannot be displayed.');
    expect(report.refused[1]!.message).toMatch(/^“renamed-program\.jpg” was not attached: it is a Windows program\. Receipts must be JPEG, PNG, WebP or HEIC photos, or PDF files\.$/);
    expect(report.refused[2]!.message).toBe('“empty.png” was not attached: the file is empty (0 bytes).');
    expect(await db.receipts.count()).toBe(2);
  });

  it('a damaged PDF is refused', async () => {
    const broken = new File([new TextEncoder().encode('%PDF-1.4\nthis is not a pdf at all\n')], 'broken.pdf');
    const report = await captureFiles([broken], { kind: 'new' }, {}, db);
    expect(report.refused[0]).toMatchObject({ fileName: 'broken.pdf', reason: 'corrupt' });
    expect(report.refused[0]!.message).toMatch(/PDF is damaged/);
  });

  it('a PDF over 10 MB is refused with its size; an oversize HEIC is refused with advice; nothing is stored', async () => {
    const bigPdf = new File([makePdf(['Scanned invoice'], { padBytes: MAX_RECEIPT_BYTES + 512 * 1024 }) as BlobPart], 'big-scan.pdf');
    const bigHeic = new File([makeHeic(MAX_RECEIPT_BYTES + 1024 * 1024) as BlobPart], 'IMG_0001.HEIC');
    const report = await captureFiles([bigPdf, bigHeic], { kind: 'new' }, {}, db);
    expect(report.stored).toEqual([]);
    expect(report.refused[0]).toMatchObject({ fileName: 'big-scan.pdf', reason: 'too-large' });
    expect(report.refused[0]!.message).toMatch(/^“big-scan\.pdf” was not attached: this PDF is 10\.5 MB; Kantata accepts receipts up to 10\.0 MB/);
    expect(report.refused[1]).toMatchObject({ fileName: 'IMG_0001.HEIC', reason: 'too-large' });
    expect(report.refused[1]!.message).toMatch(/HEIC photo is 11\.0 MB.*Export it as JPEG/);
    expect(await db.receipts.count()).toBe(0);
  });

  it('a photo over 10 MB is downscaled to a JPEG under the limit that stays legible', async () => {
    const noise = await noiseImage(3200, 2400, 'image/png');
    expect(noise.size).toBeGreaterThan(MAX_RECEIPT_BYTES);
    const report = await captureFiles([new File([noise], 'whiteboard.png', { type: 'image/png' })], { kind: 'new' }, {}, db);
    expect(report.refused).toEqual([]);
    const stored = report.stored[0]!;
    expect(stored.downscaled).toBe(true);
    expect(stored.receipt).toMatchObject({ name: 'whiteboard.jpg', mime: 'image/jpeg' });
    expect(stored.receipt.size).toBeLessThanOrEqual(MAX_RECEIPT_BYTES);
    const size = await imageSize(stored.receipt.blob);
    expect(Math.max(size.width, size.height)).toBeGreaterThanOrEqual(MIN_LEGIBLE_LONG_SIDE);
    expect(size.width / size.height).toBeCloseTo(3200 / 2400, 2);
    expect(stored.receipt.hash).toBe(await sha256(stored.receipt.blob));
  });
});

describe('duplicates, attaching, persistence', () => {
  it('attaching to an expense writes the receipt, the expense and the outbox entry together', async () => {
    const expense = await saveExpense({ fields }, db);
    const report = await captureFiles([await fixtureFile('png')], { kind: 'expense', expenseId: expense.id }, {}, db);
    const receiptId = report.stored[0]!.receipt.id;
    expect((await db.expenses.get(expense.id))?.receiptId).toBe(receiptId);
    const outbox = await db.outbox.where('expenseId').equals(expense.id).sortBy('seq');
    expect(outbox.map((e) => [e.kind, e.changes])).toEqual([
      ['create', undefined],
      ['update', { receiptId }],
    ]);
  });

  it('the same file dropped twice is detected by its hash and the expense it belongs to is named', async () => {
    const taxi = await saveExpense({ fields: { ...fields, notes: 'Taxi to the airport' } }, db);
    const hotel = await saveExpense({ fields: { ...fields, notes: 'Hotel' } }, db);
    await captureFiles([await fixtureFile('jpeg')], { kind: 'expense', expenseId: taxi.id }, {}, db);
    const again = await captureFiles([await fixtureFile('jpeg', 'copy of taxi.jpg')], { kind: 'expense', expenseId: hotel.id }, {}, db);
    expect(again.stored).toEqual([]);
    expect(again.refused[0]!.message).toMatch(
      /^“copy of taxi\.jpg” was not attached: the same file is already attached to the expense “Taxi to the airport” of Nov 21, 2026 \(\$12\.50\)\.$/,
    );
    const same = await captureFiles([await fixtureFile('jpeg')], { kind: 'expense', expenseId: taxi.id }, {}, db);
    expect(same.refused[0]!.message).toMatch(/already attached to this expense/);
    const inOneDrop = await captureFiles([await fixtureFile('webp'), await fixtureFile('webp', 'again.webp')], { kind: 'new' }, {}, db);
    expect(inOneDrop.stored).toHaveLength(1);
    expect(inOneDrop.refused[0]!.message).toBe('“again.webp” was not attached: it is the same file as “lunch-receipt.webp” in this drop.');
    expect(await db.receipts.count()).toBe(2);
    expect((await db.expenses.get(hotel.id))?.receiptId).toBeNull();
  });

  it('a locked expense takes no receipt and nothing is written', async () => {
    const expense = await saveExpense({ fields }, db);
    await db.expenses.update(expense.id, { syncState: 'locked', userCanEdit: false });
    const report = await captureFiles([await fixtureFile('png')], { kind: 'expense', expenseId: expense.id }, {}, db);
    expect(report.refused[0]).toMatchObject({ reason: 'locked', fileName: 'hotel-receipt.png' });
    expect(await db.receipts.count()).toBe(0);
    expect(await db.outbox.count()).toBe(1);
  });

  it('receipts survive closing and reopening the database (a crash after acceptance)', async () => {
    const expense = await saveExpense({ fields }, db);
    await captureFiles([await fixtureFile('pdf')], { kind: 'expense', expenseId: expense.id }, {}, db);
    const name = db.name;
    db.close();
    const reopened = useDatabase(new CourierDatabase(name));
    try {
      const row = await reopened.expenses.get(expense.id);
      const receipt = await reopened.receipts.get(row!.receiptId!);
      expect(receipt?.name).toBe('invoice-3-pages.pdf');
      expect(await sha256(receipt!.blob)).toBe(receipt!.hash);
      expect(await sha256(receipt!.blob)).toBe(await sha256(await fixtureBytes('pdf')));
      expect(await imageSize(receipt!.thumbnail!)).toMatchObject({ height: 240 });
    } finally {
      db = reopened;
    }
  });
});
