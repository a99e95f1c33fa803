/**
 * Hands an export the renderer built to main, which asks where to save it and writes it: the
 * renderer never writes files itself. Answers the sentence to show the user.
 */
import type { CourierApi } from '@shared/contract';
import type { ExportKind } from '@shared/files';
import type { LocalExpense } from '@shared/model/expense';
import { todayIso } from '@shared/dates';
import { csvFileName, expensesToCsvBytes, type CsvNames } from './csv';
import { exportMessages } from './messages';

export type FileSavePort = Pick<CourierApi, 'fileSave'>;

export interface SaveOutcome {
  saved: boolean;
  /** What to tell the user; null when they cancelled the dialog. */
  message: string | null;
}

export async function saveExport(port: FileSavePort, kind: ExportKind, suggestedName: string, bytes: Uint8Array<ArrayBuffer>): Promise<SaveOutcome> {
  try {
    const result = await port.fileSave({ kind, suggestedName, bytes });
    return result.saved && result.fileName ? { saved: true, message: exportMessages.saved(result.fileName) } : { saved: false, message: null };
  } catch (error) {
    return { saved: false, message: exportMessages.failed(error instanceof Error ? error.message : String(error)) };
  }
}

export async function saveCsv(port: FileSavePort, rows: readonly LocalExpense[], names: CsvNames): Promise<SaveOutcome> {
  if (rows.length === 0) return { saved: false, message: exportMessages.nothingToExport };
  return saveExport(port, 'csv', csvFileName(todayIso()), expensesToCsvBytes(rows, names));
}
