/**
 * The page's end of the harness's byte side channel (../ipc-bytes.ts explains why): large byte
 * arrays in a call are POSTed to the harness's server and replaced by a reference; references in
 * an answer are fetched back. Shared by both ends: the reference's shape and the walk.
 */
export const BYTES_PATH = '/__courier-bytes/';
/**
 * Smaller arrays cost little as base64 and stay in the call. Low enough that the e2e tests' own
 * small backups, exports and receipts go aside too, so the tests exercise this path.
 */
export const ASIDE_MIN_BYTES = 8 * 1024;
const DEPTH = 4;

export type BytesRef = { __courierBytes: string };
export const isBytesRef = (value: unknown): value is BytesRef =>
  typeof value === 'object' && value !== null && typeof (value as Partial<BytesRef>).__courierBytes === 'string';

/** The plain objects and arrays a walk enters (not byte arrays, not class instances). */
function isWalked(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return false;
  return Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype;
}

function contains(value: unknown, test: (value: unknown) => boolean, depth: number): boolean {
  if (test(value)) return true;
  if (depth === 0 || !isWalked(value)) return false;
  return (Array.isArray(value) ? value : Object.values(value)).some((item) => contains(item, test, depth - 1));
}

/**
 * Replaces, in a copy, every value `test` picks by what `swap` makes of it, in plain objects and
 * arrays; a value holding none is answered as it is (no copy, no await per item).
 */
export async function mapDeep(value: unknown, test: (value: unknown) => boolean, swap: (value: unknown) => Promise<unknown>, depth = DEPTH): Promise<unknown> {
  if (!contains(value, test, depth)) return value;
  if (test(value)) return swap(value);
  if (Array.isArray(value)) return Promise.all(value.map((item) => mapDeep(item, test, swap, depth - 1)));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = await mapDeep(item, test, swap, depth - 1);
  return out;
}

const isLarge = (value: unknown): value is Uint8Array => value instanceof Uint8Array && value.byteLength >= ASIDE_MIN_BYTES;
export { isLarge as isLargeBytes };

/**
 * A call's arguments with their large byte arrays posted to the harness. The body is a Blob, not
 * the array: Playwright has DevTools' Network domain on, which copies an array body into its
 * request events as base64 (through the renderer, the browser and this process's JSON parser),
 * a Blob body it leaves out. A 512 KiB backup chunk took ~100 ms to post as an array, ~18 as a Blob.
 */
export function bytesSentAside(args: unknown[]): Promise<unknown[]> {
  return mapDeep(args, isLarge, (item) =>
    fetch(BYTES_PATH, { method: 'POST', body: new Blob([item as Uint8Array<ArrayBuffer>]) })
      .then((response) => response.text())
      .then((id): BytesRef => ({ __courierBytes: id })),
  ) as Promise<unknown[]>;
}

/** An answer with every reference fetched back as its bytes. */
export function bytesFetchedBack(value: unknown): Promise<unknown> {
  return mapDeep(value, isBytesRef, (item) => {
    const id = (item as BytesRef).__courierBytes;
    return fetch(`${BYTES_PATH}${id}`)
      .then((response) => {
        if (!response.ok) throw new Error(`e2e harness: bytes ${id} are gone`);
        return response.arrayBuffer();
      })
      .then((buffer) => new Uint8Array(buffer));
  });
}
