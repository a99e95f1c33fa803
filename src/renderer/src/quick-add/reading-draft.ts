/**
 * Quick-add's draft seen as the fields receipt reading fills, so the quick-add window reads
 * receipts with the main form's own rules (`useReceiptReading`): fill only what is empty, never
 * what the user typed, one Undo per field.
 *
 * Quick-add has one amount and one currency: a currency other than the project's makes that
 * amount the foreign one (as `toFormDraft` maps it for validation). Reading's foreign amount and
 * currency therefore land in the same two fields. Quick-add has no vendor field: a suggested
 * vendor is not taken (it only finds the user's history, for the suggested category).
 */
import type { ReadingDraft } from '@renderer/receipt-reading/use-receipt-reading';
import { isForeign, type QuickAddDraft } from './draft';

export function readingDraftOf(draft: QuickAddDraft, projectCurrency: () => string | undefined): ReadingDraft {
  const foreign = (): boolean => isForeign(draft.currency, projectCurrency());
  return {
    get amountMode() {
      return foreign() ? 'foreign' : 'project';
    },
    // The mode follows from the currency, which reading sets through `foreignCurrency`.
    set amountMode(_mode) {},
    get amount() {
      return foreign() ? '' : draft.amount;
    },
    set amount(value) {
      draft.amount = value;
    },
    get foreignValue() {
      return foreign() ? draft.amount : '';
    },
    set foreignValue(value) {
      draft.amount = value;
    },
    get foreignCurrency() {
      return foreign() ? draft.currency.trim().toUpperCase() : '';
    },
    set foreignCurrency(value) {
      draft.currency = value;
    },
    get date() {
      return draft.date;
    },
    set date(value) {
      draft.date = value;
    },
    get notes() {
      return draft.notes;
    },
    set notes(value) {
      draft.notes = value;
    },
    get categoryId() {
      return draft.categoryId;
    },
    set categoryId(value) {
      draft.categoryId = value;
    },
    get vendorId() {
      return '';
    },
    set vendorId(_id) {},
    get receiptId() {
      return draft.receiptId;
    },
    set receiptId(value) {
      draft.receiptId = value;
    },
  };
}
