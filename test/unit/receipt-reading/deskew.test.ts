/**
 * Straightening before OCR (deskew.ts, read.ts): the skew estimator on synthetic receipts turned
 * by known angles with sharp (an independent rotation), turning back, mapping boxes back onto the
 * page as it was, and the reading pipeline handing the OCR engine a straightened page only past
 * the threshold.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { estimateSkew, MIN_DESKEW_DEGREES, rotateBack } from '../../../src/shared/receipt-reading/deskew';
import type { GrayImage } from '../../../src/shared/receipt-reading/preprocess';
import { readReceiptImage, type OcrEngine } from '../../../src/shared/receipt-reading/read';
import { pageFromText } from '../../support/common/receipt-page';
import { seededRandom } from '../../support/common/seeded-random';

/** A receipt-like page: centred lines of word-sized dark bars on white paper. */
function syntheticReceipt(seed = 7, width = 640, height = 1000): GrayImage {
  const random = seededRandom(seed);
  const data = new Uint8Array(width * height).fill(245);
  for (let top = 40; top + 14 < height - 40; top += 30) {
    if (random() < 0.15) continue;
    let x = 40 + Math.floor(random() * 80);
    const end = width - 40 - Math.floor(random() * 200);
    while (x < end) {
      const word = 20 + Math.floor(random() * 70);
      for (let y = top; y < top + 14; y += 1) data.fill(30, y * width + x, y * width + Math.min(end, x + word));
      x += word + 12;
    }
  }
  return { width, height, data };
}

async function turned(image: GrayImage, degrees: number): Promise<GrayImage> {
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
    .rotate(degrees, { background: '#ffffff' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, info.width * info.height) };
}

describe('skew estimate', () => {
  it.each([0, 0.8, -1.5, 3, -3, 5.5, 7, -7, -11])('finds a page turned by %s° to within 0.3°', async (degrees) => {
    const estimate = estimateSkew(await turned(syntheticReceipt(), degrees));
    expect(Math.abs(estimate.degrees - degrees)).toBeLessThanOrEqual(0.3);
  });

  it('sees sharper rows at the skew than on the page as it is (gain above 1), and none on a level page', async () => {
    expect(estimateSkew(await turned(syntheticReceipt(3), 6)).gain).toBeGreaterThan(1.2);
    expect(estimateSkew(syntheticReceipt(3)).gain).toBeCloseTo(1, 1);
  });

  it('reads a blank page as level', () => {
    const blank = { width: 300, height: 400, data: new Uint8Array(300 * 400).fill(250) };
    expect(estimateSkew(blank)).toEqual({ degrees: 0, gain: 1 });
  });
});

describe('turning back', () => {
  it('leaves a page whose skew measures below half a degree', async () => {
    const skewed = await turned(syntheticReceipt(11), -6);
    const straight = rotateBack(skewed, estimateSkew(skewed).degrees).image;
    expect(Math.abs(estimateSkew(straight).degrees)).toBeLessThan(0.5);
    // The canvas grows to hold the whole turned page.
    expect(straight.width).toBeGreaterThan(skewed.width);
  });

  it('maps a box on the turned page back onto the page as it was', () => {
    const width = 400;
    const height = 300;
    const data = new Uint8Array(width * height).fill(255);
    const square = { x0: 250, y0: 60, x1: 290, y1: 100 };
    for (let y = square.y0; y < square.y1; y += 1) data.fill(0, y * width + square.x0, y * width + square.x1);
    const { image, back } = rotateBack({ width, height, data }, 10);
    // Where the square landed on the turned page.
    let found = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    for (let y = 0; y < image.height; y += 1) {
      for (let x = 0; x < image.width; x += 1) {
        if (image.data[y * image.width + x]! < 128) {
          found = { x0: Math.min(found.x0, x), y0: Math.min(found.y0, y), x1: Math.max(found.x1, x + 1), y1: Math.max(found.y1, y + 1) };
        }
      }
    }
    const mapped = back(found);
    // The bounding box of a turned square holds the square, and not much more (10° of turn).
    expect(mapped.x0).toBeLessThanOrEqual(square.x0 + 1);
    expect(mapped.y0).toBeLessThanOrEqual(square.y0 + 1);
    expect(mapped.x1).toBeGreaterThanOrEqual(square.x1 - 1);
    expect(mapped.y1).toBeGreaterThanOrEqual(square.y1 - 1);
    expect(mapped.x1 - mapped.x0).toBeLessThan((square.x1 - square.x0) * 1.45);
    expect(mapped.y1 - mapped.y0).toBeLessThan((square.y1 - square.y0) * 1.45);
  });
});

describe('reading a skewed receipt', () => {
  function recording(): OcrEngine & { seen: GrayImage[] } {
    const seen: GrayImage[] = [];
    return {
      seen,
      recognise(image) {
        seen.push(image);
        const page = pageFromText('KEDAI BUKU SDN BHD\nDate: 16/06/2025 10:15\nTOTAL RM 9.00', 95);
        return Promise.resolve({ ...page, width: image.width, height: image.height });
      },
    };
  }
  const now = new Date('2026-06-15T12:00:00Z');

  it('hands the OCR engine the page turned straight, and gives boxes on the page as it was', async () => {
    const skewed = await turned(syntheticReceipt(5), 5);
    const engine = recording();
    const { page, fields } = await readReceiptImage(engine, skewed, 1, { now });
    expect(Math.abs(estimateSkew(engine.seen[0]!).degrees)).toBeLessThan(0.5);
    expect(fields.total?.value).toBe('9.00');
    expect({ width: page.width, height: page.height }).toEqual({ width: skewed.width, height: skewed.height });
    for (const line of page.lines) {
      expect(line.box.x0).toBeGreaterThanOrEqual(0);
      expect(line.box.y1).toBeLessThanOrEqual(skewed.height);
    }
  });

  it('reads a page skewed less than the threshold as it is, and any page as it is when deskew is off', async () => {
    const slight = await turned(syntheticReceipt(5), MIN_DESKEW_DEGREES / 2);
    const engine = recording();
    await readReceiptImage(engine, slight, 1, { now });
    expect(Math.abs(estimateSkew(engine.seen[0]!).degrees)).toBeCloseTo(MIN_DESKEW_DEGREES / 2, 0);

    const skewed = await turned(syntheticReceipt(5), 5);
    const plain = recording();
    await readReceiptImage(plain, skewed, 1, { now, deskew: false });
    expect(Math.abs(estimateSkew(plain.seen[0]!).degrees - 5)).toBeLessThanOrEqual(0.3);
  });
});
