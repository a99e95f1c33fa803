/**
 * The PDF expense report's content: pages counted and their text extracted with pdf.js, embedded
 * images counted with pdf-lib, for a report with photos (JPEG, PNG), a 3-page PDF receipt and a
 * WebP photo that cannot be converted here (no browser decoder in Node: it gets a notice page).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, PDFDict, PDFRawStream } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { buildExpenseReport, type ReportReceipt } from '@renderer/export/pdf-report';
import { newLocalExpense, type LocalExpense } from '@shared/model/expense';
import { simExpenseFields } from '../../support/common/sim-expense-fields';
import { loadReportFonts } from '../../support/node/report-fonts';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../fixtures/receipts/${name}`, import.meta.url)));
/** pdf.js reads the 14 standard fonts' metrics from files shipped with it. */
const STANDARD_FONTS = fileURLToPath(new URL('../../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url));
const project = { workspaceId: 'w1', categoryId: 'c1', category: 'Travel' };

const receipts: Record<string, ReportReceipt> = {
  r1: { name: 'taxi-receipt.jpg', mime: 'image/jpeg', bytes: fixture('taxi-receipt.jpg') },
  r2: { name: 'hotel-receipt.png', mime: 'image/png', bytes: fixture('hotel-receipt.png') },
  r3: { name: 'invoice-3-pages.pdf', mime: 'application/pdf', bytes: fixture('invoice-3-pages.pdf') },
  r4: { name: 'lunch-receipt.webp', mime: 'image/webp', bytes: fixture('lunch-receipt.webp') },
};

function expense(i: number, overrides: Partial<LocalExpense> = {}): LocalExpense {
  return { ...newLocalExpense(simExpenseFields(project, { date: `2026-11-${String(10 + (i % 20)).padStart(2, '0')}`, notes: `Taxi ${i}`, amountCents: 1000 + i })), ...overrides };
}

async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data: bytes.slice(), isEvalSupported: false, standardFontDataUrl: STANDARD_FONTS }).promise;
  const texts: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return texts;
}

async function imagesPerPage(bytes: Uint8Array): Promise<number[]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) => {
    const xobjects = page.node.Resources()?.lookup(PDFName.of('XObject'));
    if (!(xobjects instanceof PDFDict)) return 0;
    return xobjects.keys().filter((key) => {
      const object = xobjects.lookup(key);
      return object instanceof PDFRawStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Image');
    }).length;
  });
}

describe('PDF expense report', { timeout: 30_000 }, () => {
  it('lists the expenses with per-currency totals, then every receipt; every page numbered', async () => {
    const expenses = [
      expense(0, { receiptId: 'r1', notes: 'Taxi to the airport, "late"' }),
      expense(1, { receiptId: 'r2', notes: 'Hotel Zürich — 2 nights', vendorId: 'v1' }),
      expense(2, { receiptId: 'r3', notes: 'Conference invoice', currency: 'EUR', amountCents: 25_000 }),
      expense(3, { receiptId: 'r4', notes: 'Lunch 🍜 مطعم' }),
      expense(4, { receiptId: 'r1', notes: 'Same receipt again' }),
    ];
    const bytes = await buildExpenseReport({
      fonts: await loadReportFonts(),
      userName: 'Dana Example',
      projectTitle: 'Apollo rollout',
      from: '2026-11-01',
      to: '2026-11-30',
      expenses,
      vendorName: (id) => (id === 'v1' ? 'Hotel Alpina' : undefined),
      receipt: async (id) => receipts[id],
      locale: 'en-US',
      now: new Date('2026-12-04T00:00:00Z'),
    });
    const texts = await pageTexts(bytes);
    // "Lunch 🍜 مطعم": the emoji and the Arabic are not in the font and print as "?".
    // 1 list page + JPEG + PNG + the PDF's 3 pages + a notice for the WebP (the JPEG once).
    expect(texts).toHaveLength(7);
    const first = texts[0]!;
    for (const needle of ['Expense report', 'Dana Example', 'Apollo rollout', 'Nov 1, 2026 to Nov 30, 2026', 'Taxi to the airport, "late"', 'Hotel Alpina · Hotel Zürich — 2 nights', 'Lunch ? ????', '5 expenses', 'Total $40.08', 'Total €250.00']) {
      expect(first).toContain(needle);
    }
    texts.forEach((t, i) => expect(t).toContain(`Page ${i + 1} of 7 · made Dec 4, 2026`));
    expect(texts[1]).toContain('Receipt: Nov 10, 2026 · Taxi to the airport, "late" (taxi-receipt.jpg)');
    expect(texts[2]).toContain('hotel-receipt.png');
    expect(texts[6]).toContain('lunch-receipt.webp');
    expect(texts[6]).toContain('could not be included');
    expect(await imagesPerPage(bytes)).toEqual([0, 1, 1, expect.any(Number), expect.any(Number), expect.any(Number), 0]);
  });

  it('prints names and notes in Greek, Cyrillic and accented Latin as written (the shipped font)', async () => {
    const notes = ['Ταξί στο αεροδρόμιο', 'Ужин с клиентом в Москве', 'Déjeuner à Łódź, Ærøskøbing, İstanbul', 'Ŝtupo ŭ ğ ő ț'];
    const bytes = await buildExpenseReport({
      fonts: await loadReportFonts(),
      userName: 'Δανάη Παπαδοπούλου',
      projectTitle: 'Проект «Аполлон»',
      from: '2026-11-01',
      to: '2026-11-30',
      expenses: notes.map((n, i) => expense(i, { notes: n, category: i === 0 ? 'Μεταφορές' : 'Travel' })),
      vendorName: () => undefined,
      receipt: async () => undefined,
      locale: 'el-GR',
    });
    const [first] = await pageTexts(bytes);
    for (const needle of [...notes, 'Δανάη Παπαδοπούλου', 'Проект «Аполлон»', 'Μεταφορές']) expect(first).toContain(needle);
    expect(first).not.toContain('?');
  });

  it('embeds a WebP photo when the app converts it, and runs onto more pages for long lists', async () => {
    const expenses = Array.from({ length: 120 }, (_, i) => expense(i));
    expenses[0] = { ...expenses[0]!, receiptId: 'r4' };
    const bytes = await buildExpenseReport({
      fonts: await loadReportFonts(),
      userName: 'Dana', projectTitle: 'Apollo', from: '2026-11-01', to: '2026-11-30', expenses,
      vendorName: () => undefined,
      receipt: async (id) => receipts[id],
      // What the app's browser decoder would answer (any PNG will do for the report's part).
      toEmbeddable: async () => receipts.r2!,
      locale: 'en-US',
    });
    const texts = await pageTexts(bytes);
    expect(texts.length).toBe(4); // 120 lines over 3 pages, then the photo
    expect(texts[2]).toContain('120 expenses');
    expect(texts[1]).toContain('Date'); // the column header repeats on every list page
    expect((await imagesPerPage(bytes)).at(-1)).toBe(1);
  });
});
