/**
 * Which expenses changed, in this window or any other (Dexie broadcasts every committed write to
 * all same-origin windows). liveQuery is built on this same signal, but re-runs its whole query
 * on every change: over 100,000 expenses that is a full table read per save (measured ~2 s on the
 * CI machine). The list store instead re-reads only the rows that changed.
 */
import Dexie, { cmp, type IntervalTree, type ObservabilitySet } from 'dexie';

export type ExpenseChange = { kind: 'rows'; ids: string[] } | { kind: 'all' };

/** Collect the single keys of an interval tree; null when it holds a real range (clear, modify on a range). */
function singleKeys(tree: IntervalTree): string[] | null {
  const keys: string[] = [];
  const walk = (node: IntervalTree | null | undefined): boolean => {
    if (!node || !('from' in node)) return true;
    if (cmp(node.from, node.to) !== 0 || typeof node.from !== 'string') return false;
    keys.push(node.from);
    return walk(node.l) && walk(node.r);
  };
  return walk(tree) ? keys : null;
}

export function watchExpenseChanges(dbName: string, onChange: (change: ExpenseChange) => void): () => void {
  const part = `idb://${dbName}/expenses/`;
  const listener = (parts: ObservabilitySet) => {
    const tree = parts[part];
    if (!tree) return;
    const ids = singleKeys(tree);
    onChange(ids === null ? { kind: 'all' } : { kind: 'rows', ids });
  };
  Dexie.on('storagemutated', listener);
  return () => Dexie.on.storagemutated.unsubscribe(listener);
}
