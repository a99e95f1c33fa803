/**
 * The few IndexedDB calls the harness makes inside the page, typed here because the test
 * programs are type-checked without the DOM library. Runs in Chromium only.
 */

interface IdbRequest<T> {
  result: T;
  error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}
interface IdbOpenRequest extends IdbRequest<IdbDatabase> {
  onupgradeneeded: (() => void) | null;
  onblocked: (() => void) | null;
}
interface IdbObjectStore {
  put(value: unknown): IdbRequest<unknown>;
  count(): IdbRequest<number>;
  getAll(): IdbRequest<unknown[]>;
}
interface IdbTransaction {
  objectStore(name: string): IdbObjectStore;
  oncomplete: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
  error: unknown;
}
export interface IdbDatabase {
  version: number;
  objectStoreNames: { contains(name: string): boolean };
  transaction(stores: string | string[], mode: 'readonly' | 'readwrite', options?: { durability?: 'strict' | 'relaxed' }): IdbTransaction;
  close(): void;
}
interface IdbFactory {
  open(name: string): IdbOpenRequest;
  databases(): Promise<Array<{ name?: string; version?: number }>>;
}

const factory = (): IdbFactory => (globalThis as unknown as { indexedDB: IdbFactory }).indexedDB;

const settle = <T>(request: IdbRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens the app's database at whatever version the app created. Waits for the app to create it
 * first: opening a missing database here would create an empty one the app cannot upgrade.
 */
export async function openExisting(name: string, timeoutMs = 10_000): Promise<IdbDatabase> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await factory().databases()).find((db) => db.name === name);
    if (found?.version) break;
    if (Date.now() > deadline) throw new Error(`the app did not create IndexedDB "${name}" within ${timeoutMs} ms`);
    await sleep(50);
  }
  const request = factory().open(name);
  request.onupgradeneeded = () => {
    throw new Error(`IndexedDB "${name}" vanished while opening it`);
  };
  return settle(request);
}

export function complete(tx: IdbTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

export async function putAll(db: IdbDatabase, store: string, rows: readonly unknown[]): Promise<void> {
  if (rows.length === 0) return;
  const tx = db.transaction(store, 'readwrite', { durability: 'relaxed' });
  const objects = tx.objectStore(store);
  for (const row of rows) objects.put(row);
  await complete(tx);
}

export async function getAll<T>(db: IdbDatabase, store: string): Promise<T[]> {
  const tx = db.transaction(store, 'readonly');
  return (await settle(tx.objectStore(store).getAll())) as T[];
}

export async function count(db: IdbDatabase, store: string): Promise<number> {
  const tx = db.transaction(store, 'readonly');
  return settle(tx.objectStore(store).count());
}
