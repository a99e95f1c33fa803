/**
 * A real, isolated full disk: a Chromium Storage Bucket with a small quota, filled with receipt
 * blobs until Chromium itself refuses writes with QuotaExceededError. Unlike a DevTools quota
 * override for the whole origin, it does not affect other tests running in parallel.
 */
import { CourierDatabase } from '@renderer/db/database';
import { isQuotaError } from '@renderer/db/write-errors';

interface StorageBucket {
  indexedDB: IDBFactory;
}
interface StorageBucketManager {
  open(name: string, options: { quota: number }): Promise<StorageBucket>;
  delete(name: string): Promise<void>;
}

export interface BucketDatabase {
  db: CourierDatabase;
  dispose: () => Promise<void>;
}

export async function openBucketDatabase(label: string, quota: number): Promise<BucketDatabase> {
  const manager = (navigator as unknown as { storageBuckets?: StorageBucketManager }).storageBuckets;
  if (!manager) throw new Error('This Chromium has no Storage Buckets API: cannot simulate a full disk');
  const bucketName = `full-${label}-${crypto.randomUUID().slice(0, 8)}`;
  const bucket = await manager.open(bucketName, { quota });
  const db = new CourierDatabase(`test-${bucketName}`, { indexedDB: bucket.indexedDB, IDBKeyRange });
  return {
    db,
    dispose: async () => {
      db.close();
      await manager.delete(bucketName);
    },
  };
}

/** A database in which every write fails: a 1-byte quota. */
export function openFullDatabase(label: string): Promise<BucketDatabase> {
  return openBucketDatabase(label, 1);
}

/** Write filler receipts until the quota is reached; returns their ids (delete them to "free space"). */
export async function fillUntilFull(db: CourierDatabase, chunkBytes = 16 * 1024): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const id = `filler-${i}`;
    try {
      await db.receipts.add({
        id,
        hash: id,
        blob: new Blob([new Uint8Array(chunkBytes).fill(i % 251)]),
        mime: 'application/octet-stream',
        size: chunkBytes,
        name: `${id}.bin`,
        createdAt: Date.now(),
        attachmentId: null,
      });
      ids.push(id);
    } catch (e) {
      if (isQuotaError(e)) {
        if (chunkBytes > 64) return [...ids, ...(await fillUntilFull(db, chunkBytes / 4))];
        return ids;
      }
      throw e;
    }
  }
  throw new Error('The storage bucket never filled up');
}
