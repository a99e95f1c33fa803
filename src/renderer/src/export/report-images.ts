/**
 * Receipt photos for the PDF report, read from the receipts table; a format pdf-lib cannot embed
 * (WebP) is re-encoded as JPEG with the browser's decoder. HEIC, which Chromium cannot decode,
 * answers null and the report says the receipt could not be included.
 */
import type { CourierDatabase } from '@renderer/db/database';
import type { ReportReceipt } from './pdf-report';

export function receiptReader(db: CourierDatabase): (id: string) => Promise<ReportReceipt | undefined> {
  return async (id) => {
    const row = await db.receipts.get(id);
    if (!row) return undefined;
    return { name: row.name, mime: row.mime, bytes: new Uint8Array(await row.blob.arrayBuffer()) };
  };
}

export async function toJpeg(receipt: ReportReceipt): Promise<ReportReceipt | null> {
  try {
    const bitmap = await createImageBitmap(new Blob([receipt.bytes.slice()], { type: receipt.mime }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
    bitmap.close();
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    return { name: receipt.name, mime: 'image/jpeg', bytes: new Uint8Array(await blob.arrayBuffer()) };
  } catch {
    return null;
  }
}
