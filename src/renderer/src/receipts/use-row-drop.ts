/**
 * Drops on a row of the expense list: the file is attached to that expense at once (receipt row,
 * expense update and outbox entry in one transaction). Bind `handlers(id)` on the row element
 * (`v-bind`: they are onDrop-style listener props) and use `over` for a highlight; messages go to the window's notices.
 */
import { ref, type Ref } from 'vue';
import { captureFiles, dragHasFiles, filesOf } from './capture';
import { notify, notifyRefusals } from './state';
import { t } from '@renderer/i18n';

export interface RowDropHandlers {
  onDragenter: (e: DragEvent) => void;
  onDragover: (e: DragEvent) => void;
  onDragleave: (e: DragEvent) => void;
  onDrop: (e: DragEvent) => void;
}

export interface RowDrop {
  over: Ref<string | null>;
  busy: Ref<boolean>;
  /** `enabled` false (a locked expense): the drop is refused with a message (and does not start a new expense). */
  handlers(expenseId: string, enabled?: boolean): RowDropHandlers;
}

export function useRowReceiptDrop(): RowDrop {
  const over = ref<string | null>(null);
  const busy = ref(false);

  async function drop(expenseId: string, files: File[]): Promise<void> {
    busy.value = true;
    try {
      const report = await captureFiles(files, { kind: 'expense', expenseId });
      notifyRefusals(report.refused);
      for (const s of report.stored) notify('attached', t('receipts.attached', { file: s.fileName }));
    } finally {
      busy.value = false;
    }
  }

  return {
    over,
    busy,
    handlers(expenseId, enabled = true) {
      const enter = (e: DragEvent): void => {
        if (!dragHasFiles(e.dataTransfer)) return;
        // A locked row still owns the drop (no new expense from it), but takes nothing.
        e.preventDefault();
        e.stopPropagation();
        if (e.dataTransfer) e.dataTransfer.dropEffect = enabled ? 'copy' : 'none';
        over.value = enabled ? expenseId : null;
      };
      return {
        onDragenter: enter,
        onDragover: enter,
        onDragleave: () => {
          if (over.value === expenseId) over.value = null;
        },
        onDrop: (e) => {
          if (over.value === expenseId) over.value = null;
          if (!dragHasFiles(e.dataTransfer)) return;
          e.preventDefault();
          e.stopPropagation();
          const files = filesOf(e.dataTransfer);
          if (!enabled) {
            for (const f of files) {
              notify('refused', t('receipts.notAttached', { file: f.name, why: t('receipts.why.locked') }));
            }
            return;
          }
          void drop(expenseId, files);
        },
      };
    },
  };
}
