/**
 * The reading worker in Chromium: tesseract.js, its WebAssembly core and the packaged English
 * traineddata, all loaded from the app's own origin; one warm worker reused for several receipts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { disposeReader, readReceipt, readerStatus } from '@renderer/receipt-reading/reader';
import { receiptPhoto } from '../../support/browser/receipt-image';

afterEach(() => disposeReader());

describe('the receipt reader', () => {
  it('reads a photo in the worker and keeps the worker warm for the next', async () => {
    const photo = await receiptPhoto(['KEDAI BUKU ANGKASA SDN BHD', 'Date: 25/10/2026 8:13', 'Total 9.00', 'Cash 10.00', 'Change 1.00']);
    const first = await readReceipt(photo, { now: new Date('2026-11-01T00:00:00Z') });
    expect(first.fields.total?.value).toBe('9.00');
    expect(first.fields.date?.value).toBe('2026-10-25');
    expect(first.fields.currency?.value).toBe('MYR');
    expect(first.fields.merchant?.value).toBe('KEDAI BUKU ANGKASA SDN BHD');
    expect(readerStatus()).toEqual({ worker: true, running: false, queued: 0, engine: { language: 'eng', live: 1 } });
    const started = performance.now();
    const second = await readReceipt(await receiptPhoto(['BAKERY ONE LTD', 'TOTAL £4.20']), { now: new Date('2026-11-01T00:00:00Z') });
    expect(second.fields.total?.value).toBe('4.20');
    expect(second.fields.currency?.value).toBe('GBP');
    console.log(`second read (warm worker): ${Math.round(performance.now() - started)} ms`);
  }, 120_000);
});
