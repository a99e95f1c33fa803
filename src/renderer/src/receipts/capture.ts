/**
 * The three ways in (drop, paste, pick) end here, so they behave the same: every file is checked
 * on its own and either stored or refused with a message naming it; one bad file never costs the
 * others. Files are handled one after the other (each may be decoded at full size).
 */
import type { CourierDatabase } from '@renderer/db/database';
import type { ReceiptRow } from '@renderer/db/schema';
import { getDb } from '@renderer/db/current';
import { describeWriteError } from '@renderer/db/write-errors';
import { pastedImageName, prepareReceipt } from './prepare';
import { refusal, type ReceiptRefusal } from './refusal';
import { attachReceiptToExpense, storeReceipt, type StoreResult } from './repo';
import { t } from '@renderer/i18n';

/** Where the files go. */
export type CaptureTarget =
  /** A saved expense (a list row): attached at once, queued as an update. */
  | { kind: 'expense'; expenseId: string }
  /** The open form: stored now, linked when the form is saved. */
  | { kind: 'form'; expenseId: string | null; currentReceiptId: string | null }
  /** Anywhere else in the window: one new expense per file. */
  | { kind: 'new' };

export interface CaptureReport {
  stored: Array<{ fileName: string; receipt: ReceiptRow; downscaled: boolean }>;
  refused: ReceiptRefusal[];
}

/** True while a drag carries files (not text or a link). */
export function dragHasFiles(dt: DataTransfer | null): boolean {
  return !!dt && Array.from(dt.types).includes('Files');
}

/** The files of a drop or a paste; text and links give none. */
export function filesOf(dt: DataTransfer | null): File[] {
  if (!dt) return [];
  const files = Array.from(dt.files);
  if (files.length > 0) return files;
  return Array.from(dt.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.getAsFile())
    .filter((f): f is File => f !== null);
}

/** A pasted screenshot has a generic name ("image.png"): give it a dated one. */
function displayName(file: File, pasted: boolean): string {
  if (!pasted && file.name) return file.name;
  const kind = file.type === 'image/jpeg' ? 'jpeg' : file.type === 'image/webp' ? 'webp' : 'png';
  return pastedImageName(kind);
}

export async function captureFiles(
  files: readonly File[],
  target: CaptureTarget,
  options: { pasted?: boolean } = {},
  db: CourierDatabase = getDb(),
): Promise<CaptureReport> {
  const report: CaptureReport = { stored: [], refused: [] };
  let current = target.kind === 'form' ? target.currentReceiptId : null;
  for (const file of files) {
    const name = displayName(file, options.pasted ?? false);
    const taken = report.stored[0];
    if (target.kind !== 'new' && taken) {
      report.refused.push(
        refusal(
          name,
          'duplicate',
          t('receipts.why.oneReceipt', { file: taken.fileName }),
        ),
      );
      continue;
    }
    const prepared = await prepareReceipt(file, name);
    if (!prepared.ok) {
      report.refused.push(prepared.refusal);
      continue;
    }
    let stored: StoreResult;
    try {
      stored =
        target.kind === 'expense'
          ? await attachReceiptToExpense(target.expenseId, prepared.receipt, db)
          : await storeReceipt(prepared.receipt, { forExpenseId: target.kind === 'form' ? target.expenseId : null, currentReceiptId: current }, db);
    } catch (error) {
      stored = { ok: false, refusal: refusal(name, 'storage', describeWriteError(error).message) };
    }
    if (!stored.ok) {
      report.refused.push(stored.refusal);
      continue;
    }
    const twin = report.stored.find((s) => s.receipt.id === stored.receipt.id);
    if (twin) {
      report.refused.push(refusal(name, 'duplicate', t('receipts.why.sameInDrop', { file: twin.fileName })));
      continue;
    }
    if (target.kind === 'form') current = stored.receipt.id;
    report.stored.push({ fileName: name, receipt: stored.receipt, downscaled: prepared.receipt.downscaled });
  }
  return report;
}

/** Image files on the clipboard of a paste event (screenshots, copied photos). */
export function pastedFiles(event: ClipboardEvent): File[] {
  return filesOf(event.clipboardData).filter((f) => f.type.startsWith('image/') || f.type === 'application/pdf');
}
