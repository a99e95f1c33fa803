/**
 * The filtered list as a CSV file a spreadsheet opens anywhere: RFC 4180 (quoted where needed,
 * CRLF line ends), UTF-8 with a byte order mark so Excel reads it as
 * UTF-8, one column per expense field plus the names a reader needs, amounts as plain decimals
 * ("1234.50", never "1.234,50") next to their currency so the file means the same in every locale.
 *
 * Formula injection (OWASP "CSV Injection"): a text cell that begins with =, +, -, @, a tab or a
 * carriage return is written with a leading apostrophe, so a spreadsheet shows it as text instead
 * of running it. Amount columns are never touched: they hold plain decimals the exporter wrote
 * itself, and a refund's "-12.50" must stay a number.
 */
import type { LocalExpense } from '@shared/model/expense';
import { minorToDecimalString } from '@shared/money';

/** Names for the ids an expense holds (the reference data; undefined when not downloaded). */
export interface CsvNames {
  workspace(id: string): string | undefined;
  vendor(id: string): string | undefined;
  /** The `currency_base_unit` of amounts in `currency` for this project (null: ISO 4217 digits). */
  baseUnit(currency: string, workspaceId: string | null): number | null;
}

type Kind = 'text' | 'decimal';
type Column = readonly [header: string, kind: Kind, value: (e: LocalExpense, names: CsvNames) => string];

const text = (value: string | null): string => value ?? '';
const yesNo = (value: boolean): string => (value ? 'true' : 'false');

/** In file order. Headers are stable identifiers (snake_case), not translated: other programs read them. */
export const CSV_COLUMNS: readonly Column[] = [
  ['client_id', 'text', (e) => e.id],
  ['kantata_id', 'text', (e) => text(e.remoteId)],
  ['date', 'text', (e) => e.date],
  ['project_id', 'text', (e) => e.workspaceId],
  ['project', 'text', (e, n) => text(n.workspace(e.workspaceId) ?? null)],
  ['category_id', 'text', (e) => e.categoryId],
  ['category', 'text', (e) => e.category],
  ['amount', 'decimal', (e, n) => minorToDecimalString(e.amountCents, e.currency, n.baseUnit(e.currency, e.workspaceId))],
  ['currency', 'text', (e) => e.currency],
  ['foreign_amount', 'decimal', (e) => text(e.foreignAmount?.value ?? null)],
  ['foreign_currency', 'text', (e) => text(e.foreignAmount?.currency ?? null)],
  ['notes', 'text', (e) => e.notes],
  ['billable', 'text', (e) => yesNo(e.billable)],
  ['reimbursable', 'text', (e) => yesNo(e.reimbursable)],
  ['vendor_id', 'text', (e) => text(e.vendorId)],
  ['vendor', 'text', (e, n) => text(e.vendorId ? (n.vendor(e.vendorId) ?? null) : null)],
  ['task_id', 'text', (e) => text(e.storyId)],
  ['expense_budget_id', 'text', (e) => text(e.expenseBudgetId)],
  ['receipt_id', 'text', (e) => text(e.receiptId)],
  ['sync_state', 'text', (e) => e.syncState],
  ['sync_message', 'text', (e) => text(e.syncMessage)],
  ['created_at', 'text', (e) => new Date(e.createdAt).toISOString()],
  ['updated_at', 'text', (e) => new Date(e.updatedAt).toISOString()],
];

export const CSV_HEADERS: readonly string[] = CSV_COLUMNS.map(([header]) => header);

/** The characters a spreadsheet reads as the start of a formula (OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** A text cell as written: with a leading apostrophe when a spreadsheet would read it as a formula. */
export function guardCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** A decimal cell stays as it is; anything else in it (never written by this app) is guarded like text. */
function guardDecimal(value: string): string {
  return value === '' || PLAIN_DECIMAL.test(value) ? value : guardCell(value);
}

const BOM = '\uFEFF';
const NEWLINE = '\r\n';
/**
 * Rows written and encoded per slice: many small flat strings encode faster than one huge
 * concatenated one, and the text of the whole file never exists beside its bytes.
 */
const SLICE_ROWS = 5_000;

/**
 * RFC 4180 by hand rather than papaparse's unparse: the rule is four lines, and writing each line
 * straight from the row takes half the time over 100,000 expenses (papaparse checks every cell
 * against several patterns and builds arrays first). Tests read the output back with papaparse.
 * Cells with a quote, comma or line break are quoted (quotes doubled); so are cells with leading
 * or trailing spaces, which some spreadsheets would trim.
 */
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
function field(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const HEADER_LINE = CSV_HEADERS.map(field).join(',') + NEWLINE;

function lines(rows: readonly LocalExpense[], names: CsvNames): string {
  let out = '';
  for (const e of rows) {
    for (let i = 0; i < CSV_COLUMNS.length; i++) {
      const [, kind, value] = CSV_COLUMNS[i]!;
      const cell = value(e, names);
      if (i > 0) out += ',';
      out += field(kind === 'text' ? guardCell(cell) : guardDecimal(cell));
    }
    out += NEWLINE;
  }
  return out;
}

/** The CSV text, BOM first. */
export function expensesToCsv(rows: readonly LocalExpense[], names: CsvNames): string {
  return BOM + HEADER_LINE + lines(rows, names);
}

export function expensesToCsvBytes(rows: readonly LocalExpense[], names: CsvNames): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [encoder.encode(BOM + HEADER_LINE)];
  for (let start = 0; start < rows.length; start += SLICE_ROWS) {
    parts.push(encoder.encode(lines(rows.slice(start, start + SLICE_ROWS), names)));
  }
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.byteLength;
  }
  return bytes;
}

/** "expenses-2026-12-04.csv" */
export function csvFileName(today: string): string {
  return `expenses-${today}.csv`;
}
