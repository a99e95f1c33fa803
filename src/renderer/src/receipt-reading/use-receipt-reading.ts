/**
 * Receipt reading in the expense form: when a receipt is attached, read it in the background and
 * fill the fields that are still empty (never what the user typed, before or during the read),
 * remember each filled field with what it held before, so one action puts it back, and keep the
 * read page so the viewer can show where each value was found. Closing the form cancels the read.
 */
import { onBeforeUnmount, reactive, ref, shallowRef, watch } from 'vue';
import { decimalStringToMinor, formatAmountForInput, isCurrencyCode } from '@shared/money';
import type { ReadResult } from '@shared/receipt-reading/read';
import type { Box } from '@shared/receipt-reading/page';
import { suggestCategory, suggestVendor, type PastExpense } from '@shared/receipt-reading/suggest';
import type { ExpenseFormDraft } from '@shared/validation';
import type { ReceiptReadingLanguage } from '@shared/settings';
import { getReceipt } from '@renderer/receipts/repo';
import { t, tc } from '@renderer/i18n';
import { ReadCancelled, readReceipt, warmUpReader } from './reader';
import type { HistoryMatch } from './history';

/** The draft fields reading may fill. */
export type ReadableField = 'amount' | 'foreignValue' | 'foreignCurrency' | 'amountMode' | 'date' | 'notes' | 'vendorId' | 'categoryId';

export interface FilledField {
  field: ReadableField;
  /** What the field held before; undo puts it back. */
  previous: string;
  value: string;
  /** Where on the receipt the value was read (receipt pixels), when it was read rather than suggested. */
  box: Box | null;
}

/** What reading touches of a draft: the main form's draft, or quick-add's seen through the same fields. */
export type ReadingDraft = Pick<ExpenseFormDraft, ReadableField | 'receiptId'>;

export interface ReceiptReadingOptions {
  draft: ReadingDraft;
  /** Start the reader at once (the main form), or only when a receipt comes (quick-add stays light). */
  warmUp?: boolean;
  /** Reading on or off (Settings). */
  enabled: () => boolean;
  /** The language data to read with (Settings), as of each receipt. */
  language: () => ReceiptReadingLanguage;
  /** A receipt the form opened with (an edited expense's own): not read again. */
  initialReceiptId: string | null;
  /** The date a new expense starts with: still that value counts as not chosen yet. Null when editing. */
  defaultDate: string | null;
  projectCurrency: () => string | null;
  baseUnitOf: (currency: string) => number | null;
  locale: () => string;
  vendors: () => ReadonlyArray<{ id: string; name: string }>;
  /**
   * Whether the draft has a vendor field to fill (default true). Quick-add has none: there a
   * matched vendor only finds the user's history with it.
   */
  fillsVendor?: boolean;
  /**
   * The user's earlier expenses the category is suggested from: all of them (the main window holds
   * them), or those with the read merchant or matched vendor (quick-add asks the database).
   */
  history: (match: HistoryMatch) => readonly PastExpense[] | Promise<readonly PastExpense[]>;
}

export function useReceiptReading(options: ReceiptReadingOptions) {
  const { draft } = options;
  const status = ref<'idle' | 'reading' | 'done' | 'failed'>('idle');
  const message = ref<string | null>(null);
  /** The technical reason when reading failed, for "Details". */
  const detail = ref<string | null>(null);
  const result = shallowRef<ReadResult | null>(null);
  const filled = reactive(new Map<ReadableField, FilledField>());
  let controller: AbortController | null = null;

  if (options.enabled() && options.warmUp !== false) warmUpReader(options.language());

  function set(field: ReadableField, value: string, box: Box | null): void {
    const previous = String(draft[field]);
    if (previous === value) return;
    (draft as unknown as Record<ReadableField, string>)[field] = value;
    filled.set(field, { field, previous, value, box });
  }

  function fillAmount(read: ReadResult): void {
    const total = read.fields.total;
    if (!total) return;
    const readCurrency = read.fields.currency?.value ?? null;
    const project = options.projectCurrency();
    const inProject = !readCurrency || !project || readCurrency === project;
    const format = (currency: string): string | null => {
      const minor = decimalStringToMinor(total.value, currency, options.baseUnitOf(currency));
      return minor === null ? null : formatAmountForInput(minor, currency, options.locale(), options.baseUnitOf(currency));
    };
    if (draft.amountMode === 'project' && inProject) {
      if (draft.amount !== '') return;
      const text = format(project ?? readCurrency ?? 'USD');
      if (text !== null) set('amount', text, total.box);
      return;
    }
    // Paid in another currency than the project's: the foreign amount, if nothing was typed yet.
    if (draft.amount !== '' || draft.foreignValue !== '') return;
    if (draft.foreignCurrency !== '' && readCurrency && draft.foreignCurrency !== readCurrency) return;
    const currency = readCurrency ?? draft.foreignCurrency;
    if (!isCurrencyCode(currency)) return;
    const text = format(currency);
    if (text === null) return;
    set('amountMode', 'foreign', null);
    set('foreignValue', text, total.box);
    if (draft.foreignCurrency === '') set('foreignCurrency', currency, read.fields.currency?.box ?? null);
  }

  /** Fills what the receipt holds; the category last, once the history is found (`current`: the read still counts). */
  async function apply(read: ReadResult, current: () => boolean): Promise<number> {
    fillAmount(read);
    const { date, merchant } = read.fields;
    if (date && options.defaultDate !== null && draft.date === options.defaultDate) set('date', date.value, date.box);
    let vendorId: string | null = draft.vendorId || null;
    if (merchant) {
      if (draft.notes.trim() === '') set('notes', merchant.value, merchant.box);
      const vendor = vendorId === null ? suggestVendor(merchant.value, options.vendors()) : null;
      if (vendor) {
        vendorId = vendor.id;
        if (options.fillsVendor !== false) set('vendorId', vendor.id, merchant.box);
      }
    }
    if (draft.categoryId === '' && (merchant || vendorId)) {
      // A history that cannot be read (the book closing) suggests nothing; the read fields stay.
      const history = await Promise.resolve(options.history({ merchant: merchant?.value ?? null, vendorId })).catch(() => []);
      const category = suggestCategory(history, merchant?.value ?? null, vendorId);
      if (category && current() && draft.categoryId === '') set('categoryId', category, null);
    }
    return [...filled.keys()].filter((field) => field !== 'amountMode').length;
  }

  async function read(receiptId: string): Promise<void> {
    controller?.abort();
    const own = new AbortController();
    controller = own;
    status.value = 'reading';
    message.value = t('receiptReading.reading');
    detail.value = null;
    try {
      const receipt = await getReceipt(receiptId);
      if (!receipt || own.signal.aborted) return;
      if (receipt.mime === 'image/heic') {
        status.value = 'failed';
        message.value = t('receiptReading.unsupported');
        return;
      }
      const outcome = await readReceipt(receipt.blob, { signal: own.signal, language: options.language() });
      if (own.signal.aborted || draft.receiptId !== receiptId) return;
      result.value = outcome;
      const count = await apply(outcome, () => !own.signal.aborted && draft.receiptId === receiptId);
      if (own.signal.aborted) return;
      status.value = 'done';
      message.value = count > 0 ? tc('receiptReading.filled', count) : t('receiptReading.nothingFound');
    } catch (error) {
      if (error instanceof ReadCancelled || own.signal.aborted) return;
      status.value = 'failed';
      message.value = t('receiptReading.failed');
      detail.value = error instanceof Error ? error.message : String(error);
    } finally {
      if (controller === own) controller = null;
    }
  }

  /** Puts one field back as it was before the receipt was read. */
  function undo(field: ReadableField): void {
    const entry = filled.get(field);
    if (!entry) return;
    (draft as unknown as Record<ReadableField, string>)[field] = entry.previous;
    filled.delete(field);
    // The foreign amount came with the switch to "paid in another currency": both go back together.
    if (field === 'foreignValue' && filled.has('amountMode')) undo('amountMode');
  }

  function undoAll(): void {
    for (const field of [...filled.keys()]) undo(field);
  }

  watch(
    () => draft.receiptId,
    (id) => {
      controller?.abort();
      if (!id || id === options.initialReceiptId || !options.enabled()) {
        if (!id) {
          result.value = null;
          status.value = 'idle';
          message.value = null;
        }
        return;
      }
      filled.clear();
      result.value = null;
      void read(id);
    },
    { immediate: true },
  );

  // A value the user changes is theirs: it is no longer marked as read from the receipt.
  watch(
    () => [...filled.values()].map((entry) => String(draft[entry.field]) === entry.value),
    (same) => {
      [...filled.values()].forEach((entry, index) => {
        if (!same[index]) filled.delete(entry.field);
      });
    },
  );

  onBeforeUnmount(() => controller?.abort());

  return { status, message, detail, result, filled, undo, undoAll };
}
