/**
 * A RecognisedPage from plain text, for testing the extraction rules on recognised text without
 * an OCR engine: one line per text line, one word per space-separated token, boxes laid out on a
 * monospaced grid (`# 2` at the start of a line makes its text twice as tall, as a title is).
 */
import type { PageLine, RecognisedPage } from '../../../src/shared/receipt-reading/page';

const CHAR_WIDTH = 10;
const LINE_HEIGHT = 20;

export function pageFromText(text: string, confidence = 90): RecognisedPage {
  const lines: PageLine[] = [];
  let y = 0;
  for (const raw of text.split('\n')) {
    const tall = raw.startsWith('# ');
    const content = tall ? raw.slice(2) : raw;
    const height = tall ? LINE_HEIGHT * 2 : LINE_HEIGHT;
    if (content.trim() === '') {
      y += height;
      continue;
    }
    const words: PageLine['words'] = [];
    let x = 0;
    for (const token of content.split(/(\s+)/)) {
      if (token.trim() !== '') {
        words.push({ text: token, confidence, box: { x0: x, y0: y, x1: x + token.length * CHAR_WIDTH, y1: y + height - 4 } });
      }
      x += token.length * CHAR_WIDTH;
    }
    lines.push({
      text: words.map((word) => word.text).join(' '),
      words,
      box: { x0: words[0]!.box.x0, y0: y, x1: words[words.length - 1]!.box.x1, y1: y + height - 4 },
    });
    y += height;
  }
  return { width: 480, height: y, lines };
}
