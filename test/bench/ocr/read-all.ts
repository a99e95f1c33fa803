/**
 * The OCR bench's measured process: reads every receipt in a folder with the app's Node reader
 * (one warm worker, recycled as the app recycles it) and sends one result per file, then its
 * peak RSS (kernel high-water mark and 20 ms samples). Runs alone so RSS is the reader's own.
 */
import { readdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readReceiptFile, startNodeReader } from '../../../src/main/core/receipt-reading/node-reader';

export type FromReader =
  | { type: 'started'; ms: number }
  | { type: 'read'; file: string; ms: number; total: string | null; date: string | null; merchant: string | null; currency: string | null }
  | { type: 'done'; peakRssBytes: number };

const send = (message: FromReader): void => {
  process.send?.(message);
};

let sampledPeak = 0;
const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss())), 20);

function kernelPeakRss(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

const dir = process.argv[2]!;
const files = (await readdir(dir)).filter((file) => /\.(jpe?g|png|pdf)$/i.test(file)).sort();
const started = performance.now();
const reader = await startNodeReader();
send({ type: 'started', ms: performance.now() - started });
for (const file of files) {
  const begin = performance.now();
  const { fields } = await readReceiptFile(reader, join(dir, file));
  send({
    type: 'read',
    file,
    ms: performance.now() - begin,
    total: fields.total?.value ?? null,
    date: fields.date?.value ?? null,
    merchant: fields.merchant?.value ?? null,
    currency: fields.currency?.value ?? null,
  });
}
await reader.close();
clearInterval(sampler);
send({ type: 'done', peakRssBytes: Math.max(sampledPeak, kernelPeakRss()) });
process.disconnect?.();
