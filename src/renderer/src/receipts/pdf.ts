/**
 * PDF receipts through pdf.js (loaded on demand: most receipts are photos). The parser runs in
 * pdf.js's worker, bundled by Vite (CSP: worker-src 'self' blob:).
 */
import type { PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { THUMBNAIL_LONG_SIDE } from './limits';

type PdfJs = typeof import('pdfjs-dist');
let loading: Promise<PdfJs> | null = null;

function pdfjs(): Promise<PdfJs> {
  loading ??= import('pdfjs-dist').then((lib) => {
    lib.GlobalWorkerOptions.workerSrc = workerUrl;
    return lib;
  });
  return loading;
}

/** Opens a PDF; throws when it is damaged or encrypted beyond reading. */
export async function openPdf(data: Blob | Uint8Array): Promise<PDFDocumentProxy> {
  const lib = await pdfjs();
  const bytes = data instanceof Blob ? new Uint8Array(await data.arrayBuffer()) : data.slice();
  return lib.getDocument({ data: bytes, isEvalSupported: false }).promise;
}

/** Renders one page (1-based) to a canvas, fitting `longSide` CSS pixels at `scale` device pixels. */
export async function renderPdfPage(
  doc: PDFDocumentProxy,
  pageNumber: number,
  canvas: OffscreenCanvas | HTMLCanvasElement,
  longSide: number,
): Promise<void> {
  const page = await doc.getPage(pageNumber);
  const unscaled = page.getViewport({ scale: 1 });
  const viewport = page.getViewport({ scale: longSide / Math.max(unscaled.width, unscaled.height) });
  canvas.width = Math.ceil(viewport.width);
  canvas.height = Math.ceil(viewport.height);
  const context = canvas.getContext('2d') as CanvasRenderingContext2D | null;
  if (!context) throw new Error('2D canvas is not available');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvas: canvas as HTMLCanvasElement, canvasContext: context, viewport }).promise;
  page.cleanup();
}

export interface PdfSummary {
  pageCount: number;
  thumbnail: Blob;
}

/** Page count and a thumbnail of the first page; throws when the PDF cannot be read. */
export async function summarizePdf(data: Blob): Promise<PdfSummary> {
  const doc = await openPdf(data);
  try {
    const canvas = new OffscreenCanvas(1, 1);
    await renderPdfPage(doc, 1, canvas, THUMBNAIL_LONG_SIDE);
    return { pageCount: doc.numPages, thumbnail: await canvas.convertToBlob({ type: 'image/webp', quality: 0.8 }) };
  } finally {
    await doc.destroy();
  }
}
