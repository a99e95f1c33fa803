/** Reading a table a page at a time, by primary key: how backups and restores keep memory bounded. */
import Dexie, { type Table } from 'dexie';

/** The table's rows in primary-key order, `size` per page (one short read each). */
export async function* pagesOf(table: Table, size: number): AsyncGenerator<unknown[]> {
  const keyPath = table.schema.primKey.keyPath as string | string[];
  let after: unknown = undefined;
  for (;;) {
    const page: unknown[] =
      after === undefined
        ? await table.orderBy(':id').limit(size).toArray()
        : await table.where(':id').above(after).limit(size).toArray();
    if (page.length === 0) return;
    yield page;
    if (page.length < size) return;
    after = Dexie.getByKeyPath(page.at(-1) as object, keyPath);
  }
}
