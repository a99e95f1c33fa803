/**
 * The list's "Possible duplicates" filter by receipt content, on real Dexie (fake-indexeddb):
 * receipts are keyed by their SHA-256 where known, local file rows and Kantata attachments alike.
 */
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newLocalExpense, type ApiExpenseSchema, type LocalExpense } from '@shared/model/expense';
import type { z } from 'zod';
import { possibleDuplicateIds } from '@shared/duplicates/rules';
import { CourierDatabase } from '@renderer/db/database';
import type { ReceiptRow } from '@renderer/db/schema';
import { readReceiptIdentities, receiptKeyOf } from '@renderer/duplicates/receipt-keys';

let db: CourierDatabase;
let seq = 0;
beforeEach(() => {
  db = new CourierDatabase(`receipt-keys-${++seq}-${Date.now()}`, { indexedDB, IDBKeyRange });
});
afterEach(async () => {
  await db.delete();
});

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

/** Expenses unlike each other in amount and place: only a receipt can pair them. */
function expense(i: number, overrides: Partial<LocalExpense>): LocalExpense {
  return {
    ...newLocalExpense({
      workspaceId: 'w1', date: `2026-0${(i % 9) + 1}-10`, categoryId: 'c1', category: 'Food', amountCents: 1000 + i, currency: 'EUR',
      foreignAmount: null, notes: `place ${i}`, billable: false, reimbursable: true, vendorId: null, storyId: null, expenseBudgetId: null, receiptId: null,
    }, { id: `e${i}` }),
    ...overrides,
  };
}

const receipt = (id: string, hash: string, attachmentId: string | null = null): ReceiptRow => ({
  id, hash, blob: new Blob([]), mime: 'image/jpeg', size: 10, name: `${id}.jpg`, createdAt: 0, attachmentId,
});
const kantataBase = (receiptId: string) => ({ id: 'x', updated_at: '2026-01-01T00:00:00Z', workspace_id: 'w1', receipt_id: receiptId }) as unknown as z.output<typeof ApiExpenseSchema>;

describe('possible duplicates by receipt content', () => {
  it('pairs two file rows with the same bytes, a Kantata file downloaded once, and one uploaded from here', async () => {
    await db.receipts.bulkPut([receipt('r1', HASH_A), receipt('r2', HASH_A), receipt('r3', HASH_B, '700'), receipt('r4', 'c'.repeat(64))]);
    await db.remoteReceipts.bulkPut([
      { id: '800', filename: 'k.jpg', filesize: 10, url: 'u', hash: HASH_A, fetchedAt: 0 },
      { id: '801', filename: 'k2.jpg', filesize: 10, url: 'u', hash: null, fetchedAt: 0 },
    ]);
    const rows = [
      expense(1, { receiptId: 'r1' }),
      expense(2, { receiptId: 'r2' }),
      expense(3, { remoteId: '9003', receiptId: null, base: kantataBase('800') }),
      expense(4, { receiptId: 'r3' }),
      expense(5, { remoteId: '9005', receiptId: null, base: kantataBase('700') }),
      expense(6, { remoteId: '9006', receiptId: null, base: kantataBase('801') }),
      expense(7, { receiptId: 'r4' }),
    ];
    const key = receiptKeyOf(await readReceiptIdentities(db));
    expect([...possibleDuplicateIds(rows, undefined, key)].sort()).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    // By file row alone (the old rule) only the same row would pair.
    expect(possibleDuplicateIds(rows).size).toBe(0);
  });
});
