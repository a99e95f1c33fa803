/** Object URLs for receipt blobs, revoked when the component that asked goes away or switches. */
import { onScopeDispose, ref, watch, type Ref } from 'vue';
import { liveQuery, type Subscription } from 'dexie';
import type { CourierDatabase } from '@renderer/db/database';
import type { ReceiptRow } from '@renderer/db/schema';
import { getDb } from '@renderer/db/current';

/** The receipt row (live: the state changes when it is uploaded) for a reactive id. */
export function useReceipt(id: Ref<string | null | undefined>, db: CourierDatabase = getDb()): Ref<ReceiptRow | null> {
  const row = ref<ReceiptRow | null>(null) as Ref<ReceiptRow | null>;
  let sub: Subscription | null = null;
  watch(
    id,
    (value) => {
      sub?.unsubscribe();
      sub = null;
      row.value = null;
      if (!value) return;
      sub = liveQuery(() => db.receipts.get(value)).subscribe({
        next: (r) => (row.value = r ?? null),
        error: () => (row.value = null),
      });
    },
    { immediate: true },
  );
  onScopeDispose(() => sub?.unsubscribe());
  return row;
}

/** An object URL of a blob that follows a reactive blob and is revoked when replaced or disposed. */
export function useObjectUrl(blob: Ref<Blob | null | undefined>): Ref<string | null> {
  const url = ref<string | null>(null);
  watch(
    blob,
    (value) => {
      if (url.value) URL.revokeObjectURL(url.value);
      url.value = value ? URL.createObjectURL(value) : null;
    },
    { immediate: true },
  );
  onScopeDispose(() => {
    if (url.value) URL.revokeObjectURL(url.value);
  });
  return url;
}
