/**
 * `npm run bench -- dup`: checking one expense for possible duplicates against 100,000 stored
 * expenses, with the app's own check (src/renderer/src/duplicates/find.ts) on real Dexie over
 * fake-indexeddb in Node, through the indexes of schema versions 5 and 6. Figure: dup.check_100k_ms,
 * the median of 200 checks (each a different expense, a third of them with a duplicate present).
 * A third of the expenses hold a local receipt (hashed), a tenth are Kantata-only with a receipt
 * whose metadata the pull brought (most already hashed): a probe with a receipt walks every
 * receipt rule. Main's download is answered "offline" at once: the figure is the database's part.
 */
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import type { z } from 'zod';
import { newLocalExpense, type ApiExpenseSchema, type LocalExpense } from '../../src/shared/model/expense';
import { CourierDatabase } from '../../src/renderer/src/db/database';
import type { ReceiptRow, RemoteReceiptRow } from '../../src/renderer/src/db/schema';
import { findPossibleDuplicates, type AttachmentDigester } from '../../src/renderer/src/duplicates/find';
import { seededRandom } from '../support/common/seeded-random';
import { median, percentile, type Bench, type Figure } from './bench';

const COUNT = Number(process.env.DUP_BENCH_COUNT ?? 100_000);
const CHECKS = 200;
const PLACES = ['Cafe Lumiere', 'Hilton Berlin', 'Uber', 'Lufthansa', 'Book Ta.K', 'Aeon', 'Starbucks', 'Shell', 'Hertz', 'Marriott'];
const CURRENCIES = ['EUR', 'USD', 'MYR', 'GBP'];

function row(i: number, random: () => number): LocalExpense {
  const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 2400) * 86_400_000).toISOString().slice(0, 10);
  const foreign = random() < 0.1;
  return {
    ...newLocalExpense(
      {
        workspaceId: 'w1',
        date: day,
        categoryId: 'c1',
        category: 'Food',
        amountCents: 100 + Math.floor(random() * 20_000),
        currency: CURRENCIES[i % CURRENCIES.length]!,
        foreignAmount: foreign ? { value: `${1 + Math.floor(random() * 300)}.00`, currency: 'MYR' } : null,
        notes: `${PLACES[i % PLACES.length]} #${i}`,
        billable: false,
        reimbursable: true,
        vendorId: null,
        storyId: null,
        expenseBudgetId: null,
        receiptId: i % 3 === 0 ? `receipt-${i}` : null,
      },
      { id: `e${i}`, now: 1_700_000_000_000 },
    ),
    ...(i % 10 === 1 && { remoteId: `${i}`, syncState: 'synced' as const, base: { receipt_id: `a${i}` } as unknown as z.output<typeof ApiExpenseSchema> }),
  };
}

const hashOf = (n: number): string => n.toString(16).padStart(64, '0');
/** Sizes collide now and then, as real files' do. */
const sizeOf = (n: number): number => 20_000 + (n % 40_000);

function receipt(i: number): ReceiptRow {
  return { id: `receipt-${i}`, hash: hashOf(i), blob: new Blob([]), mime: 'image/jpeg', size: sizeOf(i), name: `r${i}.jpg`, createdAt: 0, attachmentId: null };
}

function remoteReceipt(i: number): RemoteReceiptRow {
  return { id: `a${i}`, filename: `k${i}.jpg`, filesize: sizeOf(i), url: `https://cdn.example/a${i}`, hash: i % 7 === 1 ? null : hashOf(1_000_000 + i), fetchedAt: 0 };
}

const offline: AttachmentDigester = () => Promise.resolve({ status: 'unavailable', reason: 'offline', message: 'bench' });

export const bench: Bench = {
  name: 'dup',
  async run(): Promise<Figure[]> {
    const db = new CourierDatabase(`dup-bench-${Date.now()}`, { indexedDB, IDBKeyRange });
    try {
      const random = seededRandom(13);
      const rows = Array.from({ length: COUNT }, (_, i) => row(i, random));
      for (let i = 0; i < rows.length; i += 5_000) await db.expenses.bulkPut(rows.slice(i, i + 5_000));
      const indexes = rows.map((_, i) => i);
      await db.receipts.bulkPut(indexes.filter((i) => i % 3 === 0).map(receipt));
      await db.remoteReceipts.bulkPut(indexes.filter((i) => i % 10 === 1).map(remoteReceipt));
      const times: number[] = [];
      // 0: a copy of a stored expense (its receipt too); 1: a new receipt file; 2: no receipt.
      const byKind: number[][] = [[], [], []];
      let hits = 0;
      for (let c = 0; c < CHECKS; c += 1) {
        const other = rows[Math.floor(random() * rows.length)]!;
        // A new receipt row of its own with a size some stored receipts share, or another row's receipt.
        const own = COUNT + c;
        if (c % 3 === 1) await db.receipts.put(receipt(own));
        const probe =
          c % 3 === 0
            ? { ...other, id: null }
            : { ...other, id: null, amountCents: other.amountCents + 1, foreignAmount: null, receiptId: c % 3 === 1 ? `receipt-${own}` : null };
        const started = performance.now();
        const found = await findPossibleDuplicates(probe, () => null, offline, db);
        const ms = performance.now() - started;
        times.push(ms);
        byKind[c % 3]!.push(ms);
        if (found.length > 0) hits += 1;
      }
      console.error(`dup: ${COUNT} expenses, ${CHECKS} checks, ${hits} found a duplicate; p95 ${percentile(times, 95).toFixed(2)} ms`);
      const kinds = ['copy with its receipt', 'new receipt file', 'no receipt'];
      console.error(`dup: median by kind: ${byKind.map((t, i) => `${kinds[i]} ${median(t).toFixed(2)} ms`).join(', ')}`);
      return [{ figure: 'dup.check_100k_ms', value: Math.round(median(times) * 100) / 100, unit: 'ms' }];
    } finally {
      await db.delete();
    }
  },
};
