/**
 * The save flow both expense windows share: validate with the shared rules, show the messages
 * (live after the first attempt), focus the first invalid field, write row + outbox in one
 * transaction, and report a failed write without losing what the user typed.
 */
import { nextTick, onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue';
import { markUnsavedInput } from '@renderer/updates/unsaved-input';
import type { ExpenseFields, LocalExpense } from '@shared/model/expense';
import type { ExpenseFormResult } from '@shared/validation';
import { validationTexts, type ExpenseFormTexts } from '@renderer/i18n/validation-text';
import { describeWriteError, type WriteErrorReport } from '@renderer/db/write-errors';
import { useExpenseWritesStore } from '@renderer/stores/expense-writes';
import { useStatusStore } from '@renderer/stores/status';
import { useExpenseDraftErrors } from './useExpenseDraftErrors';

export interface ExpenseDraftFormOptions<F extends string> {
  /** The draft; after the first submit each change re-validates. */
  draft: object;
  validate: () => ExpenseFormResult;
  /** The form's own error keys, where its fields differ from the shared draft's (messages already in words). */
  toErrors: (errors: ExpenseFormTexts) => Partial<Record<F, string>>;
  /** The id of the expense being edited; undefined creates one. */
  expenseId?: () => string | undefined;
  /** Where to look for the first invalid field. */
  root: Ref<HTMLElement | null>;
  /** False while submitting must do nothing (read-only expense). */
  canSubmit?: () => boolean;
  onSaved: (saved: LocalExpense) => void | Promise<void>;
  /**
   * Asked with the valid fields just before writing (while the save counts as running, so more
   * Enters are ignored): false stops this save, e.g. to show a possible duplicate first.
   */
  confirmSave?: (fields: ExpenseFields) => Promise<boolean>;
}

/**
 * The shared rules speak ISO dates; the user types in their own format, so the date's messages
 * are the user's: "Type the date as 04/12/2026", with today as the example.
 */

export function useExpenseDraftForm<F extends string>(options: ExpenseDraftFormOptions<F>) {
  const status = useStatusStore();
  const writes = useExpenseWritesStore();
  const errors = ref({}) as Ref<Partial<Record<F, string>>>;
  const submitted = ref(false);
  /** A save is running: further submits do nothing. */
  let inFlight = false;
  /**
   * What the form shows ("Saving…", a disabled button): only once a save has run for a noticeable
   * time. A typical save takes a few milliseconds, and repainting the form for it would delay
   * the new row in the list by a frame.
   */
  const saving = ref(false);
  const SHOW_SAVING_AFTER_MS = 150;
  const writeError = shallowRef<WriteErrorReport | null>(null);
  const fieldErrors = useExpenseDraftErrors(errors);

  // Typed but not saved: "Restart to update" waits (updates/unsaved-input.ts).
  const formMark = Symbol('expense form');
  let savedDraft = JSON.stringify(options.draft);
  watch(options.draft, () => markUnsavedInput(formMark, JSON.stringify(options.draft) !== savedDraft), { deep: true });
  onBeforeUnmount(() => markUnsavedInput(formMark, false));

  // After the first save attempt, messages follow the user's corrections as they type.
  watch(options.draft, () => {
    if (!submitted.value) return;
    const r = options.validate();
    errors.value = r.ok ? {} : options.toErrors(validationTexts(r.errors));
  });

  async function submit(): Promise<void> {
    if (options.canSubmit?.() === false || inFlight) return;
    submitted.value = true;
    const result = options.validate();
    if (!result.ok) {
      errors.value = options.toErrors(validationTexts(result.errors));
      await nextTick();
      options.root.value?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    if (Object.keys(errors.value).length > 0) errors.value = {};
    inFlight = true;
    const showSaving = setTimeout(() => (saving.value = true), SHOW_SAVING_AFTER_MS);
    writeError.value = null;
    try {
      if (options.confirmSave && !(await options.confirmSave(result.fields))) return;
      const saved = await writes.save({ id: options.expenseId?.(), fields: result.fields });
      status.reportWriteError(null);
      // A synchronous handler finishes in the same tick, as an emit would.
      const after = options.onSaved(saved);
      if (after) await after;
      // Whatever the form shows after saving (reset or the saved values) is the new "nothing unsaved".
      await nextTick();
      savedDraft = JSON.stringify(options.draft);
      markUnsavedInput(formMark, false);
    } catch (e) {
      writeError.value = describeWriteError(e);
      status.reportWriteError(writeError.value);
    } finally {
      clearTimeout(showSaving);
      inFlight = false;
      saving.value = false;
    }
  }

  /** Back to a fresh entry: no messages until the next save attempt. */
  function clear(): void {
    errors.value = {};
    submitted.value = false;
    writeError.value = null;
  }

  return { ...fieldErrors, errors, submitted, saving, writeError, submit, clear };
}
