/** Reading a table a page at a time, by primary key: how backups and restores keep memory bounded. */
import Dexie, { type Table } from 'dexie';

/** The table's rows in primary-key order, `size` per page (one short read each). */
export async function* pagesOf(table: Table, size: number): AsyncGenerator<unknown[]> {
  const keyPath = table.schema.primKey.keyPath as string | string[];
  let after: unknown = undefined;
  for (;;) {
    let page: unknown[] | null =
      after === undefined
        ? await table.orderBy(':id').limit(size).toArray()
        : await table.where(':id').above(after).limit(size).toArray();
    if (page.length === 0) return;
    const full = page.length === size;
    after = Dexie.getByKeyPath(page.at(-1) as object, keyPath);
    yield page;
    // Let go of the page before reading the next: held across that read, its rows outlive V8's
    // young generation and wait in the old one for a full collection.
    page = null;
    if (!full) return;
  }
}
