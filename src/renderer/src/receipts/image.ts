/**
 * Image work in the renderer with the browser's own decoders: decode (which is also the corruption
 * check), downscale an oversize photo to a JPEG that fits the upload limit, and thumbnails.
 * OffscreenCanvas keeps it off the DOM; nothing here needs a visible canvas.
 */
import { MIN_LEGIBLE_LONG_SIDE, THUMBNAIL_LONG_SIDE } from './limits';

/** Decodes the image; null when the bytes are not a decodable image (corrupt or truncated). */
export async function decodeImage(blob: Blob): Promise<ImageBitmap | null> {
  try {
    const bitmap = await createImageBitmap(blob);
    if (bitmap.width === 0 || bitmap.height === 0) {
      bitmap.close();
      return null;
    }
    return bitmap;
  } catch {
    return null;
  }
}

function scaledSize(width: number, height: number, longSide: number): { width: number; height: number } {
  const scale = Math.min(1, longSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

async function encode(bitmap: ImageBitmap, size: { width: number; height: number }, type: string, quality: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas is not available');
  // JPEG has no transparency: a transparent screenshot would turn black without a white page.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size.width, size.height);
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, size.width, size.height);
  return canvas.convertToBlob({ type, quality });
}

const QUALITIES = [0.9, 0.8, 0.7] as const;

/**
 * A JPEG of at most `maxBytes`, made smaller step by step: first by quality, then by size, never
 * below MIN_LEGIBLE_LONG_SIDE (or the original size when that is smaller). Null when even that
 * does not fit: the photo would no longer be legible, so it is refused instead.
 */
export async function downscaleToFit(bitmap: ImageBitmap, maxBytes: number): Promise<Blob | null> {
  const longest = Math.max(bitmap.width, bitmap.height);
  const floor = Math.min(longest, MIN_LEGIBLE_LONG_SIDE);
  // Beyond 4000 px a receipt gains nothing; start there to save encoding time.
  let longSide = Math.min(longest, 4000);
  for (;;) {
    const size = scaledSize(bitmap.width, bitmap.height, longSide);
    for (const quality of QUALITIES) {
      const blob = await encode(bitmap, size, 'image/jpeg', quality);
      if (blob.size <= maxBytes) return blob;
    }
    if (longSide <= floor) return null;
    longSide = Math.max(floor, Math.floor(longSide * 0.8));
  }
}

/** A small preview (WebP) of a decoded image. */
export function imageThumbnail(bitmap: ImageBitmap): Promise<Blob> {
  return encode(bitmap, scaledSize(bitmap.width, bitmap.height, THUMBNAIL_LONG_SIDE), 'image/webp', 0.8);
}

/** A thumbnail from anything drawable (a rendered PDF page). */
export async function canvasThumbnail(source: OffscreenCanvas | HTMLCanvasElement): Promise<Blob> {
  const bitmap = await createImageBitmap(source);
  try {
    return await imageThumbnail(bitmap);
  } finally {
    bitmap.close();
  }
}
