import { afterEach, expect, it } from 'vitest';
import StorageStatus from '@renderer/components/StorageStatus.vue';
import { useStatusStore } from '@renderer/stores/status';
import { setMeta } from '@renderer/db/meta';
import { deleteExpense, saveExpense } from '@renderer/db/expenses-repo';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';
import { syntheticExpense, taxiFields } from '../../support/browser/seed';

const fields = taxiFields;

let m: Mounted | null = null;
afterEach(async () => {
  await m?.cleanup();
  m = null;
});

it('asks for persistent storage and shows the answer', async () => {
  m = await mountWithDb(StorageStatus);
  const status = useStatusStore(m.pinia);
  const storage = () => m!.host.querySelector('[data-testid="storage-status"]')!.textContent!;
  expect(storage()).toBe('Storage: checking…');
  const answer = await status.requestPersistence();
  expect(['granted', 'denied']).toContain(answer);
  await until(() => storage() !== 'Storage: checking…', 'storage status');
  expect(storage()).toBe(answer === 'granted' ? 'Storage: persistent' : 'Storage: best effort');
});

it('follows the expenses waiting to sync, rows needing attention and the account in the database', async () => {
  m = await mountWithDb(StorageStatus);
  const status = useStatusStore(m.pinia);
  await until(() => status.waitingCount === 0 && status.account === null, 'initial');
  const a = await saveExpense({ fields }, m.db);
  const b = await saveExpense({ fields: { ...fields, notes: 'Second' } }, m.db);
  await until(() => status.waitingCount === 2, 'two expenses waiting');
  // 'a' edited twice and 'b' delivered (as a round settles it): one expense waits, with three changes.
  await saveExpense({ id: a.id, fields: { ...fields, amountCents: 1300 } }, m.db);
  await saveExpense({ id: a.id, fields: { ...fields, amountCents: 1400 } }, m.db);
  await m.db.transaction('rw', m.db.expenses, m.db.outbox, async () => {
    await m!.db.outbox.where('expenseId').equals(b.id).delete();
    await m!.db.expenses.update(b.id, { syncState: 'synced', remoteId: '9001' });
  });
  await until(() => status.waitingCount === 1, 'one expense waiting');
  expect(await m.db.outbox.count()).toBe(3);
  // A deletion not yet sent is an expense waiting too.
  await deleteExpense(b.id, m.db);
  await until(() => status.waitingCount === 2, 'the deletion waiting');
  await m.db.expenses.bulkPut([syntheticExpense(4), syntheticExpense(5), syntheticExpense(1)]); // error, conflict, synced
  await until(() => status.needsAttention === 2, 'attention');
  await setMeta('account', { userId: '7', fullName: 'Ada Lovelace', email: 'ada@example.com' }, m.db);
  await until(() => status.account?.fullName === 'Ada Lovelace', 'account');
  await setMeta('lastSyncAt', 1_790_000_000_000, m.db);
  await until(() => status.lastSyncAt === 1_790_000_000_000, 'last sync');
});
