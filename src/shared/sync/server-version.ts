/**
 * Has a server record changed since the version the client knows? Kantata stamps `updated_at` to
 * the second, so an edit made in Kantata in the same second as the app's own write keeps the same
 * stamp: equal stamps do not prove equal records. Content decides, the stamp only short-cuts.
 */
import type { ApiExpense } from '../kantata/wire';
import { SYNCED_FIELDS, fieldFromApi, fieldValuesEqual } from '../kantata/mapping';

/** True when `server` holds anything the app shows or writes that differs from `known`. */
export function serverContentDiffers(known: ApiExpense, server: ApiExpense): boolean {
  if ((known.receipt_id ?? null) !== (server.receipt_id ?? null)) return true;
  if ((known.user_can_edit ?? true) !== (server.user_can_edit ?? true)) return true;
  if (known.currency !== server.currency) return true;
  return SYNCED_FIELDS.some((name) => !fieldValuesEqual(name, fieldFromApi(name, known), fieldFromApi(name, server)));
}

/** True when the server record changed since `known` (by stamp or by content). */
export function serverChangedSince(known: ApiExpense, server: ApiExpense): boolean {
  return known.updated_at !== server.updated_at || serverContentDiffers(known, server);
}

/**
 * The latest moment `updated_at` can stand for, ms. A stamp without fractions of a second (as
 * Kantata documents them) covers the whole second: an edit at 16:48:48.900 is stamped 16:48:48.
 */
export function latestTimeOf(updatedAt: string): number {
  const at = Date.parse(updatedAt);
  return /T\d{2}:\d{2}:\d{2}[.,]\d/.test(updatedAt) ? at : at + 999;
}
