/** Typed access to the meta key-value table (sync cursor, account display info, last sync time). */
import type { CourierDatabase } from './database';
import { getDb } from './current';
import type { MetaKey, MetaValues } from './schema';

export async function getMeta<K extends MetaKey>(key: K, db: CourierDatabase = getDb()): Promise<MetaValues[K] | undefined> {
  const row = await db.meta.get(key);
  return row?.value as MetaValues[K] | undefined;
}

export async function setMeta<K extends MetaKey>(key: K, value: MetaValues[K], db: CourierDatabase = getDb()): Promise<void> {
  await db.meta.put({ key, value });
}
