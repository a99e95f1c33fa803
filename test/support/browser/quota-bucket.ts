/**
 * A real, isolated quota failure: a Chromium Storage Bucket with a 1-byte quota. Any IndexedDB
 * write in it fails with the browser's own QuotaExceededError, without touching the quota other
 * tests running in parallel share (unlike a DevTools quota override for the whole origin).
 */
import { CourierDatabase } from '@renderer/db/database';

interface StorageBucket {
  indexedDB: IDBFactory;
}
interface StorageBucketManager {
  open(name: string, options: { quota: number }): Promise<StorageBucket>;
  delete(name: string): Promise<void>;
}

export async function openFullDatabase(label: string): Promise<{ db: CourierDatabase; dispose: () => Promise<void> }> {
  const manager = (navigator as unknown as { storageBuckets?: StorageBucketManager }).storageBuckets;
  if (!manager) throw new Error('This Chromium has no Storage Buckets API: cannot simulate a full disk');
  const bucketName = `full-${label}-${crypto.randomUUID().slice(0, 8)}`;
  const bucket = await manager.open(bucketName, { quota: 1 });
  const db = new CourierDatabase(`test-${bucketName}`, { indexedDB: bucket.indexedDB, IDBKeyRange });
  return {
    db,
    dispose: async () => {
      db.close();
      await manager.delete(bucketName);
    },
  };
}
