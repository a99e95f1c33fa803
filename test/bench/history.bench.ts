/**
 * `npm run bench -- history`: the category a read receipt suggests in the quick-add window, found
 * from the user's history with the merchant or vendor through the database's indexes
 * (src/renderer/src/receipt-reading/history.ts, schema 6) among 100,000 stored expenses, on real
 * Dexie over fake-indexeddb in Node; and, for comparison, the same suggestion after reading every
 * row (what quick-add would do without the indexes). Figures: reading.history_100k_ms and
 * reading.history_scan_100k_ms, medians of 20 lookups (3 full reads) (each a different merchant or vendor).
 */
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { newLocalExpense, type LocalExpense } from '../../src/shared/model/expense';
import { suggestCategory } from '../../src/shared/receipt-reading/suggest';
import { CourierDatabase } from '../../src/renderer/src/db/database';
import { pastExpensesWith } from '../../src/renderer/src/receipt-reading/history';
import { seededRandom } from '../support/common/seeded-random';
import { median, percentile, type Bench, type Figure } from './bench';

const COUNT = Number(process.env.HISTORY_BENCH_COUNT ?? 100_000);
const LOOKUPS = 20;
const SCANS = 3;
/** A consultant's places: a few hundred merchants they go back to (random names), and notes that are unique. */
const names = seededRandom(7);
const MERCHANTS = Array.from({ length: 400 }, (_, i) => {
  const name = Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(names() * 26))).join('');
  return `${name.charAt(0).toUpperCase()}${name.slice(1)} ${['Berlin', 'Paris', 'Lyon', 'Kuala Lumpur', 'London'][i % 5]}`;
});

function row(i: number, random: () => number): LocalExpense {
  const repeat = random() < 0.7;
  return newLocalExpense(
    {
      workspaceId: 'w1',
      date: new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 2400) * 86_400_000).toISOString().slice(0, 10),
      categoryId: `c${1 + Math.floor(random() * 6)}`,
      category: 'Food',
      amountCents: 100 + Math.floor(random() * 20_000),
      currency: 'EUR',
      foreignAmount: null,
      notes: repeat ? MERCHANTS[Math.floor(random() * MERCHANTS.length)]! : `Client visit ${i} with the team`,
      billable: false,
      reimbursable: true,
      vendorId: random() < 0.3 ? `v${Math.floor(random() * 200)}` : null,
      storyId: null,
      expenseBudgetId: null,
      receiptId: null,
    },
    { id: `e${i}`, now: 1_700_000_000_000 },
  );
}

export const bench: Bench = {
  name: 'history',
  async run(): Promise<Figure[]> {
    const db = new CourierDatabase(`history-bench-${Date.now()}`, { indexedDB, IDBKeyRange });
    try {
      const random = seededRandom(13);
      const rows = Array.from({ length: COUNT }, (_, i) => row(i, random));
      const seeding = performance.now();
      for (let i = 0; i < rows.length; i += 5_000) await db.expenses.bulkPut(rows.slice(i, i + 5_000));
      console.error(`history: ${COUNT} expenses stored in ${Math.round(performance.now() - seeding)} ms`);
      const probes = Array.from({ length: LOOKUPS }, (_, i) => ({
        merchant: `${MERCHANTS[Math.floor(random() * MERCHANTS.length)]!.toUpperCase()}${i % 2 ? ' SARL' : ''}`,
        vendorId: i % 3 === 0 ? `v${Math.floor(random() * 200)}` : null,
      }));
      const indexed: number[] = [];
      let suggested = 0;
      for (const probe of probes) {
        const started = performance.now();
        const category = suggestCategory(await pastExpensesWith(probe, db), probe.merchant, probe.vendorId);
        indexed.push(performance.now() - started);
        if (category) suggested += 1;
      }
      const scans: number[] = [];
      let agreed = 0;
      for (const probe of probes.slice(0, SCANS)) {
        const started = performance.now();
        const all = (await db.expenses.toArray()).filter((expense) => !expense.deleted);
        const category = suggestCategory(all, probe.merchant, probe.vendorId);
        scans.push(performance.now() - started);
        // The indexes find notes that begin with the merchant's first word; the whole list also
        // notes merely similar to the name: say how often the two suggestions agree.
        if (category === suggestCategory(await pastExpensesWith(probe, db), probe.merchant, probe.vendorId)) agreed += 1;
      }
      console.error(
        `history: ${COUNT} expenses, ${LOOKUPS} lookups (${suggested} suggested a category); indexed p95 ${percentile(indexed, 95).toFixed(1)} ms; full read median over ${SCANS}, which agreed ${agreed} times`,
      );
      return [
        { figure: 'reading.history_100k_ms', value: Math.round(median(indexed) * 10) / 10, unit: 'ms' },
        { figure: 'reading.history_scan_100k_ms', value: Math.round(median(scans) * 10) / 10, unit: 'ms' },
      ];
    } finally {
      await db.delete();
    }
  },
};
