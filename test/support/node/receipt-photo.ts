/**
 * A receipt photo made in Node (sharp renders an SVG): the given lines printed in a monospaced
 * font on white, as PNG bytes, for Node reading tests that need known contents (the browser's
 * twin is test/support/browser/receipt-image.ts).
 */
import sharp from 'sharp';

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function receiptPng(lines: readonly string[]): Promise<Uint8Array> {
  const fontSize = 30;
  const lineHeight = Math.round(fontSize * 1.6);
  const height = lineHeight * (lines.length + 2);
  const text = lines
    .map((line, index) => `<text x="30" y="${lineHeight * (index + 1) + fontSize}" font-family="DejaVu Sans Mono, monospace" font-size="${fontSize}" fill="#111">${escapeXml(line)}</text>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="760" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${text}</svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}
