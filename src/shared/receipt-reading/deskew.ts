/**
 * Straightening a skewed receipt before OCR. The skew is found by projection profiles: the dark
 * pixels of a small binarised copy are projected onto the vertical axis of the page turned by
 * each candidate angle, and the angle at which the text lines fall into the sharpest rows (the
 * largest sum of squared row counts) is the page's skew. Tesseract copes with a degree or so by
 * itself; past that, its line finding splits a receipt's label from its amount, so the page is
 * turned back only when the skew passes MIN_DESKEW_DEGREES.
 */
import type { Box } from './page';
import { downscale, type GrayImage } from './preprocess';

/** Angles searched, either way: a hand-held photo or a receipt laid crooked on a scanner. */
export const MAX_SKEW_DEGREES = 12;
/** Below this the page is read as it is: measured, turning it back helped no field. */
export const MIN_DESKEW_DEGREES = 1;
/** Width of the copy the skew is measured on: text lines stay apart, the search stays cheap. */
const ESTIMATE_WIDTH = 600;
/** At most this many dark pixels take part (evenly sampled); more adds time, not precision. */
const MAX_POINTS = 60_000;

/** Otsu's threshold of a grey image: the level that best splits ink from paper. */
export function otsuThreshold(image: GrayImage): number {
  const histogram = new Float64Array(256);
  for (const value of image.data) histogram[value]! += 1;
  const total = image.data.length;
  let sumAll = 0;
  for (let level = 0; level < 256; level += 1) sumAll += level * histogram[level]!;
  let best = 127;
  let bestVariance = -1;
  let weightBelow = 0;
  let sumBelow = 0;
  for (let level = 0; level < 256; level += 1) {
    weightBelow += histogram[level]!;
    if (weightBelow === 0) continue;
    const weightAbove = total - weightBelow;
    if (weightAbove === 0) break;
    sumBelow += level * histogram[level]!;
    const meanBelow = sumBelow / weightBelow;
    const meanAbove = (sumAll - sumBelow) / weightAbove;
    const variance = weightBelow * weightAbove * (meanBelow - meanAbove) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
      best = level;
    }
  }
  return best;
}

/** How sharply the points fall into rows when the page is turned back by `degrees`. */
function profileScore(xs: Float32Array, ys: Float32Array, degrees: number, rows: Uint32Array): number {
  const radians = (degrees * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const middle = rows.length / 2;
  rows.fill(0);
  for (let i = 0; i < xs.length; i += 1) {
    const row = Math.round(ys[i]! * cos - xs[i]! * sin + middle);
    if (row >= 0 && row < rows.length) rows[row]! += 1;
  }
  let score = 0;
  for (const count of rows) score += count * count;
  return score;
}

export interface SkewEstimate {
  /** Clockwise turn of the text lines, in degrees (the turn sharp's rotate(angle) makes). */
  degrees: number;
  /** Profile sharpness at that angle over the sharpness of the page as it is (≥ 1). */
  gain: number;
}

/** The page's skew, searched in 0.5° steps over ±MAX_SKEW_DEGREES, then in 0.1° steps. */
export function estimateSkew(image: GrayImage): SkewEstimate {
  const small = downscale(image, Math.min(1, ESTIMATE_WIDTH / image.width));
  const threshold = otsuThreshold(small);
  let dark = 0;
  for (const value of small.data) if (value < threshold) dark += 1;
  if (dark < 50) return { degrees: 0, gain: 1 };
  const stride = Math.max(1, Math.ceil(dark / MAX_POINTS));
  const count = Math.ceil(dark / stride);
  const xs = new Float32Array(count);
  const ys = new Float32Array(count);
  const cx = small.width / 2;
  const cy = small.height / 2;
  let seen = 0;
  let kept = 0;
  for (let y = 0; y < small.height; y += 1) {
    for (let x = 0; x < small.width; x += 1) {
      if (small.data[y * small.width + x]! >= threshold) continue;
      if (seen % stride === 0 && kept < count) {
        xs[kept] = x - cx;
        ys[kept] = y - cy;
        kept += 1;
      }
      seen += 1;
    }
  }
  const rows = new Uint32Array(Math.ceil(Math.hypot(small.width, small.height)) + 2);
  const search = (from: number, to: number, step: number, start: { degrees: number; score: number }) => {
    let best = start;
    for (let degrees = from; degrees <= to + 1e-9; degrees += step) {
      const score = profileScore(xs, ys, degrees, rows);
      if (score > best.score) best = { degrees, score };
    }
    return best;
  };
  const level = profileScore(xs, ys, 0, rows);
  const coarse = search(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES, 0.5, { degrees: 0, score: level });
  const fine = search(coarse.degrees - 0.4, coarse.degrees + 0.4, 0.1, coarse);
  return { degrees: Math.round(fine.degrees * 10) / 10, gain: level > 0 ? fine.score / level : 1 };
}

/** A page turned by `degrees` about its centre onto a canvas that holds all of it. */
export interface Turned {
  image: GrayImage;
  /** Maps a box on the turned image back onto the image before turning (its bounding box). */
  back(box: Box): Box;
}

/**
 * Turns the page counter-clockwise by `degrees` (undoing a clockwise skew of that much), bilinear,
 * with white where the original had no pixels.
 */
export function rotateBack(image: GrayImage, degrees: number): Turned {
  const radians = (degrees * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const width = Math.ceil(Math.abs(image.width * cos) + Math.abs(image.height * sin));
  const height = Math.ceil(Math.abs(image.width * sin) + Math.abs(image.height * cos));
  const cx = image.width / 2;
  const cy = image.height / 2;
  const ox = width / 2;
  const oy = height / 2;
  const data = new Uint8Array(width * height).fill(255);
  const maxX = image.width - 1;
  const maxY = image.height - 1;
  for (let y = 0; y < height; y += 1) {
    const dy = y + 0.5 - oy;
    for (let x = 0; x < width; x += 1) {
      const dx = x + 0.5 - ox;
      const sx = cx + dx * cos - dy * sin - 0.5;
      const sy = cy + dx * sin + dy * cos - 0.5;
      if (sx < 0 || sy < 0 || sx > maxX || sy > maxY) continue;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = Math.min(maxX, x0 + 1);
      const y1 = Math.min(maxY, y0 + 1);
      const fx = sx - x0;
      const fy = sy - y0;
      const top = image.data[y0 * image.width + x0]! * (1 - fx) + image.data[y0 * image.width + x1]! * fx;
      const bottom = image.data[y1 * image.width + x0]! * (1 - fx) + image.data[y1 * image.width + x1]! * fx;
      data[y * width + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  const back = (box: Box): Box => {
    const corners = [
      [box.x0, box.y0],
      [box.x1, box.y0],
      [box.x0, box.y1],
      [box.x1, box.y1],
    ].map(([x, y]) => {
      const dx = x! - ox;
      const dy = y! - oy;
      return [cx + dx * cos - dy * sin, cy + dx * sin + dy * cos] as const;
    });
    const xs = corners.map(([x]) => x);
    const ys = corners.map(([, y]) => y);
    return {
      x0: Math.max(0, Math.floor(Math.min(...xs))),
      y0: Math.max(0, Math.floor(Math.min(...ys))),
      x1: Math.min(image.width, Math.ceil(Math.max(...xs))),
      y1: Math.min(image.height, Math.ceil(Math.max(...ys))),
    };
  };
  return { image: { width, height, data }, back };
}
