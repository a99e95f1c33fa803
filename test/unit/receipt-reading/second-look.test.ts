/**
 * The second look at a page (read.ts): a page whose date is missing or doubtful is recognised
 * again with adaptive binarisation, and the surer date wins while the first look's other fields
 * stay. The OCR engine is scripted (recognised text per mode); preparation, re-reading and
 * extraction are the app's own. Plus the Tesseract worker's wear rule.
 */
import { describe, expect, it } from 'vitest';
import { readReceiptImage, type OcrEngine, type OcrMode } from '../../../src/shared/receipt-reading/read';
import {
  RECYCLE_WORKER_AFTER,
  RECYCLE_WORKER_AFTER_GROWTH_BYTES,
  RECYCLE_WORKER_AFTER_PIXELS,
  workerWorn,
} from '../../../src/shared/receipt-reading/tesseract-page';
import { pageFromText } from '../../support/common/receipt-page';

const NOW = new Date('2026-06-15T12:00:00Z');
const blank = { width: 480, height: 400, data: new Uint8Array(480 * 400).fill(255) };

function scripted(pages: Partial<Record<OcrMode, { text: string; confidence: number }>>): OcrEngine & { modes: OcrMode[] } {
  const modes: OcrMode[] = [];
  return {
    modes,
    recognise(image, mode) {
      modes.push(mode);
      const page = pages[mode] ?? pages.page!;
      return Promise.resolve({ ...pageFromText(page.text, page.confidence), width: image.width, height: image.height });
    },
  };
}

const FIRST = 'KEDAI BUKU SDN BHD\nTOTAL RM 9.00\nDate: 16/06/2025 10:15';

describe('second look at a doubtful date', () => {
  it('is not taken when the first look read a sure date', async () => {
    const engine = scripted({ page: { text: FIRST, confidence: 90 }, 'page-adaptive': { text: 'Date: 15/06/2025', confidence: 95 } });
    const { fields } = await readReceiptImage(engine, blank, 1, { now: NOW });
    expect(engine.modes).not.toContain('page-adaptive');
    expect(fields.date?.value).toBe('2025-06-16');
  });

  it('replaces a doubtful date with a surer one and keeps the other fields of the first look', async () => {
    const engine = scripted({
      page: { text: FIRST, confidence: 60 },
      strip: { text: 'Date: 16/06/2025 10:15', confidence: 60 },
      'page-adaptive': { text: 'KEDAI 8UKU\nTOTAL RM 8.00\nDate: 15/06/2025 10:15', confidence: 85 },
    });
    const { fields } = await readReceiptImage(engine, blank, 1, { now: NOW });
    expect(engine.modes).toContain('page-adaptive');
    expect(fields.date?.value).toBe('2025-06-15');
    expect(fields.total?.value).toBe('9.00');
    expect(fields.merchant?.value).toBe('KEDAI BUKU SDN BHD');
  });

  it('keeps the first date when the second look is no surer', async () => {
    const engine = scripted({
      page: { text: FIRST, confidence: 60 },
      strip: { text: 'Date: 16/06/2025 10:15', confidence: 60 },
      'page-adaptive': { text: 'Date: 15/06/2025 10:15', confidence: 40 },
    });
    expect((await readReceiptImage(engine, blank, 1, { now: NOW })).fields.date?.value).toBe('2025-06-16');
  });

  it('reads a page the first look found empty (a dark scanner edge defeats one global threshold)', async () => {
    const engine = scripted({ page: { text: '', confidence: 0 }, 'page-adaptive': { text: FIRST, confidence: 80 } });
    const { page, fields } = await readReceiptImage(engine, blank, 1, { now: NOW });
    expect(fields).toMatchObject({ total: { value: '9.00' }, date: { value: '2025-06-16' }, merchant: { value: 'KEDAI BUKU SDN BHD' } });
    expect(page.lines.length).toBeGreaterThan(0);
  });
});

describe('Tesseract worker wear', () => {
  it('is worn after its reads or sooner after many pixels', () => {
    expect(workerWorn({ reads: RECYCLE_WORKER_AFTER - 1, pixels: 1_000_000 })).toBe(false);
    expect(workerWorn({ reads: RECYCLE_WORKER_AFTER, pixels: 1_000_000 })).toBe(true);
    expect(workerWorn({ reads: 3, pixels: RECYCLE_WORKER_AFTER_PIXELS })).toBe(true);
  });

  it('is worn once the memory a reader can see has grown enough since the worker started', () => {
    expect(workerWorn({ reads: 3, pixels: 1_000_000, grownBytes: RECYCLE_WORKER_AFTER_GROWTH_BYTES - 1 })).toBe(false);
    expect(workerWorn({ reads: 3, pixels: 1_000_000, grownBytes: RECYCLE_WORKER_AFTER_GROWTH_BYTES })).toBe(true);
    // A reader that cannot see its memory (a browser worker) relies on reads and pixels.
    expect(workerWorn({ reads: 3, pixels: 1_000_000 })).toBe(false);
  });
});
