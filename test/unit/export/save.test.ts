/**
 * What the user reads after an export: "Saved <file>." or, when main could not write it, a plain
 * sentence with main's error kept as the detail (shown behind "Details"), and nothing to export
 * said as such, before main is asked.
 */
import { describe, expect, it } from 'vitest';
import { newLocalExpense } from '@shared/model/expense';
import { saveCsv, type FileSavePort } from '@renderer/export/save';
import { simExpenseFields } from '../../support/common/sim-expense-fields';

const names = { workspace: () => 'Apollo', vendor: () => undefined, baseUnit: () => null };
const rows = [newLocalExpense(simExpenseFields({ workspaceId: 'w1', categoryId: 'c1', category: 'Travel' }, { notes: 'Taxi' }))];

describe('saving an export', () => {
  it('says where it was saved', async () => {
    const port: FileSavePort = { fileSave: async () => ({ saved: true, fileName: 'expenses-2026-12-04.csv' }) };
    expect(await saveCsv(port, rows, names)).toEqual({ saved: true, message: 'Saved expenses-2026-12-04.csv.' });
  });

  it('puts a failure in plain words and keeps the technical reason for Details', async () => {
    const port: FileSavePort = {
      fileSave: async () => {
        throw new Error("EACCES: permission denied, open '/Volumes/Share/expenses.csv'");
      },
    };
    expect(await saveCsv(port, rows, names)).toEqual({
      saved: false,
      message: 'The file could not be saved.',
      detail: "EACCES: permission denied, open '/Volumes/Share/expenses.csv'",
    });
  });

  it('says there is nothing to export without asking main', async () => {
    const port: FileSavePort = { fileSave: async () => expect.fail('main was asked') };
    expect(await saveCsv(port, [], names)).toEqual({ saved: false, message: 'There are no expenses to export: change the filters first.' });
  });
});
