/**
 * The CSV export of the filtered list, read back with a CSV library (papaparse) and compared
 * with the database it came from: expenses saved through the real repository on fake-indexeddb,
 * filtered by the list's real filter, written by the real exporter.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import Papa from 'papaparse';
import { CourierDatabase } from '@renderer/db/database';
import { saveExpense } from '@renderer/db/expenses-repo';
import { NO_FILTERS, filterExpenses, compareForList } from '@renderer/expense-list/list-model';
import { CSV_HEADERS, expensesToCsv, expensesToCsvBytes, type CsvNames } from '@renderer/export/csv';
import { simExpenseFields } from '../../support/common/sim-expense-fields';
import type { LocalExpense } from '@shared/model/expense';

const dbs: CourierDatabase[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const project = { workspaceId: 'w1', categoryId: 'c1', category: 'Travel' };
const names: CsvNames = {
  workspace: (id) => ({ w1: 'Apollo, "phase 2"', w2: 'مشروع الرياض' })[id],
  vendor: (id) => ({ v1: 'Café "Zürich"\nBahnhof' })[id],
  baseUnit: () => null,
};

const AWKWARD_NOTES = [
  'He said "no receipt", then left',
  'comma, separated, notes',
  'line one\nline two\r\nline three',
  'emoji 🚕💶🧾 and a ZWJ family 👩‍👩‍👧',
  'نص عربي من اليمين إلى اليسار، مع فاصلة',
  '  leading and trailing spaces  ',
  '=SUM(A1:A2)',
  '-2+3+cmd|\' /C calc\'!A0',
  '',
];

async function seeded(): Promise<{ db: CourierDatabase; rows: LocalExpense[] }> {
  const db = new CourierDatabase(`csv-${crypto.randomUUID()}`, { indexedDB, IDBKeyRange });
  dbs.push(db);
  let i = 0;
  for (const notes of AWKWARD_NOTES) {
    await saveExpense(
      {
        fields: simExpenseFields(project, {
          notes,
          date: `2026-0${(i % 3) + 1}-1${i}`,
          amountCents: [1234, 5, 0, 99_999_99, 1, 7, 100, 42, 2_147_483_647][i]!,
          billable: i % 2 === 0,
          reimbursable: i % 3 === 0,
          vendorId: i === 1 ? 'v1' : null,
          workspaceId: i === 4 ? 'w2' : 'w1',
          foreignAmount: i === 2 ? { value: '12.50', currency: 'EUR' } : null,
          currency: i === 5 ? 'JPY' : 'USD',
        }),
      },
      db,
    );
    i++;
  }
  return { db, rows: (await db.expenses.toArray()).sort(compareForList) };
}

/**
 * How a reader takes the formula guard off: a text cell the exporter prefixed with an apostrophe
 * (because it began with =, +, -, @, a tab or a carriage return) loses that apostrophe.
 */
const unguarded = (cell: string): string => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
const unguardRecord = (record: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unguarded(v)]));

const parse = (csv: string) => Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: false });

describe('CSV export', () => {
  it('round-trips every expense field with awkward values, compared with the database', async () => {
    const { db, rows } = await seeded();
    const bytes = expensesToCsvBytes(rows, names);
    // UTF-8 with a byte order mark, CRLF line ends (RFC 4180).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const parsed = parse(text.slice(1).replace(/\r\n$/, ''));
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(CSV_HEADERS);
    expect(parsed.data).toHaveLength(AWKWARD_NOTES.length);

    const stored = new Map((await db.expenses.toArray()).map((e) => [e.id, e]));
    for (const record of parsed.data) {
      const e = stored.get(record.client_id!)!;
      expect(e, `row ${record.client_id}`).toBeDefined();
      expect(unguardRecord(record)).toEqual({
        client_id: e.id,
        kantata_id: e.remoteId ?? '',
        date: e.date,
        project_id: e.workspaceId,
        project: names.workspace(e.workspaceId),
        category_id: e.categoryId,
        category: e.category,
        amount: expect.any(String),
        currency: e.currency,
        foreign_amount: e.foreignAmount?.value ?? '',
        foreign_currency: e.foreignAmount?.currency ?? '',
        notes: e.notes,
        billable: String(e.billable),
        reimbursable: String(e.reimbursable),
        vendor_id: e.vendorId ?? '',
        vendor: e.vendorId ? names.vendor(e.vendorId) : '',
        task_id: e.storyId ?? '',
        expense_budget_id: e.expenseBudgetId ?? '',
        receipt_id: e.receiptId ?? '',
        sync_state: e.syncState,
        sync_message: e.syncMessage ?? '',
        created_at: new Date(e.createdAt).toISOString(),
        updated_at: new Date(e.updatedAt).toISOString(),
      });
      // A plain decimal in the currency's units, whatever the locale: back to the stored minor units exactly.
      const digits = e.currency === 'JPY' ? 0 : 2;
      // Never guarded: a refund stays a number.
      expect(record.amount).toMatch(digits === 0 ? /^-?\d+$/ : /^-?\d+\.\d{2}$/);
      expect(Math.round(Number(record.amount) * 10 ** digits)).toBe(e.amountCents);
    }
  });

  it('exports exactly the rows the list filter shows', async () => {
    const { rows } = await seeded();
    const filters = { ...NO_FILTERS, billable: 'yes' as const, from: '2026-02-01' };
    const shown = filterExpenses(rows, filters, () => '');
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(rows.length);
    const parsed = parse(expensesToCsv(shown, names).slice(1).replace(/\r\n$/, ''));
    expect(parsed.data.map((r) => r.client_id)).toEqual(shown.map((e) => e.id));
    for (const r of parsed.data) {
      expect(r.billable).toBe('true');
      expect(r.date! >= '2026-02-01').toBe(true);
    }
  });

  it('guards text cells a spreadsheet would run as a formula, and leaves amounts numeric', () => {
    const base = {
      ...simExpenseFields(project, { notes: 'x' }), id: 'id-1', remoteId: null, syncState: 'synced', syncMessage: null,
      createdAt: 0, updatedAt: 0, base: null, userCanEdit: true, deleted: false,
    } as LocalExpense;
    const attacks = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-1+1', '@SUM(A1)', '\t=1+1', '\r=1+1', '=1+1\nsecond line'];
    const rows = attacks.map((notes, i) => ({
      ...base, id: `id-${i}`, notes, category: i === 0 ? '=cmd' : 'Travel', amountCents: -1250,
      foreignAmount: i === 1 ? { value: '-3.5', currency: 'EUR' } : null,
    }));
    const parsed = parse(expensesToCsv(rows, names).slice(1).replace(/\r\n$/, ''));
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.map((r) => r.notes)).toEqual(attacks.map((a) => `'${a}`));
    expect(parsed.data[0]!.category).toBe("'=cmd");
    for (const r of parsed.data) expect(r.amount).toBe('-12.50');
    expect(parsed.data[1]!.foreign_amount).toBe('-3.5');
    // Harmless text is not touched, an apostrophe already there included.
    const plain = parse(expensesToCsv([{ ...base, notes: "Taxi - airport, 'late' =" }], names).slice(1).replace(/\r\n$/, ''));
    expect(plain.data[0]!.notes).toBe("Taxi - airport, 'late' =");
  });

  it('quotes only what needs quoting and doubles embedded quotes', () => {
    const row = { ...simExpenseFields(project, { notes: 'say "hi", bye' }), id: 'id-1', remoteId: '42' } as LocalExpense;
    const csv = expensesToCsv([{ ...row, syncState: 'synced', syncMessage: null, createdAt: 0, updatedAt: 0, base: null, userCanEdit: true, deleted: false }], names);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(CSV_HEADERS.join(','));
    expect(lines[1]).toContain(',"say ""hi"", bye",');
    expect(lines[1]).toContain(',12.34,USD,');
    expect(lines.at(-1)).toBe('');
  });
});
