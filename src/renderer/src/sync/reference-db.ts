/**
 * Stores a reference-data snapshot from main (projects, categories, vendors, budgets, tasks, the
 * user) in the picker tables, in one transaction: the expense form works offline from these.
 * A full part replaces its table; an incremental part upserts (and drops the projects that are no
 * longer usable).
 */
import type { ReferenceRefreshRequest, ReferenceSnapshot } from '@shared/protocol/reference';
import type { CourierDatabase } from '@renderer/db/database';
import type { AccountInfo } from '@renderer/db/schema';

export async function referenceRequest(db: CourierDatabase): Promise<ReferenceRefreshRequest> {
  const cursors = (await db.meta.get('referenceCursors'))?.value ?? null;
  const knownWorkspaceIds = (await db.workspaces.toCollection().primaryKeys()).map(String);
  return { cursors: cursors as ReferenceRefreshRequest['cursors'], knownWorkspaceIds };
}

export async function applyReferenceSnapshot(db: CourierDatabase, snapshot: ReferenceSnapshot, now: number = Date.now()): Promise<void> {
  const stamp = <T>(rows: T[]): Array<T & { fetchedAt: number }> => rows.map((row) => ({ ...row, fetchedAt: now }));
  await db.transaction('rw', [db.workspaces, db.categories, db.vendors, db.expenseBudgets, db.stories, db.meta], async () => {
    if (snapshot.workspaces.full) await db.workspaces.clear();
    await db.workspaces.bulkPut(stamp(snapshot.workspaces.upserts));
    await db.workspaces.bulkDelete(snapshot.workspaces.removedIds);

    await db.categories.clear();
    await db.categories.bulkPut(stamp(snapshot.categories));
    await db.vendors.clear();
    await db.vendors.bulkPut(stamp(snapshot.vendors));

    if (snapshot.budgets.full) await db.expenseBudgets.clear();
    await db.expenseBudgets.bulkPut(stamp(snapshot.budgets.upserts));
    if (snapshot.stories.full) await db.stories.clear();
    await db.stories.bulkPut(stamp(snapshot.stories.upserts));

    const account: AccountInfo = {
      userId: snapshot.user.id,
      fullName: snapshot.user.full_name,
      email: snapshot.user.email_address,
    };
    await db.meta.put({ key: 'account', value: account });
    await db.meta.put({ key: 'referenceCursors', value: snapshot.cursors });
  });
}
