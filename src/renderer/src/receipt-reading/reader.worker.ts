/**
 * The receipt reading worker: decodes the photo (createImageBitmap, scaled on decode when huge),
 * runs the shared preparation and extraction (src/shared/receipt-reading) and Tesseract in its
 * own nested worker. Everything it loads (Tesseract's worker script, its WebAssembly core and
 * the English traineddata) is a build asset served from the app's own origin; nothing is fetched
 * from anywhere else. One Tesseract worker stays warm and is replaced once worn (workerWorn: a
 * number of reads or of pixels recognised) so its WebAssembly heap (which only grows) stays bounded.
 */
import { createWorker, OEM, type Worker as TesseractWorker } from 'tesseract.js';
import tesseractWorkerUrl from 'tesseract.js/dist/worker.min.js?url';
import tesseractCoreUrl from 'tesseract.js-core/tesseract-core-simd-lstm.wasm.js?url';
import engTrainedDataUrl from '@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz?url';
import { MAX_DECODE_PIXELS, grayFromRgba } from '@shared/receipt-reading/preprocess';
import { readReceiptImage, type OcrEngine } from '@shared/receipt-reading/read';
import { tesseractEngine, workerWorn, type TesseractEngine } from '@shared/receipt-reading/tesseract-page';
import type { FromReader, ToReader } from './protocol';

const post = (message: FromReader): void => self.postMessage(message);
/** tesseract.js resolves relative paths only in a window; in a worker they must be absolute. */
const absolute = (url: string): string => new URL(url, self.location.href).href;

let tesseract: Promise<{ worker: TesseractWorker; engine: TesseractEngine }> | null = null;
let reads = 0;

/** Where tesseract.js asks for the language data: `${LANG_FOLDER}/eng.traineddata.gz`. */
const LANG_FOLDER = 'receipt-reading-lang';

/**
 * Tesseract's own worker, started from a small blob script that answers its request for
 * `${LANG_FOLDER}/eng.traineddata.gz` with the bundled (content-hashed) file, then loads
 * tesseract.js's worker script from the app. tesseract.js fetches language data from a folder;
 * handing it the bytes directly is broken in 7.0.0 (initialize joins the data, not the code).
 */
function tesseractWorkerScript(): string {
  const script = [
    `const bundled = ${JSON.stringify({ [`/${LANG_FOLDER}/eng.traineddata.gz`]: absolute(engTrainedDataUrl) })};`,
    'const appFetch = self.fetch.bind(self);',
    'self.fetch = (input, init) => {',
    '  const url = new URL(String(input instanceof Request ? input.url : input));',
    '  return appFetch(bundled[url.pathname] ?? input, init);',
    '};',
    `importScripts(${JSON.stringify(absolute(tesseractWorkerUrl))});`,
  ].join('\n');
  return URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
}

async function startTesseract(): Promise<{ worker: TesseractWorker; engine: TesseractEngine }> {
  const script = tesseractWorkerScript();
  try {
    const worker = await createWorker('eng', OEM.LSTM_ONLY, {
      workerPath: script,
      workerBlobURL: false,
      corePath: absolute(tesseractCoreUrl),
      langPath: absolute(`/${LANG_FOLDER}`),
      cacheMethod: 'none',
      gzip: true,
    });
    return { worker, engine: tesseractEngine(worker as never) };
  } finally {
    URL.revokeObjectURL(script);
  }
}

async function engine(): Promise<OcrEngine> {
  if (tesseract && workerWorn({ reads, pixels: (await tesseract).engine.pixelsRead })) {
    const old = tesseract;
    tesseract = null;
    reads = 0;
    await (await old).worker.terminate();
  }
  tesseract ??= startTesseract().catch((error: unknown) => {
    tesseract = null;
    throw error;
  });
  reads += 1;
  return (await tesseract).engine;
}

async function decode(blob: Blob): Promise<{ rgba: Uint8ClampedArray; width: number; height: number; scale: number }> {
  let bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  const original = bitmap.width;
  const pixels = bitmap.width * bitmap.height;
  if (pixels > MAX_DECODE_PIXELS) {
    const factor = Math.sqrt(MAX_DECODE_PIXELS / pixels);
    const smaller = await createImageBitmap(bitmap, {
      resizeWidth: Math.round(bitmap.width * factor),
      resizeHeight: Math.round(bitmap.height * factor),
      resizeQuality: 'high',
    });
    bitmap.close();
    bitmap = smaller;
  }
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2D canvas in the reading worker');
  context.drawImage(bitmap, 0, 0);
  const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
  const result = { rgba: data, width: bitmap.width, height: bitmap.height, scale: original / bitmap.width };
  bitmap.close();
  return result;
}

self.onmessage = async (event: MessageEvent<ToReader>) => {
  const message = event.data;
  if (message.type === 'warm-up') {
    const started = performance.now();
    try {
      tesseract ??= startTesseract();
      await tesseract;
      post({ type: 'ready', ms: performance.now() - started });
    } catch {
      tesseract = null;
    }
    return;
  }
  try {
    const ocr = await engine();
    const options = { now: new Date(message.now) };
    if (message.type === 'read-image') {
      const image = await decode(message.blob);
      const result = await readReceiptImage(ocr, grayFromRgba(image.rgba, image.width, image.height), image.scale, options);
      post({ type: 'result', id: message.id, result });
    } else {
      const gray = grayFromRgba(new Uint8ClampedArray(message.rgba), message.width, message.height);
      post({ type: 'result', id: message.id, result: await readReceiptImage(ocr, gray, 1, options) });
    }
  } catch (error) {
    post({ type: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) });
  }
};
