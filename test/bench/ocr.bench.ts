/**
 * `npm run bench -- ocr`: the app's receipt reading (src/shared/receipt-reading through the Node
 * reader, the same code `npm run receipts:read` runs) on the 63 labelled SROIE scans in
 * ../shared/fixtures/receipts-sroie, scored by the rules (test/support/node/receipt-scoring.ts).
 * The reading runs in its own process so its peak RSS is measured alone.
 * Figures: ocr.total_hit_rate, ocr.date_hit_rate, ocr.merchant_hit_rate, ocr.median_ms,
 * ocr.p95_ms, ocr.first_read_ms (worker start + first receipt), ocr.peak_rss_mb.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SROIE_DIR, dateHit, merchantHit, readSroieLabels, totalHit } from '../support/node/receipt-scoring';
import { median, percentile, round1, type Bench, type Figure } from './bench';
import type { FromReader } from './ocr/read-all';

const DIR = process.env.OCR_BENCH_DIR ?? SROIE_DIR;

async function readAll(): Promise<FromReader[]> {
  const child = fork(fileURLToPath(new URL('./ocr/read-all.ts', import.meta.url)), [DIR], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const messages: FromReader[] = [];
  child.on('message', (message: FromReader) => {
    messages.push(message);
    if (message.type === 'read') console.error(`ocr: ${message.file} ${Math.round(message.ms)} ms`);
  });
  await new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`reader exited with ${code}`))));
    child.on('error', reject);
  });
  return messages;
}

export const bench: Bench = {
  name: 'ocr',
  async run(): Promise<Figure[]> {
    const labels = await readSroieLabels(DIR);
    const messages = await readAll();
    const started = messages.find((m): m is Extract<FromReader, { type: 'started' }> => m.type === 'started');
    const reads = messages.filter((m): m is Extract<FromReader, { type: 'read' }> => m.type === 'read');
    const done = messages.find((m): m is Extract<FromReader, { type: 'done' }> => m.type === 'done');
    if (!started || !done || reads.length === 0) throw new Error('the reader process did not finish');
    const scored = reads.filter((read) => labels[read.file]);
    const rate = (hit: (read: (typeof scored)[number]) => boolean): number =>
      Math.round((scored.filter(hit).length / scored.length) * 1000) / 1000;
    const times = reads.map((read) => read.ms);
    return [
      { figure: 'ocr.total_hit_rate', value: rate((read) => totalHit(read.total, labels[read.file]!.total)), unit: 'ratio' },
      { figure: 'ocr.date_hit_rate', value: rate((read) => dateHit(read.date, labels[read.file]!.date)), unit: 'ratio' },
      { figure: 'ocr.merchant_hit_rate', value: rate((read) => merchantHit(read.merchant, labels[read.file]!.company)), unit: 'ratio' },
      { figure: 'ocr.median_ms', value: round1(median(times)), unit: 'ms' },
      { figure: 'ocr.p95_ms', value: round1(percentile(times, 95)), unit: 'ms' },
      { figure: 'ocr.first_read_ms', value: round1(started.ms + reads[0]!.ms), unit: 'ms' },
      { figure: 'ocr.peak_rss_mb', value: round1(done.peakRssBytes / 1024 / 1024), unit: 'MB' },
    ];
  },
};
