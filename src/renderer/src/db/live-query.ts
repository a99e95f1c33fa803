/** Subscribe to a Dexie liveQuery for the lifetime of the current effect scope (a Pinia store's). */
import { liveQuery } from 'dexie';
import { onScopeDispose, shallowRef, type ShallowRef } from 'vue';

export interface LiveValue<T> {
  value: ShallowRef<T>;
  /** The last query error (the UI shows it; the subscription keeps running). */
  error: ShallowRef<unknown>;
  /** True once the first result arrived. */
  ready: ShallowRef<boolean>;
}

export function useLiveQuery<T>(querier: () => Promise<T> | T, initial: T): LiveValue<T> {
  const value = shallowRef(initial) as ShallowRef<T>;
  const error = shallowRef<unknown>(null);
  const ready = shallowRef(false);
  const subscription = liveQuery(querier).subscribe({
    next: (v) => {
      value.value = v;
      error.value = null;
      ready.value = true;
    },
    error: (e: unknown) => {
      error.value = e;
    },
  });
  onScopeDispose(() => subscription.unsubscribe());
  return { value, error, ready };
}
