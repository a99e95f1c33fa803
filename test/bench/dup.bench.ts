/**
 * `npm run bench -- dup`: checking one expense for possible duplicates against 100,000 stored
 * expenses, with the app's own check (src/renderer/src/duplicates/find.ts) on real Dexie over
 * fake-indexeddb in Node, through the schema-4 indexes. Figure: dup.check_100k_ms, the median of
 * 200 checks (each a different expense, a third of them with a duplicate present).
 */
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { newLocalExpense, type LocalExpense } from '../../src/shared/model/expense';
import { CourierDatabase } from '../../src/renderer/src/db/database';
import { findPossibleDuplicates } from '../../src/renderer/src/duplicates/find';
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
        receiptId: random() < 0.3 ? `receipt-${i}` : null,
      },
      { id: `e${i}`, now: 1_700_000_000_000 },
    ),
  };
}

export const bench: Bench = {
  name: 'dup',
  async run(): Promise<Figure[]> {
    const db = new CourierDatabase(`dup-bench-${Date.now()}`, { indexedDB, IDBKeyRange });
    try {
      const random = seededRandom(13);
      const rows = Array.from({ length: COUNT }, (_, i) => row(i, random));
      for (let i = 0; i < rows.length; i += 5_000) await db.expenses.bulkPut(rows.slice(i, i + 5_000));
      const times: number[] = [];
      let hits = 0;
      for (let c = 0; c < CHECKS; c += 1) {
        const other = rows[Math.floor(random() * rows.length)]!;
        const probe = c % 3 === 0 ? { ...other, id: null } : { ...other, id: null, amountCents: other.amountCents + 1, foreignAmount: null, receiptId: null };
        const started = performance.now();
        const found = await findPossibleDuplicates(probe, () => null, db);
        times.push(performance.now() - started);
        if (found.length > 0) hits += 1;
      }
      console.error(`dup: ${COUNT} expenses, ${CHECKS} checks, ${hits} found a duplicate; p95 ${percentile(times, 95).toFixed(2)} ms`);
      return [{ figure: 'dup.check_100k_ms', value: Math.round(median(times) * 100) / 100, unit: 'ms' }];
    } finally {
      await db.delete();
    }
  },
};
