/**
 * What a file IS, from its first bytes (magic numbers), never from its name or the type the OS
 * guessed: a renamed program must not pass as a photo, and a photo without extension is fine.
 */
import type { ReceiptKind } from '@shared/receipt-types';
import { t } from '@renderer/i18n';

export { RECEIPT_EXTENSION, RECEIPT_MIME, type ReceiptKind } from '@shared/receipt-types';

/** How many leading bytes `sniff` needs to decide. */
export const SNIFF_BYTES = 1024;

/**
 * ISO-BMFF images (HEIC, AVIF) share the `ftyp` box; its MAJOR brand says which one it is, as in
 * the file-type library. `mif1`/`msf1` are generic HEIF brands that AVIF files also list, so they
 * are HEIC only when nothing says AVIF.
 */
const HEIC_MAJOR_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis']);
const GENERIC_HEIF_BRANDS = new Set(['mif1', 'msf1']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

const ascii = (bytes: Uint8Array, from: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(from, from + length));

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

/** Major brand and compatible brands of an ISO-BMFF file, or null when it is not one. */
function isoBrands(bytes: Uint8Array): { major: string; compatible: string[] } | null {
  if (bytes.length < 16 || ascii(bytes, 4, 4) !== 'ftyp') return null;
  const boxSize = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  const end = Math.min(bytes.length, boxSize >= 16 ? boxSize : 16);
  const compatible: string[] = [];
  // Compatible brands follow the major brand and its minor version.
  for (let at = 16; at + 4 <= end; at += 4) compatible.push(ascii(bytes, at, 4));
  return { major: ascii(bytes, 8, 4), compatible };
}

function isAvif(brands: { major: string; compatible: string[] }): boolean {
  if (AVIF_BRANDS.has(brands.major)) return true;
  return (
    GENERIC_HEIF_BRANDS.has(brands.major) &&
    brands.compatible.some((brand) => AVIF_BRANDS.has(brand)) &&
    !brands.compatible.some((brand) => HEIC_MAJOR_BRANDS.has(brand))
  );
}

function isHeic(bytes: Uint8Array): boolean {
  const brands = isoBrands(bytes);
  if (!brands || isAvif(brands)) return false;
  return HEIC_MAJOR_BRANDS.has(brands.major) || GENERIC_HEIF_BRANDS.has(brands.major);
}

/** The receipt kind of these leading bytes, or null when it is not one the app accepts. */
export function sniffReceiptKind(head: Uint8Array): ReceiptKind | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return 'webp';
  if (isHeic(head)) return 'heic';
  // Readers accept "%PDF-" within the first 1024 bytes (some generators put junk before it).
  if (ascii(head, 0, Math.min(head.length, SNIFF_BYTES)).includes('%PDF-')) return 'pdf';
  return null;
}

/** A plain-language name for what a refused file appears to be, for the message. */
export function describeUnsupported(head: Uint8Array): string {
  if (startsWith(head, [0x4d, 0x5a])) return t('receipts.kind.windowsProgram');
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return t('receipts.kind.program');
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return t('receipts.kind.zip');
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return t('receipts.kind.image', { format: 'GIF' });
  if (startsWith(head, [0x42, 0x4d])) return t('receipts.kind.image', { format: 'BMP' });
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return t('receipts.kind.image', { format: 'TIFF' });
  const brands = isoBrands(head);
  if (brands && isAvif(brands)) return t('receipts.kind.imageAvif');
  if (head.length >= 12 && ascii(head, 4, 4) === 'ftyp') return t('receipts.kind.media', { format: ascii(head, 8, 4).trim() });
  return t('receipts.kind.other');
}
