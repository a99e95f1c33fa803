/** Messages between the renderer and the receipt reading worker (reader.worker.ts). */
import type { ReadResult } from '@shared/receipt-reading/read';
import type { ReceiptReadingLanguage } from '@shared/settings';

export type ToReader =
  | { type: 'read-image'; id: number; blob: Blob; now: number; language: ReceiptReadingLanguage }
  /** A scanned PDF page the renderer rendered (pdf.js needs the DOM-side canvas factory). */
  | { type: 'read-pixels'; id: number; width: number; height: number; rgba: ArrayBuffer; now: number; language: ReceiptReadingLanguage }
  | { type: 'warm-up'; language: ReceiptReadingLanguage };

/** The worker's Tesseract: the language it reads with, and how many Tesseract workers are alive (one at most). */
export interface EngineStatus {
  language: ReceiptReadingLanguage | null;
  live: number;
}

export type FromReader =
  | { type: 'result'; id: number; result: ReadResult; engine: EngineStatus }
  | { type: 'failed'; id: number; message: string }
  | { type: 'ready'; ms: number; engine: EngineStatus };
