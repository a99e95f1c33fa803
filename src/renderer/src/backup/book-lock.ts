/**
 * One whole-book operation at a time, in every window of the app: a backup (by hand or the daily
 * one), a restore, finishing a restore cut short. A backup reads the book in many transactions
 * and a restore empties it and copies a backup in: an automatic backup that started during a
 * restore would save a half-restored book, a restore during a backup would change the book
 * under its reads. Sync rounds are held as well (the sync store's withRoundsHeld), which is a
 * different matter: rounds may wait behind several holders at once, these operations may not.
 * A Web Lock, so that it spans the app's windows and is let go if a window closes or crashes.
 */
import type { HoldRounds } from './auto-backup';

const BOOK_LOCK = 'expense-courier:whole-book';

/** Runs `work` once no other whole-book operation is running, holding them off until it ends. */
export async function withBookLock<T>(work: () => Promise<T>): Promise<T> {
  return await navigator.locks.request(BOOK_LOCK, () => work());
}

/** A hold of sync rounds (the sync store's withRoundsHeld) made a whole-book operation: the lock first, then the hold. */
export function wholeBookOperation(holdRounds: HoldRounds): HoldRounds {
  return (work) => withBookLock(() => holdRounds(work));
}
