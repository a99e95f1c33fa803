/**
 * The Tesseract settings every reader uses (browser worker and Node CLI alike), and the
 * conversion of tesseract.js's block tree to a RecognisedPage. Typed structurally so src/shared
 * does not import tesseract.js.
 */
import type { ReceiptReadingLanguage } from '../settings';
import type { PageLine, RecognisedPage } from './page';
import { encodePgm } from './preprocess';
import type { OcrEngine, OcrMode } from './read';

/** PSM 4, one column of text of varying sizes: keeps a label and its amount on one line. */
export const TESSERACT_PARAMETERS = {
  tessedit_pageseg_mode: '4',
  preserve_interword_spaces: '1',
  // Scans and photos carry no trustworthy DPI; this is what the prepared image approximates.
  user_defined_dpi: '300',
} as const;

/**
 * Tesseract's WebAssembly heap only grows (to fit the largest page read so far) and fragments;
 * a worker is replaced by a fresh one once it has worn this much, so memory stays bounded over
 * hundreds of receipts: after this many reads, or sooner after this many pixels recognised (a
 * few large scans grow the heap as much as many small photos), or, for a reader that can see its
 * own memory (Node's resident size; a browser worker cannot), once memory has grown this much
 * since the worker started. Growth, not a level: a process that sits above a level would replace
 * its worker before every read.
 */
export const RECYCLE_WORKER_AFTER = 25;
export const RECYCLE_WORKER_AFTER_PIXELS = 40_000_000;
export const RECYCLE_WORKER_AFTER_GROWTH_BYTES = 200 * 1024 * 1024;

export interface WorkerWear {
  reads: number;
  pixels: number;
  /** Bytes the reader's memory grew since this worker started, where the reader can tell. */
  grownBytes?: number;
}

export function workerWorn(wear: WorkerWear): boolean {
  return (
    wear.reads >= RECYCLE_WORKER_AFTER ||
    wear.pixels >= RECYCLE_WORKER_AFTER_PIXELS ||
    (wear.grownBytes ?? 0) >= RECYCLE_WORKER_AFTER_GROWTH_BYTES
  );
}

/**
 * Where each language's traineddata lives inside its @tesseract.js-data/<code> package (LSTM
 * only, integer model): `${TRAINEDDATA_FOLDER}/<code>.traineddata.gz`.
 */
export const TRAINEDDATA_FOLDER = '4.0.0_best_int';

/** The traineddata files packaged with the app, one per Tesseract language code. */
export const TRAINEDDATA_CODES = ['eng', 'fra'] as const;
export type TrainedDataCode = (typeof TRAINEDDATA_CODES)[number];

/** The traineddata files a reading language needs: "eng+fra" → eng, fra. */
export function trainedDataCodes(language: ReceiptReadingLanguage): TrainedDataCode[] {
  return language.split('+') as TrainedDataCode[];
}

interface TesseractBbox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
interface TesseractWord {
  text: string;
  confidence: number;
  bbox: TesseractBbox;
}
interface TesseractLine {
  text: string;
  bbox: TesseractBbox;
  words: TesseractWord[];
}
export interface TesseractBlocks {
  blocks: Array<{ paragraphs: Array<{ lines: TesseractLine[] }> }> | null;
}

export function pageFromTesseract(result: TesseractBlocks, width: number, height: number): RecognisedPage {
  const lines: PageLine[] = [];
  for (const block of result.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const words = line.words
          .filter((word) => word.text.trim() !== '')
          .map((word) => ({ text: word.text, confidence: word.confidence, box: { ...word.bbox } }));
        if (words.length === 0) continue;
        lines.push({ text: words.map((word) => word.text).join(' '), box: { ...line.bbox }, words });
      }
    }
  }
  return { width, height, lines };
}

/** The part of a tesseract.js worker the engine needs (browser and Node workers alike). */
export interface TesseractWorkerLike {
  setParameters(parameters: Record<string, string>): Promise<unknown>;
  recognize(image: Uint8Array, options: object, output: { blocks: boolean; text: boolean }): Promise<{ data: unknown }>;
}

/**
 * Per reading mode: the page segmentation (4, one column, for a page; 6, one block, for a strip)
 * and the binarisation: Otsu over the whole page (0) reads most receipts best; Leptonica's tiled
 * adaptive Otsu (1) copes with uneven light, a dark scanner edge and faint dot-matrix dates.
 */
const MODE_PARAMETERS: Record<OcrMode, { tessedit_pageseg_mode: string; thresholding_method: string }> = {
  page: { tessedit_pageseg_mode: '4', thresholding_method: '0' },
  'page-adaptive': { tessedit_pageseg_mode: '4', thresholding_method: '1' },
  strip: { tessedit_pageseg_mode: '6', thresholding_method: '0' },
};

/** An OcrEngine on a tesseract.js worker, counting the pixels it has recognised (its wear). */
export interface TesseractEngine extends OcrEngine {
  readonly pixelsRead: number;
}

/** An OcrEngine on a tesseract.js worker: the image goes in as PGM, settings per mode. */
export function tesseractEngine(worker: TesseractWorkerLike): TesseractEngine {
  let mode: OcrMode | null = null;
  let pixelsRead = 0;
  return {
    get pixelsRead() {
      return pixelsRead;
    },
    async recognise(image, wanted) {
      pixelsRead += image.width * image.height;
      if (mode !== wanted) {
        await worker.setParameters({ ...TESSERACT_PARAMETERS, ...MODE_PARAMETERS[wanted] });
        mode = wanted;
      }
      const result = await worker.recognize(encodePgm(image), {}, { blocks: true, text: false });
      return pageFromTesseract(result.data as TesseractBlocks, image.width, image.height);
    },
  };
}
