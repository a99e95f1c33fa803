/**
 * The OCR bench's measured process: reads every receipt in a folder with the app's Node reader
 * (one warm worker, recycled as the app recycles it) and sends one result per file, then its
 * peak RSS (kernel high-water mark and 20 ms samples). Runs alone so RSS is the reader's own.
 * `--skewed`: each receipt is first turned by one of SKEW_ANGLES in turn (sharp, white corners,
 * re-encoded as JPEG; not timed), as a crooked scan or a hand-held photo would be.
 * `--no-deskew`: reads without straightening (what the deskew step is measured against).
 */
import { readdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { readReceiptFile, startNodeReader } from '../../../src/main/core/receipt-reading/node-reader';

/** Degrees, clockwise; the n-th receipt is turned by the (n mod 4)-th. */
export const SKEW_ANGLES = [3, -3, 7, -7];

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
const skewed = process.argv.includes('--skewed');
const deskew = !process.argv.includes('--no-deskew');
const files = (await readdir(dir)).filter((file) => (skewed ? /\.(jpe?g|png)$/i : /\.(jpe?g|png|pdf)$/i).test(file)).sort();
const started = performance.now();
const reader = await startNodeReader();
send({ type: 'started', ms: performance.now() - started });
for (const [index, file] of files.entries()) {
  const path = join(dir, file);
  const turned = skewed
    ? new Uint8Array(await sharp(path).rotate(SKEW_ANGLES[index % SKEW_ANGLES.length]!, { background: '#ffffff' }).jpeg({ quality: 90 }).toBuffer())
    : null;
  const begin = performance.now();
  const { fields } = turned ? await reader.read(turned, { deskew }) : await readReceiptFile(reader, path, { deskew });
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
