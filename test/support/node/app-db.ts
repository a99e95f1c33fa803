/**
 * Reads and seeds the app's IndexedDB from Node, through the tools the harness installs in
 * every page (./in-page/tools.ts). The page must be one of the app's (it creates the database).
 */
import type { Page } from 'playwright-core';
import type { LocalExpense, OutboxEntry } from '@shared/model/expense';
import { DB_NAME } from '@renderer/db/database';
import type { GenerateSpec, HarnessTools, ReceiptSeedSpec } from './in-page/tools';

type InPage = { __courierHarness: HarnessTools };

export { DB_NAME };

/**
 * Puts rows into the app's stores. Writes bypass the page's Dexie instance, so a page shows
 * them after a reload (Dexie's liveQuery only sees writes made through Dexie).
 */
export function seedRows(page: Page, rowsByStore: Record<string, readonly unknown[]>): Promise<void> {
  return page.evaluate(
    ([name, rows]) => (globalThis as unknown as InPage).__courierHarness.seedRows(name, rows),
    [DB_NAME, rowsByStore] as const,
  );
}

/** Generates and stores expenses inside the page (fast: nothing crosses the wire). */
export function seedExpenses(page: Page, spec: GenerateSpec): Promise<{ count: number; writeMs: number }> {
  return page.evaluate(
    ([name, generate]) => (globalThis as unknown as InPage).__courierHarness.seedExpenses(name, generate),
    [DB_NAME, spec] as const,
  );
}

export function readExpenses(page: Page): Promise<LocalExpense[]> {
  return page.evaluate(
    (name) => (globalThis as unknown as InPage).__courierHarness.readRows<LocalExpense>(name, 'expenses'),
    DB_NAME,
  );
}

export function readOutbox(page: Page): Promise<OutboxEntry[]> {
  return page.evaluate(
    (name) => (globalThis as unknown as InPage).__courierHarness.readRows<OutboxEntry>(name, 'outbox'),
    DB_NAME,
  );
}

export function readRows<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    ([name, table]) => (globalThis as unknown as InPage).__courierHarness.readRows<T>(name, table),
    [DB_NAME, store] as const,
  );
}

export function countRows(page: Page, store: string): Promise<number> {
  return page.evaluate(
    ([name, table]) => (globalThis as unknown as InPage).__courierHarness.countRows(name, table),
    [DB_NAME, store] as const,
  );
}

/** Stores receipts of random bytes inside the page (see in-page/tools.ts); answers their ids. */
export function seedReceipts(page: Page, spec: ReceiptSeedSpec): Promise<string[]> {
  return page.evaluate(
    ([name, receipts]) => (globalThis as unknown as InPage).__courierHarness.seedReceipts(name, receipts),
    [DB_NAME, spec] as const,
  );
}
