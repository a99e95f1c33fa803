/**
 * The database this renderer uses. One instance per window; tests and the bench swap in their
 * own (a fresh name per test) with `useDatabase`.
 */
import { CourierDatabase } from './database';

let current: CourierDatabase | null = null;

export function getDb(): CourierDatabase {
  current ??= new CourierDatabase();
  return current;
}

/** Replace the database (tests, bench). Returns the one passed in. */
export function useDatabase(db: CourierDatabase): CourierDatabase {
  current = db;
  return db;
}
