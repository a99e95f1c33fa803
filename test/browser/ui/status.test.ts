import { afterEach, expect, it } from 'vitest';
import StorageStatus from '@renderer/components/StorageStatus.vue';
import { useStatusStore } from '@renderer/stores/status';
import { setMeta } from '@renderer/db/meta';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';
import { syntheticExpense } from '../../support/browser/seed';

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

it('follows the outbox, rows needing attention and the account in the database', async () => {
  m = await mountWithDb(StorageStatus);
  const status = useStatusStore(m.pinia);
  await until(() => status.outboxCount === 0 && status.account === null, 'initial');
  await m.db.outbox.bulkAdd([
    { expenseId: 'a', kind: 'create', at: 1 },
    { expenseId: 'b', kind: 'create', at: 2 },
  ]);
  await until(() => status.outboxCount === 2, 'outbox count');
  await m.db.expenses.bulkPut([syntheticExpense(4), syntheticExpense(5), syntheticExpense(1)]); // error, conflict, synced
  await until(() => status.needsAttention === 2, 'attention');
  await setMeta('account', { userId: '7', fullName: 'Ada Lovelace', email: 'ada@example.com' }, m.db);
  await until(() => status.account?.fullName === 'Ada Lovelace', 'account');
  await setMeta('lastSyncAt', 1_790_000_000_000, m.db);
  await until(() => status.lastSyncAt === 1_790_000_000_000, 'last sync');
});
