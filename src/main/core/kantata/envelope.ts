/**
 * Decoding of the API's response envelope: membership and order come from `results`; records sit
 * in top-level maps keyed by string id (side-loads included). Unknown keys are ignored.
 */
import type { ApiEnvelope, ApiMeta } from '@shared/kantata/wire';
import { KantataError } from './errors';

export interface Decoded<T> {
  items: T[];
  meta: ApiMeta;
  count: number;
  /** A side-loaded (or primary) map by key, e.g. sideload<ApiExternalReference>('external_references'). */
  sideload<S>(key: string): Map<string, S>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function decodeEnvelope<T>(body: unknown, key: string): Decoded<T> {
  if (!isObject(body) || !Array.isArray(body.results)) {
    throw new KantataError('bad-response', `Expected a Kantata envelope with "${key}"`);
  }
  const envelope = body as ApiEnvelope;
  const map = isObject(envelope[key]) ? (envelope[key] as Record<string, T>) : {};
  const items: T[] = [];
  for (const ref of envelope.results) {
    if (!isObject(ref) || ref.key !== key) continue;
    const record = map[String(ref.id)];
    if (record !== undefined) items.push(record);
  }
  const meta: ApiMeta = isObject(envelope.meta)
    ? envelope.meta
    : { count: items.length, page_count: items.length ? 1 : 0, page_number: items.length ? 1 : 0, page_size: items.length };
  return {
    items,
    meta,
    count: typeof envelope.count === 'number' ? envelope.count : meta.count,
    sideload<S>(sideKey: string): Map<string, S> {
      const side = envelope[sideKey];
      return new Map(isObject(side) ? Object.entries(side as Record<string, S>) : []);
    },
  };
}
