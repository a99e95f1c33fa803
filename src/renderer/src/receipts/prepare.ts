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
import { t } from '@renderer/i18n';

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
  if (file.size === 0) return refuse(refusal(fileName, 'empty', t('receipts.why.empty')));
  let head: Uint8Array;
  try {
    head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  } catch {
    return refuse(refusal(fileName, 'corrupt', t('receipts.why.unreadable')));
  }
  const kind = sniffReceiptKind(head);
  if (kind === null) {
    return refuse(
      refusal(fileName, 'unsupported', t('receipts.why.unsupported', { what: describeUnsupported(head) })),
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
          t('receipts.why.heicTooLarge', { size: formatMegabytes(file.size), max: formatMegabytes(MAX_RECEIPT_BYTES) }),
        ),
      );
    }
  } else if (kind === 'pdf') {
    if (file.size > MAX_RECEIPT_BYTES) {
      return refuse(
        refusal(
          fileName,
          'too-large',
          t('receipts.why.pdfTooLarge', { size: formatMegabytes(file.size), max: formatMegabytes(MAX_RECEIPT_BYTES) }),
        ),
      );
    }
    try {
      const { summarizePdf } = await import('./pdf');
      const summary = await summarizePdf(blob);
      thumbnail = summary.thumbnail;
      pageCount = summary.pageCount;
    } catch {
      return refuse(refusal(fileName, 'corrupt', t('receipts.why.pdfDamaged')));
    }
  } else {
    const bitmap = await decodeImage(blob);
    if (!bitmap) return refuse(refusal(fileName, 'corrupt', t('receipts.why.imageDamaged', { kind: kind.toUpperCase() })));
    try {
      if (file.size > MAX_RECEIPT_BYTES) {
        const smaller = await downscaleToFit(bitmap, MAX_RECEIPT_BYTES);
        if (!smaller) {
          return refuse(
            refusal(
              fileName,
              'too-large',
              t('receipts.why.photoTooLarge', { size: formatMegabytes(file.size), max: formatMegabytes(MAX_RECEIPT_BYTES), pixels: MIN_LEGIBLE_LONG_SIDE }),
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
