/**
 * What an OCR engine or a PDF text layer hands to the extraction rules: the page's lines, each
 * with its words and their boxes in the coordinates of the image that was read. Plain data, so
 * tesseract.js in a browser worker, tesseract.js in Node and pdf.js all produce the same shape.
 */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface PageWord {
  text: string;
  box: Box;
  /** 0..100; 100 for a PDF text layer. */
  confidence: number;
}

export interface PageLine {
  text: string;
  box: Box;
  words: PageWord[];
}

export interface RecognisedPage {
  width: number;
  height: number;
  lines: PageLine[];
}

/** A box to outline on a receipt, with the size of the page its coordinates refer to. */
export interface ReceiptHighlight {
  box: Box;
  width: number;
  height: number;
}

export function unionBox(boxes: readonly Box[]): Box {
  return {
    x0: Math.min(...boxes.map((box) => box.x0)),
    y0: Math.min(...boxes.map((box) => box.y0)),
    x1: Math.max(...boxes.map((box) => box.x1)),
    y1: Math.max(...boxes.map((box) => box.y1)),
  };
}

export function scaleBox(box: Box, factor: number, offset: { x: number; y: number }): Box {
  return {
    x0: Math.round(box.x0 * factor + offset.x),
    y0: Math.round(box.y0 * factor + offset.y),
    x1: Math.round(box.x1 * factor + offset.x),
    y1: Math.round(box.y1 * factor + offset.y),
  };
}

/** The page with every line's and word's box mapped. */
export function mapPage(page: RecognisedPage, map: (box: Box) => Box): RecognisedPage {
  return {
    ...page,
    lines: page.lines.map((line) => ({
      text: line.text,
      box: map(line.box),
      words: line.words.map((word) => ({ ...word, box: map(word.box) })),
    })),
  };
}

/** Boxes scaled back from the image that was read to the original (`factor` = original / read). */
export function scalePage(page: RecognisedPage, factor: number, offset: { x: number; y: number }): RecognisedPage {
  return {
    ...mapPage(page, (box) => scaleBox(box, factor, offset)),
    width: Math.round(page.width * factor),
    height: Math.round(page.height * factor),
  };
}
