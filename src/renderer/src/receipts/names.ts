/** File names of receipts: the extension follows the real type; pasted images get a dated name. */
import { RECEIPT_EXTENSION, type ReceiptKind } from './sniff';

/** The file's name with the extension of its real type ("scan" -> "scan.pdf", "IMG.JPG" stays). */
export function nameWithExtension(name: string, kind: ReceiptKind): string {
  const trimmed = name.trim() || 'receipt';
  const dot = trimmed.lastIndexOf('.');
  const stem = dot > 0 ? trimmed.slice(0, dot) : trimmed;
  const ext = dot > 0 ? trimmed.slice(dot + 1).toLowerCase() : '';
  const wanted = RECEIPT_EXTENSION[kind];
  const same = ext === wanted || (kind === 'jpeg' && ext === 'jpeg') || (kind === 'heic' && ext === 'heif');
  return same ? trimmed : `${stem}.${wanted}`;
}

/** A name for a pasted image, which has no file name of its own ("image.png" from every clipboard). */
export function pastedImageName(kind: ReceiptKind, at = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}_${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  return `pasted-receipt_${stamp}.${RECEIPT_EXTENSION[kind]}`;
}
