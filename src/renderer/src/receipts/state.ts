/**
 * Shared, reactive receipt state for the UI: upload progress per receipt (fed by the upload step
 * from main's progress events) and the messages about files that were not attached (drops on the
 * window or on list rows; the form shows its own).
 */
import { reactive, ref } from 'vue';
import type { ReceiptRefusal } from './refusal';

export interface UploadProgress {
  sentBytes: number;
  totalBytes: number;
}

/** receipt id -> bytes sent, while an upload runs. */
export const uploadProgress = reactive(new Map<string, UploadProgress>());

export interface ReceiptNotice {
  id: number;
  kind: 'refused' | 'attached' | 'info';
  message: string;
}

export const receiptNotices = ref<ReceiptNotice[]>([]);
let nextNotice = 1;

export function notify(kind: ReceiptNotice['kind'], message: string): void {
  receiptNotices.value = [...receiptNotices.value, { id: nextNotice++, kind, message }].slice(-8);
}

export function notifyRefusals(refusals: readonly ReceiptRefusal[]): void {
  for (const r of refusals) notify('refused', r.message);
}

export function dismissNotice(id: number): void {
  receiptNotices.value = receiptNotices.value.filter((n) => n.id !== id);
}

/**
 * Receipts dropped outside any expense, each waiting for its new expense: the app opens the new
 * expense form with the first one attached; saving or cancelling moves on to the next.
 */
export const receiptsForNewExpenses = ref<string[]>([]);

export function queueNewExpenseReceipts(ids: readonly string[]): void {
  receiptsForNewExpenses.value = [...receiptsForNewExpenses.value, ...ids.filter((id) => !receiptsForNewExpenses.value.includes(id))];
}

/** Takes the next receipt for a new expense (the form calls this when it opens), or null. */
export function takeNewExpenseReceipt(): string | null {
  const [first, ...rest] = receiptsForNewExpenses.value;
  receiptsForNewExpenses.value = rest;
  return first ?? null;
}
