/**
 * A PDF receipt's text layer (pdf.js getTextContent items) as a RecognisedPage: items that share
 * a baseline become one line, left to right, with boxes in the page's pixels at `scale` (PDF
 * y grows upwards; image y grows downwards). Typed structurally: src/shared does not import pdf.js.
 */
import { unionBox, type PageLine, type PageWord, type RecognisedPage } from './page';

export interface PdfTextItem {
  str: string;
  /** [a, b, c, d, e, f]: e and f are the baseline origin in PDF units. */
  transform: number[];
  width: number;
  height: number;
}

/** Fewer characters than this on the first page means a scan: read it with OCR instead. */
export const MIN_TEXT_LAYER_CHARS = 20;

export function textLayerChars(items: readonly PdfTextItem[]): number {
  return items.reduce((sum, item) => sum + item.str.trim().length, 0);
}

export function pageFromPdfText(
  items: readonly PdfTextItem[],
  view: { width: number; height: number },
  scale = 1,
): RecognisedPage {
  const words: Array<PageWord & { baseline: number }> = [];
  for (const item of items) {
    const text = item.str.replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    const [, , , scaleY = 10, x = 0, baseline = 0] = item.transform;
    const height = item.height || Math.abs(scaleY) || 10;
    const pieces = text.split(' ');
    const charWidth = item.width / Math.max(1, item.str.length);
    let offset = item.str.length - item.str.trimStart().length;
    for (const piece of pieces) {
      const x0 = x + offset * charWidth;
      const x1 = x0 + piece.length * charWidth;
      words.push({
        text: piece,
        confidence: 100,
        baseline,
        box: {
          x0: Math.round(x0 * scale),
          x1: Math.round(x1 * scale),
          y0: Math.round((view.height - baseline - height) * scale),
          y1: Math.round((view.height - baseline + height * 0.25) * scale),
        },
      });
      offset += piece.length + 1;
    }
  }
  // Top to bottom, then a line per baseline (within a third of the text height).
  words.sort((a, b) => b.baseline - a.baseline || a.box.x0 - b.box.x0);
  const lines: PageLine[] = [];
  let current: typeof words = [];
  const flush = (): void => {
    if (current.length === 0) return;
    const ordered = [...current].sort((a, b) => a.box.x0 - b.box.x0).map(({ baseline: _baseline, ...word }) => word);
    lines.push({ text: ordered.map((word) => word.text).join(' '), box: unionBox(ordered.map((word) => word.box)), words: ordered });
    current = [];
  };
  for (const word of words) {
    const tolerance = (word.box.y1 - word.box.y0) / scale / 3;
    if (current[0] && Math.abs(current[0].baseline - word.baseline) > tolerance) flush();
    current.push(word);
  }
  flush();
  return { width: Math.round(view.width * scale), height: Math.round(view.height * scale), lines };
}
