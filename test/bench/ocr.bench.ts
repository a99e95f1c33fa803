/**
 * `npm run bench -- ocr`: the app's receipt reading (src/shared/receipt-reading through the Node
 * reader, the same code `npm run receipts:read` runs) on the 63 labelled SROIE scans in
 * ../shared/fixtures/receipts-sroie, scored by the issue's rules (test/support/node/receipt-scoring.ts).
 * The reading runs in its own process so its peak RSS is measured alone.
 * Figures: ocr.total_hit_rate, ocr.date_hit_rate, ocr.merchant_hit_rate, ocr.median_ms,
 * ocr.p95_ms, ocr.first_read_ms (worker start + first receipt), ocr.peak_rss_mb.
 * The straightening step (deskew.ts) is measured too, each in its own reading process: the same
 * scans read without it (ocr.no_deskew_*), and the scans turned by ±3° and ±7° read with it
 * (ocr.skewed_*) and without (ocr.skewed_no_deskew_*): hit rates and median time. Those three
 * passes run at the same time, after the main one.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SROIE_DIR, dateHit, merchantHit, readSroieLabels, totalHit } from '../support/node/receipt-scoring';
import { median, percentile, round1, type Bench, type Figure } from './bench';
import type { FromReader } from './ocr/read-all';

const DIR = process.env.OCR_BENCH_DIR ?? SROIE_DIR;

type Read = Extract<FromReader, { type: 'read' }>;
interface Pass {
  startedMs: number;
  reads: Read[];
  peakRssBytes: number;
}

async function readAll(flags: string[]): Promise<Pass> {
  const child = fork(fileURLToPath(new URL('./ocr/read-all.ts', import.meta.url)), [DIR, ...flags], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const messages: FromReader[] = [];
  child.on('message', (message: FromReader) => {
    messages.push(message);
    if (message.type === 'read') console.error(`ocr${flags.length > 0 ? ` ${flags.join(' ')}` : ''}: ${message.file} ${Math.round(message.ms)} ms`);
  });
  await new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`reader exited with ${code}`))));
    child.on('error', reject);
  });
  const started = messages.find((m): m is Extract<FromReader, { type: 'started' }> => m.type === 'started');
  const reads = messages.filter((m): m is Read => m.type === 'read');
  const done = messages.find((m): m is Extract<FromReader, { type: 'done' }> => m.type === 'done');
  if (!started || !done || reads.length === 0) throw new Error('the reader process did not finish');
  return { startedMs: started.ms, reads, peakRssBytes: done.peakRssBytes };
}

export const bench: Bench = {
  name: 'ocr',
  async run(): Promise<Figure[]> {
    const labels = await readSroieLabels(DIR);
    const hitRates = (prefix: string, reads: Read[]): Figure[] => {
      const scored = reads.filter((read) => labels[read.file]);
      const rate = (hit: (read: Read) => boolean): number => Math.round((scored.filter(hit).length / scored.length) * 1000) / 1000;
      return [
        { figure: `${prefix}total_hit_rate`, value: rate((read) => totalHit(read.total, labels[read.file]!.total)), unit: 'ratio' },
        { figure: `${prefix}date_hit_rate`, value: rate((read) => dateHit(read.date, labels[read.file]!.date)), unit: 'ratio' },
        { figure: `${prefix}merchant_hit_rate`, value: rate((read) => merchantHit(read.merchant, labels[read.file]!.company)), unit: 'ratio' },
      ];
    };
    const medianMs = (prefix: string, reads: Read[]): Figure => ({
      figure: `${prefix}median_ms`,
      value: round1(median(reads.map((read) => read.ms))),
      unit: 'ms',
    });
    // The app's reading as shipped first, alone, so its peak RSS is its own.
    const main = await readAll([]);
    const times = main.reads.map((read) => read.ms);
    // Deskew measured against reading without it, on the scans as they are and turned. These
    // three run side by side: their times compare with one another (same machine, same moment),
    // not with ocr.median_ms.
    const [straight, skewed, skewedPlain] = await Promise.all([
      readAll(['--no-deskew']),
      readAll(['--skewed']),
      readAll(['--skewed', '--no-deskew']),
    ]);
    return [
      ...hitRates('ocr.', main.reads),
      medianMs('ocr.', main.reads),
      { figure: 'ocr.p95_ms', value: round1(percentile(times, 95)), unit: 'ms' },
      { figure: 'ocr.first_read_ms', value: round1(main.startedMs + main.reads[0]!.ms), unit: 'ms' },
      { figure: 'ocr.peak_rss_mb', value: round1(main.peakRssBytes / 1024 / 1024), unit: 'MB' },
      ...hitRates('ocr.no_deskew_', straight.reads),
      medianMs('ocr.no_deskew_', straight.reads),
      ...hitRates('ocr.skewed_', skewed.reads),
      medianMs('ocr.skewed_', skewed.reads),
      ...hitRates('ocr.skewed_no_deskew_', skewedPlain.reads),
      medianMs('ocr.skewed_no_deskew_', skewedPlain.reads),
    ];
  },
};
