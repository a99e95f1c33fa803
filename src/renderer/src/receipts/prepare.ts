/**
 * From a file the user dropped, pasted or picked to a receipt ready to store, or a refusal that
 * names the file and the reason. Nothing is written here; every step reads the file's content.
 */
import { sha256Hex } from './hash';
import { decodeImage, downscaleToFit, imageThumbnail } from './image';
import { MAX_RECEIPT_BYTES, MIN_LEGIBLE_LONG_SIDE, formatMegabytes } from './limits';
import { refusal, type ReceiptRefusal } from './refusal';
import { RECEIPT_MIME, SNIFF_BYTES, describeUnsupported, sniffReceiptKind, type ReceiptKind } from './sniff';
import { nameWithExtension } from './names';

export { nameWithExtension, pastedImageName } from './names';

export interface PreparedReceipt {
  /** The name to show and to upload (extension fixed to the real type). */
  name: string;
  /** The name the file came with. */
  originalName: string;
  kind: ReceiptKind;
  mime: string;
  blob: Blob;
  hash: string;
  thumbnail: Blob | null;
  pageCount: number | null;
  /** True when the photo was re-encoded smaller to fit the upload limit. */
  downscaled: boolean;
}

export type PrepareResult = { ok: true; receipt: PreparedReceipt } | { ok: false; refusal: ReceiptRefusal };

const refuse = (r: ReceiptRefusal): PrepareResult => ({ ok: false, refusal: r });

export async function prepareReceipt(file: Blob, fileName: string): Promise<PrepareResult> {
  if (file.size === 0) return refuse(refusal(fileName, 'empty', 'the file is empty (0 bytes).'));
  let head: Uint8Array;
  try {
    head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  } catch {
    return refuse(refusal(fileName, 'corrupt', 'the file could not be read (it may have been moved or deleted).'));
  }
  const kind = sniffReceiptKind(head);
  if (kind === null) {
    return refuse(
      refusal(fileName, 'unsupported', `it is ${describeUnsupported(head)}. Receipts must be JPEG, PNG, WebP or HEIC photos, or PDF files.`),
    );
  }

  let blob: Blob = file.type === RECEIPT_MIME[kind] ? file : new Blob([file], { type: RECEIPT_MIME[kind] });
  let name = nameWithExtension(fileName, kind);
  let thumbnail: Blob | null = null;
  let pageCount: number | null = null;
  let downscaled = false;

  if (kind === 'heic') {
    // Chromium has no HEIC decoder: it cannot be checked, previewed or made smaller here.
    if (file.size > MAX_RECEIPT_BYTES) {
      return refuse(
        refusal(
          fileName,
          'too-large',
          `this HEIC photo is ${formatMegabytes(file.size)}, over the ${formatMegabytes(MAX_RECEIPT_BYTES)} limit, and HEIC photos cannot be made smaller here. Export it as JPEG (most photo apps do this when sharing) and attach that.`,
        ),
      );
    }
  } else if (kind === 'pdf') {
    if (file.size > MAX_RECEIPT_BYTES) {
      return refuse(
        refusal(
          fileName,
          'too-large',
          `this PDF is ${formatMegabytes(file.size)}; Kantata accepts receipts up to ${formatMegabytes(MAX_RECEIPT_BYTES)}. Save or print it to a smaller PDF (fewer pages or lower image quality) and attach that.`,
        ),
      );
    }
    try {
      const { summarizePdf } = await import('./pdf');
      const summary = await summarizePdf(blob);
      thumbnail = summary.thumbnail;
      pageCount = summary.pageCount;
    } catch {
      return refuse(refusal(fileName, 'corrupt', 'the PDF is damaged or password-protected and cannot be opened.'));
    }
  } else {
    const bitmap = await decodeImage(blob);
    if (!bitmap) return refuse(refusal(fileName, 'corrupt', `the ${kind.toUpperCase()} image is damaged and cannot be displayed.`));
    try {
      if (file.size > MAX_RECEIPT_BYTES) {
        const smaller = await downscaleToFit(bitmap, MAX_RECEIPT_BYTES);
        if (!smaller) {
          return refuse(
            refusal(
              fileName,
              'too-large',
              `this photo is ${formatMegabytes(file.size)} and cannot be made smaller than ${formatMegabytes(MAX_RECEIPT_BYTES)} while staying legible (at least ${MIN_LEGIBLE_LONG_SIDE} pixels on its long side).`,
            ),
          );
        }
        blob = smaller;
        name = nameWithExtension(fileName, 'jpeg');
        downscaled = true;
      }
      thumbnail = await imageThumbnail(bitmap);
    } finally {
      bitmap.close();
    }
  }

  const finalKind: ReceiptKind = downscaled ? 'jpeg' : kind;
  return {
    ok: true,
    receipt: {
      name,
      originalName: fileName,
      kind: finalKind,
      mime: RECEIPT_MIME[finalKind],
      blob,
      hash: await sha256Hex(blob),
      thumbnail,
      pageCount,
      downscaled,
    },
  };
}
