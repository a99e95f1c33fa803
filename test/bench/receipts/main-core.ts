/**
 * The main-core process of the receipts bench: the real ReceiptUploader (KantataClient, ledger
 * in a JSON file, bounded concurrency, progress) in its own Node process, so its peak RSS is
 * measured alone (the simulator, which keeps every uploaded file in memory, runs elsewhere).
 * Driven over the fork IPC channel (structured clone, like Electron's IPC).
 */
import { readFileSync } from 'node:fs';
import { KantataClient } from '../../../src/main/core/kantata/client';
import { createJsonFileStore } from '../../../src/main/core/desktop/json-file-store';
import { ReceiptUploader, UploadLedger, type ReceiptUploadInput } from '../../../src/main/core/receipts';

export type ToCore =
  | { type: 'init'; baseUrl: string; token: string; ledgerPath: string; concurrency: number }
  | { type: 'upload'; id: number; request: ReceiptUploadInput }
  | { type: 'stats' };

export type FromCore =
  | { type: 'ready' }
  | { type: 'progress'; receiptId: string; sentBytes: number; totalBytes: number }
  | { type: 'uploaded'; id: number; attachmentId: string }
  | { type: 'failed'; id: number; message: string }
  | { type: 'stats'; peakRssBytes: number; uploads: number; uploadMsSum: number };

let uploader: ReceiptUploader | null = null;
let sampledPeak = 0;
/** Time spent inside ReceiptUploader.upload, summed over calls (they overlap: 3 at a time). */
let uploadMsSum = 0;
const send = (message: FromCore): void => void process.send?.(message);

/** The kernel's high-water mark of this process's resident set (VmHWM), in bytes. */
function kernelPeakRss(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss())), 20);

process.on('message', (message: ToCore) => {
  if (message.type === 'init') {
    const client = new KantataClient({ baseUrl: message.baseUrl, token: message.token, timeoutMs: 60_000 });
    uploader = new ReceiptUploader({
      client: () => client,
      ledger: new UploadLedger(createJsonFileStore(message.ledgerPath)),
      concurrency: message.concurrency,
      onProgress: (p) => send({ type: 'progress', ...p }),
    });
    send({ type: 'ready' });
  } else if (message.type === 'upload') {
    if (!uploader) throw new Error('not initialised');
    // Structured clone delivers a Uint8Array; make sure of it (the contract's schema checks it too).
    const request = { ...message.request, bytes: new Uint8Array(message.request.bytes) };
    const started = performance.now();
    uploader
      .upload(request)
      .finally(() => (uploadMsSum += performance.now() - started))
      .then(
        (out) => send({ type: 'uploaded', id: message.id, attachmentId: out.attachmentId }),
        (e: unknown) => send({ type: 'failed', id: message.id, message: e instanceof Error ? e.message : String(e) }),
      );
  } else if (message.type === 'stats') {
    send({ type: 'stats', peakRssBytes: Math.max(sampledPeak, kernelPeakRss()), uploads: uploader?.sent ?? 0, uploadMsSum });
  }
});

process.on('disconnect', () => {
  clearInterval(sampler);
  process.exit(0);
});
