/**
 * The filtered list as a CSV file a spreadsheet opens anywhere: RFC 4180 (quoted where needed,
 * CRLF line ends, written by papaparse), UTF-8 with a byte order mark so Excel reads it as
 * UTF-8, one column per expense field plus the names a reader needs, amounts as plain decimals
 * ("1234.50", never "1.234,50") next to their currency so the file means the same in every locale.
 */
import Papa from 'papaparse';
import type { LocalExpense } from '@shared/model/expense';
import { minorToDecimalString } from '@shared/money';

/** Names for the ids an expense holds (the reference data; undefined when not downloaded). */
export interface CsvNames {
  workspace(id: string): string | undefined;
  vendor(id: string): string | undefined;
  /** The `currency_base_unit` of amounts in `currency` for this project (null: ISO 4217 digits). */
  baseUnit(currency: string, workspaceId: string | null): number | null;
}

type Column = readonly [header: string, value: (e: LocalExpense, names: CsvNames) => string];

const text = (value: string | null): string => value ?? '';
const yesNo = (value: boolean): string => (value ? 'true' : 'false');

/** In file order. Headers are stable identifiers (snake_case), not translated: other programs read them. */
export const CSV_COLUMNS: readonly Column[] = [
  ['client_id', (e) => e.id],
  ['kantata_id', (e) => text(e.remoteId)],
  ['date', (e) => e.date],
  ['project_id', (e) => e.workspaceId],
  ['project', (e, n) => text(n.workspace(e.workspaceId) ?? null)],
  ['category_id', (e) => e.categoryId],
  ['category', (e) => e.category],
  ['amount', (e, n) => minorToDecimalString(e.amountCents, e.currency, n.baseUnit(e.currency, e.workspaceId))],
  ['currency', (e) => e.currency],
  ['foreign_amount', (e) => text(e.foreignAmount?.value ?? null)],
  ['foreign_currency', (e) => text(e.foreignAmount?.currency ?? null)],
  ['notes', (e) => e.notes],
  ['billable', (e) => yesNo(e.billable)],
  ['reimbursable', (e) => yesNo(e.reimbursable)],
  ['vendor_id', (e) => text(e.vendorId)],
  ['vendor', (e, n) => text(e.vendorId ? (n.vendor(e.vendorId) ?? null) : null)],
  ['task_id', (e) => text(e.storyId)],
  ['expense_budget_id', (e) => text(e.expenseBudgetId)],
  ['receipt_id', (e) => text(e.receiptId)],
  ['sync_state', (e) => e.syncState],
  ['sync_message', (e) => text(e.syncMessage)],
  ['created_at', (e) => new Date(e.createdAt).toISOString()],
  ['updated_at', (e) => new Date(e.updatedAt).toISOString()],
];

export const CSV_HEADERS: readonly string[] = CSV_COLUMNS.map(([header]) => header);

const BOM = '\uFEFF';

/** The CSV text, BOM first. */
export function expensesToCsv(rows: readonly LocalExpense[], names: CsvNames): string {
  const data = rows.map((e) => CSV_COLUMNS.map(([, value]) => value(e, names)));
  return BOM + Papa.unparse({ fields: [...CSV_HEADERS], data }, { newline: '\r\n', header: true }) + '\r\n';
}

export function expensesToCsvBytes(rows: readonly LocalExpense[], names: CsvNames): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(expensesToCsv(rows, names));
}

/** "expenses-2026-12-04.csv" */
export function csvFileName(today: string): string {
  return `expenses-${today}.csv`;
}
