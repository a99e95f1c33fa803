/**
 * Hands an export the renderer built to main, which asks where to save it and writes it: the
 * renderer never writes files itself. Answers the sentence to show the user.
 */
import type { CourierApi } from '@shared/contract';
import type { ExportKind } from '@shared/files';
import type { LocalExpense } from '@shared/model/expense';
import { todayIso } from '@shared/dates';
import { csvFileName, expensesToCsvBytes, type CsvNames } from './csv';
import { t } from '@renderer/i18n';
import { buildExpenseReport, type ReportFonts, type ReportInput } from './pdf-report';

export type FileSavePort = Pick<CourierApi, 'fileSave'>;

export interface SaveOutcome {
  saved: boolean;
  /** What to tell the user; null when they cancelled the dialog. */
  message: string | null;
  /** Why it failed, technically, for "Details". */
  detail?: string;
}

const failure = (error: unknown): SaveOutcome => ({ saved: false, message: t('export.failed'), detail: error instanceof Error ? error.message : String(error) });

export async function saveExport(port: FileSavePort, kind: ExportKind, suggestedName: string, bytes: Uint8Array<ArrayBuffer>): Promise<SaveOutcome> {
  try {
    const result = await port.fileSave({ kind, suggestedName, bytes });
    return result.saved && result.fileName ? { saved: true, message: t('export.saved', { file: result.fileName }) } : { saved: false, message: null };
  } catch (error) {
    return failure(error);
  }
}

export async function saveCsv(port: FileSavePort, rows: readonly LocalExpense[], names: CsvNames): Promise<SaveOutcome> {
  if (rows.length === 0) return { saved: false, message: t('export.nothingToExport') };
  return saveExport(port, 'csv', csvFileName(todayIso()), expensesToCsvBytes(rows, names));
}

/** The report of `rows` (the list as filtered, one project), oldest first. */
export async function savePdfReport(
  port: FileSavePort,
  rows: readonly LocalExpense[],
  input: Omit<ReportInput, 'expenses' | 'from' | 'to' | 'fonts'> & { workspaceId: string; from: string; to: string; fonts: () => Promise<ReportFonts> },
): Promise<SaveOutcome> {
  if (!input.workspaceId) return { saved: false, message: t('export.needProject') };
  if (rows.length === 0) return { saved: false, message: t('export.nothingToExport') };
  const expenses = [...rows].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.createdAt - b.createdAt));
  const from = input.from || expenses[0]!.date;
  const to = input.to || expenses.at(-1)!.date;
  try {
    const bytes = await buildExpenseReport({ ...input, fonts: await input.fonts(), expenses, from, to });
    return saveExport(port, 'pdf', pdfFileName(input.projectTitle, from, to), bytes);
  } catch (error) {
    return failure(error);
  }
}

/** "expense-report-apollo-rollout-2026-11-01-2026-11-30.pdf" */
export function pdfFileName(project: string, from: string, to: string): string {
  const slug = project.normalize('NFKD').replace(/[^\w]+/g, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 60) || 'project';
  return `expense-report-${slug}-${from}-${to}.pdf`;
}
