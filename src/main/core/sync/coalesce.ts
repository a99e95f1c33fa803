/**
 * Coalescing: the outbox collapses to at most one operation per expense per round
 * (fewest requests: docs/architecture.md, step 4). Pure.
 *
 * - Never on the server (no remoteId): create with the expense's CURRENT values (create + edits =
 *   one create), or nothing at all when it is deleted (create + delete = nothing sent) unless an
 *   earlier attempt may have reached the server: then it is a delete that looks the record up first.
 * - On the server: deleted locally -> one delete (update + delete = delete); otherwise one update
 *   naming the union of the changed fields, with the current values.
 */
import type { ApiExpense } from '@shared/kantata/wire';
import type { LocalExpense } from '@shared/model/expense';
import { SYNCED_FIELDS, isSyncedField, type SyncedField } from '@shared/kantata/mapping';
import type { RoundOutboxEntry } from '@shared/protocol/round';

interface OpBase {
  expenseId: string;
  seqs: number[];
  /** Local ms of the latest entry (the time of the latest user action on this expense). */
  lastAt: number;
  /** Rounds this expense's oldest queued change was already handed to main in (drives backoff). */
  attempts: number;
  /** Local ms before which trying again is pointless (every entry backed off), or null. */
  notBefore: number | null;
}

export type PlannedOp =
  | (OpBase & { kind: 'discard'; reason: 'never-sent' | 'missing-row' })
  | (OpBase & { kind: 'create'; expense: LocalExpense; attempted: boolean })
  | (OpBase & {
      kind: 'update';
      expense: LocalExpense;
      remoteId: string;
      base: ApiExpense | null;
      fields: SyncedField[];
      fieldTimes: Partial<Record<SyncedField, number>>;
      /** An entry changed the receipt (attach, replace, remove): `receipt_id` is written. */
      receiptChanged: boolean;
      /**
       * A 'create' entry on an expense that has a record: the record must be read before anything
       * is decided (an Undo after a delete whose answer was lost: it may be gone, then it is
       * created again).
       */
      verify: boolean;
    })
  | (OpBase & {
      kind: 'delete';
      expense: LocalExpense;
      /** Null when the create's outcome is unknown: look it up by client id first. */
      remoteId: string | null;
      base: ApiExpense | null;
    });

export function coalesce(
  outbox: readonly RoundOutboxEntry[],
  expenses: readonly LocalExpense[],
  /** True for client ids whose create main has sent before (outcome possibly unknown). */
  sentBefore: (clientId: string) => boolean = () => false,
): PlannedOp[] {
  const byId = new Map(expenses.map((e) => [e.id, e]));
  const groups = new Map<string, RoundOutboxEntry[]>();
  for (const entry of [...outbox].sort((a, b) => a.seq - b.seq)) {
    const list = groups.get(entry.expenseId);
    if (list) list.push(entry);
    else groups.set(entry.expenseId, [entry]);
  }

  const ops: PlannedOp[] = [];
  for (const [expenseId, entries] of groups) {
    const seqs = entries.map((e) => e.seq);
    const lastAt = Math.max(...entries.map((e) => e.at));
    const attempts = Math.max(...entries.map((e) => e.attempts ?? 0));
    const notBefore = entries.every((e) => e.notBefore !== undefined) ? Math.min(...entries.map((e) => e.notBefore!)) : null;
    const common = { expenseId, seqs, lastAt, attempts, notBefore };
    const expense = byId.get(expenseId);
    if (!expense) {
      ops.push({ kind: 'discard', reason: 'missing-row', ...common });
      continue;
    }
    const deleted = expense.deleted || entries[entries.length - 1]?.kind === 'delete';
    const attempted = sentBefore(expenseId) || entries.some((e) => (e.attempts ?? 0) > 0);

    if (expense.remoteId === null) {
      // Without a queued create, the expense was on the server before (unlinked when Kantata lost
      // the record it was refused on, say): another device may have created it again since.
      const mayExist = attempted || !entries.some((e) => e.kind === 'create');
      if (!deleted) ops.push({ kind: 'create', expense, attempted, ...common });
      else if (mayExist) ops.push({ kind: 'delete', expense, remoteId: null, base: null, ...common });
      else ops.push({ kind: 'discard', reason: 'never-sent', ...common });
      continue;
    }
    if (deleted) {
      ops.push({ kind: 'delete', expense, remoteId: expense.remoteId, base: expense.base, ...common });
      continue;
    }
    const fieldTimes: Partial<Record<SyncedField, number>> = {};
    for (const entry of entries) {
      const names: SyncedField[] =
        entry.kind === 'update' && entry.changes ? Object.keys(entry.changes).filter(isSyncedField) : [...SYNCED_FIELDS];
      for (const name of names) fieldTimes[name] = Math.max(fieldTimes[name] ?? 0, entry.at);
    }
    const fields = SYNCED_FIELDS.filter((name) => fieldTimes[name] !== undefined);
    const receiptChanged = entries.some((e) => e.kind !== 'update' || !e.changes || 'receiptId' in e.changes);
    const verify = entries.some((e) => e.kind === 'create');
    ops.push({
      kind: 'update',
      expense,
      remoteId: expense.remoteId,
      base: expense.base,
      fields,
      fieldTimes,
      receiptChanged,
      verify,
      ...common,
    });
  }
  return ops;
}
