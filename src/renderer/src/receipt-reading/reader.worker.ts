/**
 * The receipt reading worker: decodes the photo (createImageBitmap, scaled on decode when huge),
 * runs the shared preparation and extraction (src/shared/receipt-reading) and Tesseract in its
 * own nested worker. Everything it loads (Tesseract's worker script, its WebAssembly core and
 * the English and French traineddata) is a build asset served from the app's own origin; nothing
 * is fetched from anywhere else. One Tesseract worker stays warm and is replaced once worn
 * (workerWorn: a number of reads or of pixels recognised) so its WebAssembly heap (which only
 * grows) stays bounded, or when a read asks for other language data than it was started with
 * (the setting changed): the old one is terminated before the new one starts.
 */
import { createWorker, OEM, type Worker as TesseractWorker } from 'tesseract.js';
import tesseractWorkerUrl from 'tesseract.js/dist/worker.min.js?url';
import tesseractCoreUrl from 'tesseract.js-core/tesseract-core-simd-lstm.wasm.js?url';
import engTrainedDataUrl from '@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz?url';
import fraTrainedDataUrl from '@tesseract.js-data/fra/4.0.0_best_int/fra.traineddata.gz?url';
import { MAX_DECODE_PIXELS, grayFromRgba } from '@shared/receipt-reading/preprocess';
import { readReceiptImage, type OcrEngine } from '@shared/receipt-reading/read';
import { tesseractEngine, workerWorn, type TesseractEngine, type TrainedDataCode } from '@shared/receipt-reading/tesseract-page';
import type { ReceiptReadingLanguage } from '@shared/settings';
import type { EngineStatus, FromReader, ToReader } from './protocol';

const post = (message: FromReader): void => self.postMessage(message);
/** tesseract.js resolves relative paths only in a window; in a worker they must be absolute. */
const absolute = (url: string): string => new URL(url, self.location.href).href;

interface Tesseract {
  worker: TesseractWorker;
  engine: TesseractEngine;
  language: ReceiptReadingLanguage;
}

let tesseract: Promise<Tesseract> | null = null;
/** The language the current (or starting) Tesseract reads with. */
let tesseractLanguage: ReceiptReadingLanguage | null = null;
/** Tesseract workers started and not yet terminated: one at most, or a worker leaked. */
let live = 0;
let reads = 0;

/** The packaged traineddata files (content-hashed build assets). */
const TRAINEDDATA_URLS: Record<TrainedDataCode, string> = { eng: engTrainedDataUrl, fra: fraTrainedDataUrl };

/** Where tesseract.js asks for the language data: `${LANG_FOLDER}/<code>.traineddata.gz`. */
const LANG_FOLDER = 'receipt-reading-lang';

/**
 * Tesseract's own worker, started from a small blob script that answers its requests for
 * `${LANG_FOLDER}/<code>.traineddata.gz` with the bundled (content-hashed) files, then loads
 * tesseract.js's worker script from the app. tesseract.js fetches language data from a folder;
 * handing it the bytes directly is broken in 7.0.0 (initialize joins the data, not the code).
 */
function tesseractWorkerScript(): string {
  const bundled = Object.fromEntries(
    Object.entries(TRAINEDDATA_URLS).map(([code, url]) => [`/${LANG_FOLDER}/${code}.traineddata.gz`, absolute(url)]),
  );
  const script = [
    `const bundled = ${JSON.stringify(bundled)};`,
    'const appFetch = self.fetch.bind(self);',
    'self.fetch = (input, init) => {',
    '  const url = new URL(String(input instanceof Request ? input.url : input));',
    '  return appFetch(bundled[url.pathname] ?? input, init);',
    '};',
    `importScripts(${JSON.stringify(absolute(tesseractWorkerUrl))});`,
  ].join('\n');
  return URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
}

async function startTesseract(language: ReceiptReadingLanguage): Promise<Tesseract> {
  const script = tesseractWorkerScript();
  try {
    const worker = await createWorker(language, OEM.LSTM_ONLY, {
      workerPath: script,
      workerBlobURL: false,
      corePath: absolute(tesseractCoreUrl),
      langPath: absolute(`/${LANG_FOLDER}`),
      cacheMethod: 'none',
      gzip: true,
    });
    live += 1;
    return { worker, engine: tesseractEngine(worker as never), language };
  } finally {
    URL.revokeObjectURL(script);
  }
}

/** The warm Tesseract for `language`: started if there is none, replaced if worn or started for another language. */
function tesseractFor(language: ReceiptReadingLanguage): Promise<Tesseract> {
  const current = tesseract;
  if (current && tesseractLanguage === language) return current;
  tesseract = (async () => {
    if (current) await retire(current);
    return startTesseract(language);
  })().catch((error: unknown) => {
    tesseract = null;
    tesseractLanguage = null;
    throw error;
  });
  tesseractLanguage = language;
  reads = 0;
  return tesseract;
}

async function retire(old: Promise<Tesseract>): Promise<void> {
  const started = await old.catch(() => null);
  if (!started) return;
  await started.worker.terminate();
  live -= 1;
}

async function engine(language: ReceiptReadingLanguage): Promise<OcrEngine> {
  if (tesseract && tesseractLanguage === language && workerWorn({ reads, pixels: (await tesseract).engine.pixelsRead })) {
    const old = tesseract;
    tesseract = null;
    tesseractLanguage = null;
    await retire(old);
  }
  const started = await tesseractFor(language);
  reads += 1;
  return started.engine;
}

const engineStatus = (): EngineStatus => ({ language: tesseractLanguage, live });

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
      await tesseractFor(message.language);
      post({ type: 'ready', ms: performance.now() - started, engine: engineStatus() });
    } catch {
      // The first read starts it again and reports why it failed.
    }
    return;
  }
  try {
    const ocr = await engine(message.language);
    const options = { now: new Date(message.now) };
    if (message.type === 'read-image') {
      const image = await decode(message.blob);
      const result = await readReceiptImage(ocr, grayFromRgba(image.rgba, image.width, image.height), image.scale, options);
      post({ type: 'result', id: message.id, result, engine: engineStatus() });
    } else {
      const gray = grayFromRgba(new Uint8ClampedArray(message.rgba), message.width, message.height);
      post({ type: 'result', id: message.id, result: await readReceiptImage(ocr, gray, 1, options), engine: engineStatus() });
    }
  } catch (error) {
    post({ type: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) });
  }
};
