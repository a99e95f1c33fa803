/** Messages between the renderer and the receipt reading worker (reader.worker.ts). */
import type { ReadResult } from '@shared/receipt-reading/read';

export type ToReader =
  | { type: 'read-image'; id: number; blob: Blob; now: number }
  /** A scanned PDF page the renderer rendered (pdf.js needs the DOM-side canvas factory). */
  | { type: 'read-pixels'; id: number; width: number; height: number; rgba: ArrayBuffer; now: number }
  | { type: 'warm-up' };

export type FromReader =
  | { type: 'result'; id: number; result: ReadResult }
  | { type: 'failed'; id: number; message: string }
  | { type: 'ready'; ms: number };
