/**
 * The renderer's side of receipt reading: one warm reading worker, reused for every receipt and
 * started on first use (or by warmUpReader when a form opens). Reads run one at a time; a read
 * whose caller gives up (the form closed) is dropped from the queue, or, when it is the one
 * running, ends with the worker itself, so no CPU is spent on a receipt nobody waits for.
 *
 * PDFs with a text layer are read from it (pdf.js, no OCR); scanned PDFs are rendered here and
 * their pixels go to the worker. Photos go to the worker as they are, with the language data to
 * read them with (Settings): the worker switches its Tesseract when that changes.
 */
import { extractReceiptFields } from '@shared/receipt-reading/extract';
import { MIN_TEXT_LAYER_CHARS, pageFromPdfText, textLayerChars, type PdfTextItem } from '@shared/receipt-reading/pdf-text';
import type { ReadResult } from '@shared/receipt-reading/read';
import type { ReceiptReadingLanguage } from '@shared/settings';
import { openPdf, renderPdfPage } from '@renderer/receipts/pdf';
import type { EngineStatus, FromReader, ToReader } from './protocol';

export class ReadCancelled extends Error {
  constructor() {
    super('reading cancelled');
    this.name = 'ReadCancelled';
  }
}

/** Long side a scanned PDF page is rendered at for OCR (about 240 dpi on a receipt-sized page). */
const SCANNED_PDF_LONG_SIDE = 2400;

interface Job {
  id: number;
  message: ToReader;
  transfer: Transferable[];
  resolve: (result: ReadResult) => void;
  reject: (error: Error) => void;
}

let worker: Worker | null = null;
let running: Job | null = null;
const queue: Job[] = [];
let nextId = 1;
/** What the worker last said of its Tesseract (language, live workers); null before it said anything. */
let engine: EngineStatus | null = null;

function spawn(): Worker {
  const created = new Worker(new URL('./reader.worker.ts', import.meta.url), { type: 'module', name: 'receipt-reader' });
  created.onmessage = (event: MessageEvent<FromReader>) => {
    const message = event.data;
    if (message.type !== 'failed') engine = message.engine;
    if (message.type === 'ready' || !running || message.id !== running.id) return;
    const job = running;
    running = null;
    if (message.type === 'result') job.resolve(message.result);
    else job.reject(new Error(message.message));
    pump();
  };
  created.onerror = (event) => {
    event.preventDefault();
    const job = running;
    running = null;
    stopWorker();
    job?.reject(new Error(event.message || 'the reading worker stopped'));
    pump();
  };
  return created;
}

function stopWorker(): void {
  worker?.terminate();
  worker = null;
  engine = null;
}

function pump(): void {
  if (running) return;
  const job = queue.shift();
  if (!job) return;
  running = job;
  worker ??= spawn();
  worker.postMessage(job.message, job.transfer);
}

function enqueue(make: (id: number) => { message: ToReader; transfer?: Transferable[] }, signal?: AbortSignal): Promise<ReadResult> {
  if (signal?.aborted) return Promise.reject(new ReadCancelled());
  const id = nextId++;
  const { message, transfer = [] } = make(id);
  return new Promise<ReadResult>((resolve, reject) => {
    const job: Job = { id, message, transfer, resolve, reject };
    signal?.addEventListener(
      'abort',
      () => {
        const queued = queue.indexOf(job);
        if (queued >= 0) queue.splice(queued, 1);
        else if (running === job) {
          // Tesseract cannot stop mid-page: the worker goes, the next read starts a fresh one.
          running = null;
          stopWorker();
          pump();
        } else return;
        reject(new ReadCancelled());
      },
      { once: true },
    );
    queue.push(job);
    pump();
  });
}

/** Starts the worker and loads Tesseract with `language` ahead of the first receipt (a form opened). */
export function warmUpReader(language: ReceiptReadingLanguage = 'eng'): void {
  if (worker) return;
  worker = spawn();
  worker.postMessage({ type: 'warm-up', language } satisfies ToReader);
}

/** Ends the worker (tests, and the app freeing memory); the next read starts a new one. */
export function disposeReader(): void {
  for (const job of queue.splice(0)) job.reject(new ReadCancelled());
  const job = running;
  running = null;
  stopWorker();
  job?.reject(new ReadCancelled());
}

async function readPdf(blob: Blob, now: Date, language: ReceiptReadingLanguage, signal?: AbortSignal): Promise<ReadResult> {
  const doc = await openPdf(blob);
  try {
    const page = await doc.getPage(1);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items: PdfTextItem[] = content.items.flatMap((item) => ('str' in item ? [item] : []));
    if (textLayerChars(items) >= MIN_TEXT_LAYER_CHARS) {
      const recognised = pageFromPdfText(items, viewport);
      return { page: recognised, fields: extractReceiptFields(recognised, { now }) };
    }
    const canvas = new OffscreenCanvas(1, 1);
    await renderPdfPage(doc, 1, canvas, SCANNED_PDF_LONG_SIDE);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
    return await enqueue(
      (id) => ({ message: { type: 'read-pixels', id, width, height, rgba: data.buffer, now: now.getTime(), language }, transfer: [data.buffer] }),
      signal,
    );
  } finally {
    await doc.destroy();
  }
}

export interface ReadReceiptOptions {
  signal?: AbortSignal;
  now?: Date;
  /** The language data to OCR with (Settings' receiptReadingLanguage); English by default. */
  language?: ReceiptReadingLanguage;
}

/** Reads a stored receipt's fields; rejects with ReadCancelled when `signal` aborts first. */
export function readReceipt(blob: Blob, options: ReadReceiptOptions = {}): Promise<ReadResult> {
  const now = options.now ?? new Date();
  const language = options.language ?? 'eng';
  if (blob.type === 'application/pdf') return readPdf(blob, now, language, options.signal);
  return enqueue((id) => ({ message: { type: 'read-image', id, blob, now: now.getTime(), language } }), options.signal);
}

/** What the reader is doing (tests, diagnostics): `engine` is the worker's Tesseract as of its last answer. */
export function readerStatus(): { worker: boolean; running: boolean; queued: number; engine: EngineStatus | null } {
  return { worker: worker !== null, running: running !== null, queued: queue.length, engine };
}
