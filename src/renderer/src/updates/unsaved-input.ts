/**
 * Which forms in this window hold input not saved yet, so "Restart to update" can refuse to throw
 * it away. The expense forms (useExpenseDraftForm) mark themselves on the first change and clear
 * the mark when they save or close.
 */
import { ref } from 'vue';

const dirty = ref(new Set<symbol>());

export function markUnsavedInput(form: symbol, unsaved: boolean): void {
  const next = new Set(dirty.value);
  if (unsaved) next.add(form);
  else next.delete(form);
  dirty.value = next;
}

export function hasUnsavedInput(): boolean {
  return dirty.value.size > 0;
}
