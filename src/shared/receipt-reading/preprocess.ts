/**
 * Photo and scan preparation before OCR, on plain pixel arrays so the browser worker and the
 * Node CLI run the same steps: grey, crop the blank margins of a flatbed scan, scale so text
 * lands near the size Tesseract's LSTM model was trained on, and hand Tesseract a PGM it decodes
 * without a codec. Tesseract binarises (Otsu) itself; our own binarisation measured no better.
 */
import type { Box } from './page';

export interface GrayImage {
  width: number;
  height: number;
  /** One byte per pixel, row by row. */
  data: Uint8Array;
}

/** A page larger than this is scaled down first: OCR time and memory grow with the pixel count. */
export const MAX_OCR_PIXELS = 3_000_000;
/** Decoders may scale on load to this many pixels, keeping room for the crop. */
export const MAX_DECODE_PIXELS = 8_000_000;

export function grayFromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): GrayImage {
  const data = new Uint8Array(width * height);
  for (let i = 0, p = 0; p < data.length; i += 4, p += 1) {
    // Rec. 601 luma in integers; alpha is composited onto white (transparent PNG receipts).
    const alpha = rgba[i + 3]!;
    const luma = (rgba[i]! * 77 + rgba[i + 1]! * 150 + rgba[i + 2]! * 29) >> 8;
    data[p] = (luma * alpha + 255 * (255 - alpha)) / 255;
  }
  return { width, height, data };
}

/**
 * The box holding everything darker than the paper, with a small margin; the whole image when
 * nothing stands out. A row or column counts as ink when enough of its pixels are dark, so
 * scanner dust and a grey bed edge do not stretch the box.
 */
export function contentBox(image: GrayImage): Box {
  const { width, height, data } = image;
  const step = Math.max(1, Math.floor(Math.sqrt((width * height) / 1_000_000)));
  const threshold = 160;
  const rowInk = new Uint32Array(height);
  const colInk = new Uint32Array(width);
  for (let y = 0; y < height; y += step) {
    const row = y * width;
    for (let x = 0; x < width; x += step) {
      if (data[row + x]! < threshold) {
        rowInk[y]! += 1;
        colInk[x]! += 1;
      }
    }
  }
  const minRow = Math.max(2, Math.floor(width / step / 400));
  const minCol = Math.max(2, Math.floor(height / step / 400));
  const first = (counts: Uint32Array, min: number): number => counts.findIndex((count) => count >= min);
  const last = (counts: Uint32Array, min: number): number => {
    for (let i = counts.length - 1; i >= 0; i -= 1) if (counts[i]! >= min) return i;
    return -1;
  };
  const y0 = first(rowInk, minRow);
  const x0 = first(colInk, minCol);
  if (y0 < 0 || x0 < 0) return { x0: 0, y0: 0, x1: width, y1: height };
  const margin = Math.round(Math.min(width, height) * 0.01) + step;
  return {
    x0: Math.max(0, x0 - margin),
    y0: Math.max(0, y0 - margin),
    x1: Math.min(width, last(colInk, minCol) + 1 + margin),
    y1: Math.min(height, last(rowInk, minRow) + 1 + margin),
  };
}

export function crop(image: GrayImage, box: Box): GrayImage {
  const width = box.x1 - box.x0;
  const height = box.y1 - box.y0;
  if (width === image.width && height === image.height) return image;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) {
    const start = (y + box.y0) * image.width + box.x0;
    data.set(image.data.subarray(start, start + width), y * width);
  }
  return { width, height, data };
}

/**
 * Area-average downscale by an integer-free factor (every source pixel counts once). Streams row
 * by row with one row of sums: a whole-image accumulator for an A4 scan took about 50 MB.
 */
export function downscale(image: GrayImage, factor: number): GrayImage {
  if (factor >= 1) return image;
  const width = Math.max(1, Math.round(image.width * factor));
  const height = Math.max(1, Math.round(image.height * factor));
  const xMap = new Int32Array(image.width);
  const columns = new Uint32Array(width);
  for (let x = 0; x < image.width; x += 1) {
    xMap[x] = Math.min(width - 1, Math.floor(x * factor));
    columns[xMap[x]!]! += 1;
  }
  const data = new Uint8Array(width * height);
  const sums = new Uint32Array(width);
  let rows = 0;
  for (let y = 0; y < image.height; y += 1) {
    const ty = Math.min(height - 1, Math.floor(y * factor));
    const row = y * image.width;
    for (let x = 0; x < image.width; x += 1) sums[xMap[x]!]! += image.data[row + x]!;
    rows += 1;
    const next = y + 1 < image.height ? Math.min(height - 1, Math.floor((y + 1) * factor)) : -1;
    if (next === ty) continue;
    const out = ty * width;
    for (let x = 0; x < width; x += 1) data[out + x] = Math.round(sums[x]! / (columns[x]! * rows));
    sums.fill(0);
    rows = 0;
  }
  return { width, height, data };
}

export interface PreparedImage {
  image: GrayImage;
  /** original pixel = prepared pixel × scale + offset */
  scale: number;
  offset: { x: number; y: number };
}

/** Crop margins, then scale down to at most MAX_OCR_PIXELS. `decodedScale` = original / decoded. */
export function prepareForOcr(decoded: GrayImage, decodedScale = 1): PreparedImage {
  const box = contentBox(decoded);
  const cropped = crop(decoded, box);
  const pixels = cropped.width * cropped.height;
  const factor = pixels > MAX_OCR_PIXELS ? Math.sqrt(MAX_OCR_PIXELS / pixels) : 1;
  const image = downscale(cropped, factor);
  const scale = (cropped.width / image.width) * decodedScale;
  return { image, scale, offset: { x: box.x0 * decodedScale, y: box.y0 * decodedScale } };
}

/** Binary PGM (P5): Leptonica inside tesseract.js reads it with no image codec. */
export function encodePgm(image: GrayImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
  const out = new Uint8Array(header.length + image.data.length);
  out.set(header, 0);
  out.set(image.data, header.length);
  return out;
}

/** Bilinear upscale: Tesseract's LSTM reads small, thin thermal-print digits better enlarged. */
export function upscale(image: GrayImage, factor: number): GrayImage {
  if (factor <= 1) return image;
  const width = Math.round(image.width * factor);
  const height = Math.round(image.height * factor);
  const data = new Uint8Array(width * height);
  const maxX = image.width - 1;
  const maxY = image.height - 1;
  for (let y = 0; y < height; y += 1) {
    const sy = Math.min(maxY, Math.max(0, (y + 0.5) / factor - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(maxY, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x += 1) {
      const sx = Math.min(maxX, Math.max(0, (x + 0.5) / factor - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(maxX, x0 + 1);
      const fx = sx - x0;
      const top = image.data[y0 * image.width + x0]! * (1 - fx) + image.data[y0 * image.width + x1]! * fx;
      const bottom = image.data[y1 * image.width + x0]! * (1 - fx) + image.data[y1 * image.width + x1]! * fx;
      data[y * width + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { width, height, data };
}
