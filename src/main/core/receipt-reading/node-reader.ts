/**
 * Receipt reading in Node, for `npm run receipts:read` and the OCR bench: the same preparation,
 * Tesseract settings, traineddata and extraction rules as the app's browser worker
 * (src/shared/receipt-reading), with sharp decoding the image instead of the browser's
 * createImageBitmap. One warm worker serves every file.
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { extractReceiptFields } from '../../../shared/receipt-reading/extract';
import { MIN_TEXT_LAYER_CHARS, pageFromPdfText, textLayerChars, type PdfTextItem } from '../../../shared/receipt-reading/pdf-text';
import { MAX_DECODE_PIXELS, type GrayImage } from '../../../shared/receipt-reading/preprocess';
import { readReceiptImage, type ReadOptions, type ReadResult } from '../../../shared/receipt-reading/read';
import { TRAINEDDATA_FOLDER, tesseractEngine, trainedDataCodes, workerWorn, type TrainedDataCode } from '../../../shared/receipt-reading/tesseract-page';
import type { ReceiptReadingLanguage } from '../../../shared/settings';

const require = createRequire(import.meta.url);

function packagedDataFolder(code: TrainedDataCode): string {
  return join(dirname(require.resolve(`@tesseract.js-data/${code}/package.json`)), TRAINEDDATA_FOLDER);
}

/**
 * One folder holding every traineddata file the language needs: tesseract.js in Node reads
 * `${langPath}/<code>.traineddata.gz` from a single folder, and each language ships in its own
 * package. One language is read where it is installed; "eng+fra" from a private copy of both
 * (a few MB, removed when the reader closes).
 */
async function languageDataFolder(language: ReceiptReadingLanguage): Promise<{ folder: string; remove: () => Promise<void> }> {
  const codes = trainedDataCodes(language);
  if (codes.length === 1) return { folder: packagedDataFolder(codes[0]!), remove: async () => undefined };
  const folder = await mkdtemp(join(tmpdir(), 'courier-traineddata-'));
  const remove = (): Promise<void> => rm(folder, { recursive: true, force: true });
  try {
    for (const code of codes) {
      const file = `${code}.traineddata.gz`;
      await copyFile(join(packagedDataFolder(code), file), join(folder, file));
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return { folder, remove };
}

export interface NodeReaderOptions {
  /** The language data to read with (Settings' receiptReadingLanguage); English by default. */
  language?: ReceiptReadingLanguage;
}

export interface NodeReader {
  read(bytes: Uint8Array, options?: ReadOptions): Promise<ReadResult>;
  close(): Promise<void>;
}

// Each file is read once: libvips' operation cache would only hold on to decoded pixels; one
// libvips thread (sharp's default on glibc, set here so it holds everywhere): every thread that
// allocates gets its own glibc arena, and freed image memory stays in those arenas.
sharp.cache(false);
sharp.concurrency(1);

export async function startNodeReader(options: NodeReaderOptions = {}): Promise<NodeReader> {
  const language = options.language ?? 'eng';
  const data = await languageDataFolder(language);
  const start = (): Promise<Worker> => createWorker(language, OEM.LSTM_ONLY, { langPath: data.folder, cacheMethod: 'none', gzip: true });
  let worker: Worker;
  try {
    worker = await start();
  } catch (error) {
    await data.remove();
    throw error;
  }
  let engine = tesseractEngine(worker);
  let reads = 0;
  let rssAtStart = process.memoryUsage.rss();
  return {
    async read(bytes, options) {
      if (workerWorn({ reads, pixels: engine.pixelsRead, grownBytes: process.memoryUsage.rss() - rssAtStart })) {
        await worker.terminate();
        worker = await start();
        engine = tesseractEngine(worker);
        reads = 0;
        rssAtStart = process.memoryUsage.rss();
      }
      reads += 1;
      const { image, scale } = await decode(bytes);
      return readReceiptImage(engine, image, scale, options);
    },
    async close() {
      try {
        await worker.terminate();
      } finally {
        await data.remove();
      }
    },
  };
}

/**
 * Decoded straight to one grey channel (transparency onto white), scaled on load when huge: a
 * quarter of the RGBA buffer, and large JPEGs are shrunk while decoding.
 */
async function decode(bytes: Uint8Array): Promise<{ image: GrayImage; scale: number }> {
  const meta = await sharp(bytes).rotate().metadata();
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  const factor = width * height > MAX_DECODE_PIXELS ? Math.sqrt(MAX_DECODE_PIXELS / (width * height)) : 1;
  let pipeline = sharp(bytes).rotate().flatten({ background: '#ffffff' });
  if (factor < 1) pipeline = pipeline.resize({ width: Math.round(width * factor) });
  const { data, info } = await pipeline.greyscale().raw().toBuffer({ resolveWithObject: true });
  const image = { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, info.width * info.height) };
  return { image, scale: width / info.width };
}

const isPdf = (bytes: Uint8Array): boolean => bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46;

/**
 * A receipt file: a PDF through its text layer (first page), an image through OCR. A scanned PDF
 * has no text layer; the app OCRs its rendered page, Node has no canvas to render it with.
 */
export async function readReceiptFile(reader: NodeReader, path: string, options?: ReadOptions): Promise<ReadResult> {
  const bytes = new Uint8Array(await readFile(path));
  if (!isPdf(bytes)) return reader.read(bytes, options);
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: bytes, isEvalSupported: false }).promise;
  try {
    const pdfPage = await doc.getPage(1);
    const viewport = pdfPage.getViewport({ scale: 1 });
    const content = await pdfPage.getTextContent();
    const items: PdfTextItem[] = content.items.flatMap((item) => ('str' in item ? [item] : []));
    if (textLayerChars(items) < MIN_TEXT_LAYER_CHARS) {
      throw new Error('scanned PDF without a text layer: the CLI reads only PDFs with text (the app OCRs scans)');
    }
    const page = pageFromPdfText(items, viewport);
    return { page, fields: extractReceiptFields(page, options) };
  } finally {
    await doc.destroy();
  }
}
