/** Size rules for receipts (the API's limit for a server upload is 10 MB). */
export const MAX_RECEIPT_BYTES = 10 * 1024 * 1024;
/** A downscaled photo keeps at least this long side, so small print stays legible. */
export const MIN_LEGIBLE_LONG_SIDE = 2000;
/** Long side of a thumbnail, in CSS pixels x2 for sharp rendering on HiDPI screens. */
export const THUMBNAIL_LONG_SIDE = 240;

export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
