/**
 * The PDF expense report for a project and a period (pdf-lib): a title block (the user, the
 * project, the period), one line per expense (date, merchant or notes, category, amount in its
 * currency), totals per currency (never converted), then every receipt: photos as full pages,
 * PDF receipts as their own pages. Every page carries "Page i of n".
 *
 * Plain TypeScript, no DOM: photos pdf-lib cannot embed (WebP, HEIC) go through `toEmbeddable`,
 * which the app implements with the browser's image decoder (report-images.ts).
 *
 * Text is set in Noto Sans, shipped with the app (report-fonts.ts) and embedded through fontkit
 * (subset: only the glyphs used), so names and notes in Latin, Greek and Cyrillic scripts print as
 * written. A character the font lacks (emoji, Arabic, CJK) prints as "?" instead of failing the report.
 */
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import type { LocalExpense } from '@shared/model/expense';
import { formatMoney } from '@shared/money';
import { formatDay } from '@shared/dates';
import { totalContribution } from '@renderer/expense-list/list-model';
import { t, tc } from '@renderer/i18n';

export interface ReportReceipt {
  name: string;
  mime: string;
  bytes: Uint8Array;
}

/** The report's typefaces as font files (TrueType/OpenType bytes). */
export interface ReportFonts {
  regular: Uint8Array;
  bold: Uint8Array;
}

export interface ReportInput {
  fonts: ReportFonts;
  userName: string;
  projectTitle: string;
  /** Inclusive YYYY-MM-DD bounds. */
  from: string;
  to: string;
  /** In report order (oldest first is what a client expects). */
  expenses: readonly LocalExpense[];
  vendorName(id: string): string | undefined;
  receipt(id: string): Promise<ReportReceipt | undefined>;
  /** A photo pdf-lib cannot embed, as PNG or JPEG; null when it cannot be converted. */
  toEmbeddable?(receipt: ReportReceipt): Promise<ReportReceipt | null>;
  locale: string;
  /** When the report was made (footer). */
  now?: Date;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const LINE = 16;
const GREY = rgb(0.4, 0.4, 0.45);

/** Builds the report; answers its bytes. */
export async function buildExpenseReport(input: ReportInput): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create();
  doc.setTitle(t('pdf.documentTitle', { project: input.projectTitle, from: formatDay(input.from, input.locale), to: formatDay(input.to, input.locale) }));
  doc.setAuthor(input.userName);
  doc.setCreator('Expense Courier');
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(input.fonts.regular, { subset: true });
  const bold = await doc.embedFont(input.fonts.bold, { subset: true });
  const safe = textFilterFor(font);

  let page = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  const newPage = (): void => {
    page = doc.addPage(A4);
    y = A4[1] - MARGIN;
  };
  const write = (text: string, x: number, size = 10, f: PDFFont = font, width?: number): void => {
    page.drawText(fit(safe(text), f, size, width ?? A4[0] - MARGIN - x), { x, y, size, font: f });
  };

  write(t('pdf.heading'), MARGIN, 18, bold);
  y -= 26;
  write(t('pdf.person', { name: input.userName }), MARGIN, 11);
  y -= LINE;
  write(t('pdf.project', { title: input.projectTitle }), MARGIN, 11);
  y -= LINE;
  write(t('pdf.period', { from: formatDay(input.from, input.locale), to: formatDay(input.to, input.locale) }), MARGIN, 11);
  y -= LINE * 1.8;

  const columns = { date: MARGIN, description: MARGIN + 70, category: MARGIN + 300, amount: A4[0] - MARGIN };
  const header = (): void => {
    write(t('pdf.colDate'), columns.date, 10, bold);
    write(t('pdf.colDescription'), columns.description, 10, bold);
    write(t('pdf.colCategory'), columns.category, 10, bold);
    rightAligned(page, safe(t('pdf.colAmount')), columns.amount, y, 10, bold);
    y -= 6;
    page.drawLine({ start: { x: MARGIN, y }, end: { x: A4[0] - MARGIN, y }, thickness: 0.5, color: GREY });
    y -= LINE;
  };
  header();
  const totals = new Map<string, number>();
  for (const e of input.expenses) {
    if (y < MARGIN + LINE * 2) {
      newPage();
      header();
    }
    const vendor = e.vendorId ? input.vendorName(e.vendorId) : undefined;
    const description = [vendor, e.notes.replace(/\s+/g, ' ').trim()].filter(Boolean).join(' · ') || '—';
    const amount = totalContribution(e);
    write(formatDay(e.date, input.locale), columns.date);
    write(description, columns.description, 10, font, columns.category - columns.description - 8);
    write(e.category, columns.category, 10, font, columns.amount - columns.category - 90);
    if (amount) {
      rightAligned(page, safe(formatMoney(amount.minor, amount.currency, input.locale)), columns.amount, y, 10, font);
      totals.set(amount.currency, (totals.get(amount.currency) ?? 0) + amount.minor);
    }
    y -= LINE;
  }
  if (y < MARGIN + LINE * (totals.size + 2)) newPage();
  y -= 4;
  page.drawLine({ start: { x: MARGIN, y: y + 10 }, end: { x: A4[0] - MARGIN, y: y + 10 }, thickness: 0.5, color: GREY });
  write(tc('pdf.count', input.expenses.length), MARGIN, 10, bold);
  for (const [currency, minor] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
    rightAligned(page, safe(t('pdf.total', { amount: formatMoney(minor, currency, input.locale) })), columns.amount, y, 10, bold);
    y -= LINE;
  }

  // Receipts, in the order of their expenses; the same file attached twice appears once.
  const done = new Set<string>();
  for (const e of input.expenses) {
    if (!e.receiptId || done.has(e.receiptId)) continue;
    done.add(e.receiptId);
    const receipt = await input.receipt(e.receiptId);
    const captioned = { date: formatDay(e.date, input.locale), what: e.notes.replace(/\s+/g, ' ').trim() || e.category, file: receipt?.name ?? '' };
    const caption = captioned.file ? t('pdf.receiptCaptionFile', captioned) : t('pdf.receiptCaption', captioned);
    if (!receipt) {
      addNotice(doc, font, safe(caption), safe(t('pdf.receiptMissing')));
      continue;
    }
    if (receipt.mime === 'application/pdf') {
      try {
        const source = await PDFDocument.load(receipt.bytes, { ignoreEncryption: true });
        const pages = await doc.copyPages(source, source.getPageIndices());
        for (const p of pages) doc.addPage(p);
        continue;
      } catch {
        addNotice(doc, font, safe(caption), safe(t('pdf.receiptUnreadable')));
        continue;
      }
    }
    const embeddable = receipt.mime === 'image/jpeg' || receipt.mime === 'image/png' ? receipt : ((await input.toEmbeddable?.(receipt)) ?? null);
    try {
      if (!embeddable) throw new Error('not embeddable');
      const image = embeddable.mime === 'image/png' ? await doc.embedPng(embeddable.bytes) : await doc.embedJpg(embeddable.bytes);
      const p = doc.addPage(A4);
      p.drawText(fit(safe(caption), font, 10, A4[0] - 2 * MARGIN), { x: MARGIN, y: A4[1] - MARGIN, size: 10, font });
      const box = { width: A4[0] - 2 * MARGIN, height: A4[1] - 2 * MARGIN - 30 };
      const scale = Math.min(box.width / image.width, box.height / image.height, 1);
      const w = image.width * scale;
      const h = image.height * scale;
      p.drawImage(image, { x: MARGIN + (box.width - w) / 2, y: MARGIN + 10 + (box.height - h), width: w, height: h });
    } catch {
      addNotice(doc, font, safe(caption), safe(t('pdf.receiptUnreadable')));
    }
  }

  const pages = doc.getPages();
  const stamp = formatDay((input.now ?? new Date()).toISOString().slice(0, 10), input.locale);
  pages.forEach((p, i) => {
    const footer = safe(t('pdf.footer', { page: i + 1, pages: pages.length, made: stamp }));
    const { width } = p.getSize();
    p.drawText(footer, { x: width - MARGIN - font.widthOfTextAtSize(footer, 8), y: 24, size: 8, font, color: GREY });
  });
  return (await doc.save()) as Uint8Array<ArrayBuffer>;
}

function addNotice(doc: PDFDocument, font: PDFFont, caption: string, notice: string): void {
  const p = doc.addPage(A4);
  p.drawText(fit(caption, font, 10, A4[0] - 2 * MARGIN), { x: MARGIN, y: A4[1] - MARGIN, size: 10, font });
  p.drawText(fit(notice, font, 10, A4[0] - 2 * MARGIN), { x: MARGIN, y: A4[1] - MARGIN - 20, size: 10, font, color: GREY });
}

function rightAligned(page: PDFPage, text: string, right: number, y: number, size: number, font: PDFFont): void {
  page.drawText(text, { x: right - font.widthOfTextAtSize(text, size), y, size, font });
}

/** Shortens `text` with an ellipsis until it fits `width`. */
function fit(text: string, font: PDFFont, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let end = text.length;
  while (end > 0 && font.widthOfTextAtSize(`${text.slice(0, end)}…`, size) > width) end--;
  return `${text.slice(0, end)}…`;
}

/** Characters the font has print as they are; others (emoji, scripts it lacks) become "?". */
function textFilterFor(font: PDFFont): (text: string) => string {
  const supported = new Set(font.getCharacterSet());
  return (text) => {
    let out = '';
    for (const ch of text.normalize('NFC')) out += /\s/.test(ch) ? ' ' : supported.has(ch.codePointAt(0)!) ? ch : '?';
    return out;
  };
}
