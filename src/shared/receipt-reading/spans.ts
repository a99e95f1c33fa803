/**
 * Finding where on the page a piece of a line's text came from: a line's text is its words
 * joined by single spaces, so a character range maps back to the words (and boxes) it covers.
 */
import { unionBox, type Box, type PageLine } from './page';

export function boxOfSpan(line: PageLine, start: number, end: number): Box {
  const boxes: Box[] = [];
  let offset = 0;
  for (const word of line.words) {
    const wordEnd = offset + word.text.length;
    if (wordEnd > start && offset < end) boxes.push(word.box);
    offset = wordEnd + 1;
  }
  return boxes.length > 0 ? unionBox(boxes) : line.box;
}

/** Upper case with accents kept, and the OCR's curly quotes and dashes made plain. */
export function plainUpper(text: string): string {
  return text
    .toUpperCase()
    .replace(/[\u2018\u2019\u201a`´]/g, "'")
    .replace(/[\u2013\u2014\u2212]/g, '-');
}
