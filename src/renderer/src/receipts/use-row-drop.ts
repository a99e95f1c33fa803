/**
 * Drops on a row of the expense list: the file is attached to that expense at once (receipt row,
 * expense update and outbox entry in one transaction). Spread `handlers` on the row element and
 * use `over` for a highlight; messages go to the window's notices.
 */
import { ref, type Ref } from 'vue';
import { captureFiles, dragHasFiles, filesOf } from './capture';
import { notify, notifyRefusals } from './state';

export interface RowDrop {
  over: Ref<string | null>;
  busy: Ref<boolean>;
  handlers(expenseId: string): {
    onDragenter: (e: DragEvent) => void;
    onDragover: (e: DragEvent) => void;
    onDragleave: (e: DragEvent) => void;
    onDrop: (e: DragEvent) => void;
  };
}

export function useRowReceiptDrop(options: { canAttach?: (expenseId: string) => boolean } = {}): RowDrop {
  const over = ref<string | null>(null);
  const busy = ref(false);
  const allowed = (id: string): boolean => options.canAttach?.(id) ?? true;

  async function drop(expenseId: string, files: File[]): Promise<void> {
    busy.value = true;
    try {
      const report = await captureFiles(files, { kind: 'expense', expenseId });
      notifyRefusals(report.refused);
      for (const s of report.stored) notify('attached', `“${s.fileName}” was attached.`);
    } finally {
      busy.value = false;
    }
  }

  return {
    over,
    busy,
    handlers(expenseId) {
      const enter = (e: DragEvent): void => {
        if (!dragHasFiles(e.dataTransfer) || !allowed(expenseId)) return;
        e.preventDefault();
        e.stopPropagation();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
        over.value = expenseId;
      };
      return {
        onDragenter: enter,
        onDragover: enter,
        onDragleave: () => {
          if (over.value === expenseId) over.value = null;
        },
        onDrop: (e) => {
          if (over.value === expenseId) over.value = null;
          if (!dragHasFiles(e.dataTransfer) || !allowed(expenseId)) return;
          e.preventDefault();
          e.stopPropagation();
          void drop(expenseId, filesOf(e.dataTransfer));
        },
      };
    },
  };
}
