/**
 * The one list of file types the app takes as receipts, for every place that filters files:
 * main's dropped-files filter (by extension, before it reads a file), the renderer's file picker
 * (`accept`) and the renderer's content check (src/renderer/src/receipts/sniff.ts), which has the
 * last word. A type added here is accepted everywhere or nowhere.
 */
export type ReceiptKind = 'jpeg' | 'png' | 'webp' | 'heic' | 'pdf';

interface ReceiptType {
  /** The type a stored receipt is given (and uploaded as). */
  mime: string;
  /** The extension a renamed receipt gets. */
  extension: string;
  /** Every extension and MIME type a file of this kind may arrive with. */
  extensions: readonly string[];
  mimes: readonly string[];
}

export const RECEIPT_TYPES: Readonly<Record<ReceiptKind, ReceiptType>> = {
  jpeg: { mime: 'image/jpeg', extension: 'jpg', extensions: ['jpg', 'jpeg'], mimes: ['image/jpeg'] },
  png: { mime: 'image/png', extension: 'png', extensions: ['png'], mimes: ['image/png'] },
  webp: { mime: 'image/webp', extension: 'webp', extensions: ['webp'], mimes: ['image/webp'] },
  heic: { mime: 'image/heic', extension: 'heic', extensions: ['heic', 'heif'], mimes: ['image/heic', 'image/heif'] },
  pdf: { mime: 'application/pdf', extension: 'pdf', extensions: ['pdf'], mimes: ['application/pdf'] },
};

export const RECEIPT_KINDS = Object.keys(RECEIPT_TYPES) as ReceiptKind[];

export const RECEIPT_MIME = Object.fromEntries(RECEIPT_KINDS.map((kind) => [kind, RECEIPT_TYPES[kind].mime])) as Record<ReceiptKind, string>;
export const RECEIPT_EXTENSION = Object.fromEntries(RECEIPT_KINDS.map((kind) => [kind, RECEIPT_TYPES[kind].extension])) as Record<ReceiptKind, string>;

/** The receipt kind a file name's extension promises (main decides by name; the renderer checks the content). */
export function receiptKindOfFileName(name: string): ReceiptKind | null {
  const dot = name.lastIndexOf('.');
  if (dot < 0) return null;
  const extension = name.slice(dot + 1).toLowerCase();
  return RECEIPT_KINDS.find((kind) => RECEIPT_TYPES[kind].extensions.includes(extension)) ?? null;
}

/** The file picker's `accept`: every extension and MIME type above. */
export const RECEIPT_ACCEPT = RECEIPT_KINDS.flatMap((kind) => [
  ...RECEIPT_TYPES[kind].extensions.map((extension) => `.${extension}`),
  ...RECEIPT_TYPES[kind].mimes,
]).join(',');
