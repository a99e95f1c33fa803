/**
 * What the renderer writes after a sync round: a pure plan, so the Dexie side is one transaction
 * around it (see the protocol in src/shared/protocol/round.ts):
 *
 *   await db.transaction('rw', db.expenses, db.outbox, db.conflicts, db.meta, async () => {
 *     const keys = localKeysNeeded(result);
 *     const expenses = [...byIds(keys.expenseIds), ...byRemoteIds(keys.remoteIds)];
 *     const outbox = await db.outbox.where('expenseId').anyOf(expenses.map((e) => e.id)).toArray();
 *     const plan = planLocalApply(result, { expenses, outbox });
 *     await db.expenses.bulkPut(plan.puts); await db.expenses.bulkDelete(plan.deletes);
 *     await db.outbox.bulkDelete(plan.outboxSeqsToRemove); await db.conflicts.bulkPut(plan.conflictLog);
 *     if (result.cursor) await db.meta.put({ key: 'pullCursor', value: result.cursor });
 *   });
 *
 * Rules: only the settled seqs leave the outbox; an expense that gained outbox rows during the
 * round keeps those local values (they are newer) while learning its remoteId and new base; a
 * pulled record never overwrites a pending local change (it is merged three-way instead); a remote
 * delete never removes an expense with a pending local change (the next round decides).
 */
import type { ExpenseFields, LocalExpense, OutboxEntry } from '../model/expense';
import type { ApiExpense } from '../kantata/wire';
import type { ConflictEntry, Settlement, SyncRoundResult } from '../protocol/round';
import { SYNCED_FIELDS, differingFields, isSyncedField, localFromApi, syncedFieldsFromApi, type SyncedField } from '../kantata/mapping';
import { mergeEntry, refusedReplacedEntry } from './conflict-entries';
import { mergeThreeWay } from './merge';
import { serverChangedSince } from './server-version';
import { unhandled } from './settlement-outcomes';

export interface LocalApplyState {
  /** Current rows: every settlement's expenseId and every row whose remoteId the result names. */
  expenses: readonly LocalExpense[];
  /** Current outbox rows of those expenses (all of them: a carried row that is gone was taken back). */
  outbox: readonly OutboxEntry[];
}

export interface LocalApplyPlan {
  puts: LocalExpense[];
  /** Local expense ids to delete. */
  deletes: string[];
  outboxSeqsToRemove: number[];
  /** New outbox entries: an expense restored by Undo after its delete reached Kantata is created again. */
  outboxAdds: OutboxEntry[];
  /** Outbox rows that stay queued but are not tried again before `notBefore` (a persistent failure). */
  outboxHolds: Array<{ seq: number; notBefore: number }>;
  conflictLog: ConflictEntry[];
  /** Client ids seen on two server records (one stored here, another pulled): main checks them next round. */
  duplicateChecks: string[];
}

/** Which rows `planLocalApply` needs to see. */
export function localKeysNeeded(result: SyncRoundResult): { expenseIds: string[]; remoteIds: string[] } {
  const expenseIds = new Set(result.settlements.map((s) => s.expenseId));
  for (const clientId of Object.values(result.pulled.clientRefs)) expenseIds.add(clientId);
  const remoteIds = new Set([...result.pulled.upserts.map((u) => u.id), ...result.pulled.deletedRemoteIds]);
  return { expenseIds: [...expenseIds], remoteIds: [...remoteIds] };
}

/** Id for a row first seen on the server (not created by this app on this machine). */
export const localIdForRemote = (remoteId: string): string => `kantata-${remoteId}`;

function touchedFields(entries: readonly OutboxEntry[]): Set<SyncedField> {
  const names = new Set<SyncedField>();
  for (const entry of entries) {
    const list = entry.kind === 'update' && entry.changes ? Object.keys(entry.changes).filter(isSyncedField) : SYNCED_FIELDS;
    for (const name of list) names.add(name);
  }
  return names;
}

function fieldTimes(entries: readonly OutboxEntry[]): Partial<Record<SyncedField, number>> {
  const times: Partial<Record<SyncedField, number>> = {};
  for (const entry of entries) {
    const list = entry.kind === 'update' && entry.changes ? Object.keys(entry.changes).filter(isSyncedField) : SYNCED_FIELDS;
    for (const name of list) times[name] = Math.max(times[name] ?? 0, entry.at);
  }
  return times;
}

/** Server values, except the fields the still-pending entries changed (those stay local). */
function overlayPending(server: ApiExpense, local: LocalExpense, pending: readonly OutboxEntry[]): LocalExpense {
  const keep = touchedFields(pending);
  const serverValues = syncedFieldsFromApi(server) as Record<SyncedField, unknown>;
  const next = { ...local } as Record<string, unknown>;
  for (const name of SYNCED_FIELDS) if (!keep.has(name)) next[name] = serverValues[name];
  return {
    ...(next as unknown as LocalExpense),
    currency: server.currency,
    remoteId: server.id,
    base: server,
    syncState: 'pending',
    syncMessage: null,
    userCanEdit: server.user_can_edit !== false,
    deleted: local.deleted || pending.some((e) => e.kind === 'delete'),
  };
}

/** Oldest first by `created_at`, then id: the same record wins on every device (as in main). */
function olderOf(a: ApiExpense, b: ApiExpense): ApiExpense {
  const byTime = Date.parse(a.created_at) - Date.parse(b.created_at);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime < 0 ? a : b;
  return a.id.length - b.id.length < 0 || (a.id.length === b.id.length && a.id <= b.id) ? a : b;
}

const RESTORED_MESSAGE = 'You restored this expense after its deletion had reached Kantata; it is being sent again.';

export function planLocalApply(result: SyncRoundResult, state: LocalApplyState, now: number = Date.now()): LocalApplyPlan {
  const rows = new Map(state.expenses.map((e) => [e.id, e]));
  const byRemote = new Map<string, string>();
  for (const e of state.expenses) if (e.remoteId) byRemote.set(e.remoteId, e.id);
  const present = new Set<number>();
  for (const entry of state.outbox) if (entry.seq !== undefined) present.add(entry.seq);

  // A settled round removes exactly the rows it carried (those already gone are harmless), except where the
  // user took a carried delete back (Undo) during the round: then the remaining rows still say
  // what the user wants (see `takenBack`).
  const removeSeqs = new Set<number>();
  const takenBack = new Set<string>();
  for (const s of result.settlements) {
    if (!s.settled) continue;
    const local = rows.get(s.expenseId);
    const missing = s.seqs.filter((seq) => !present.has(seq)).length;
    // Undo removes only the delete: some carried rows are gone, others (the create, edits) are
    // still queued. All gone is a result applied twice, unless a delete was its only row.
    const tookBack =
      local !== undefined &&
      !local.deleted &&
      missing > 0 &&
      (missing < s.seqs.length || s.outcome === 'deleted' || s.outcome === 'discarded');
    if (tookBack) {
      takenBack.add(s.expenseId);
      if (s.outcome !== 'deleted') continue;
    }
    for (const seq of s.seqs) removeSeqs.add(seq);
  }

  const pendingOf = new Map<string, OutboxEntry[]>();
  for (const entry of state.outbox) {
    if (entry.seq !== undefined && removeSeqs.has(entry.seq)) continue;
    const list = pendingOf.get(entry.expenseId);
    if (list) list.push(entry);
    else pendingOf.set(entry.expenseId, [entry]);
  }
  const pending = (id: string): OutboxEntry[] => pendingOf.get(id) ?? [];

  const dirty = new Set<string>();
  const deletes = new Set<string>();
  const conflicts = new Map(result.conflicts.map((c) => [c.id, c]));
  const outboxAdds: OutboxEntry[] = [];
  const outboxHolds: Array<{ seq: number; notBefore: number }> = [];
  const duplicateChecks = new Set<string>();
  const deletedRemote = new Set(result.pulled.deletedRemoteIds);
  const checked = new Set(result.checkedClientIds ?? []);
  const put = (row: LocalExpense): void => {
    rows.set(row.id, row);
    if (row.remoteId) byRemote.set(row.remoteId, row.id);
    dirty.add(row.id);
    deletes.delete(row.id);
  };
  const remove = (id: string): void => {
    dirty.delete(id);
    deletes.add(id);
  };
  const handled = new Set<string>();

  for (const s of result.settlements) {
    const local = rows.get(s.expenseId);
    handled.add(s.expenseId);
    if (s.remoteId) handled.add(`remote:${s.remoteId}`);
    if (!local) continue;
    if (takenBack.has(local.id)) applyTakenBack(s, local);
    else applySettlement(s, local);
  }

  /** The round carried a delete the user then took back (Undo): the expense stays, here and in Kantata. */
  function applyTakenBack(s: Settlement, local: LocalExpense): void {
    if (s.outcome === 'deleted') {
      // Kantata no longer has it: create it again, same client id, with the current values (and receipt).
      put({ ...local, remoteId: null, base: null, syncState: 'pending', syncMessage: RESTORED_MESSAGE });
      outboxAdds.push({ expenseId: local.id, kind: 'create', at: now });
      return;
    }
    // Nothing was deleted there: the rows still queued are sent as they are; learn what the server holds.
    if (!s.server) return;
    const stillPending = pending(local.id);
    put(stillPending.length > 0 ? overlayPending(s.server, local, stillPending) : localFromApi(s.server, local, local.id));
  }

  function applySettlement(s: Settlement, local: LocalExpense): void {
    const stillPending = pending(local.id);
    if (!s.settled) {
      let row = local;
      if (s.server && s.remoteId && local.remoteId === null) row = { ...row, remoteId: s.remoteId, base: s.server };
      if (s.error) row = { ...row, syncState: 'pending', syncMessage: s.error.message };
      if (row !== local) put(row);
      // A persistent failure: the carried rows wait until then (a new edit comes without a wait).
      if (s.error && !s.error.retryable && s.error.retryAt !== null) {
        for (const seq of s.seqs) if (present.has(seq)) outboxHolds.push({ seq, notBefore: s.error.retryAt });
      }
      return;
    }
    const overwrote = s.conflictIds.some((id) => conflicts.get(id)?.overwrote);
    const conflictMessage = s.conflictIds.map((id) => conflicts.get(id)?.message).find((m) => m) ?? null;
    switch (s.outcome) {
      case 'deleted':
      case 'discarded':
        if (stillPending.length === 0) remove(local.id);
        else put({ ...local, remoteId: null, base: null, syncState: 'pending' });
        return;
      case 'error': {
        const message = s.error?.message ?? 'Kantata refused this expense.';
        // A refused delete shows the expense again, with Kantata's reason.
        let row: LocalExpense = { ...local, deleted: false, syncState: 'error', syncMessage: message };
        // Refused while linked to a server record (a create found there, or the record it was
        // created again as, moved to another project): the row follows that record.
        if (s.server && local.remoteId !== s.server.id) row = { ...row, remoteId: s.server.id, base: s.server };
        if (stillPending.some((e) => e.kind !== 'delete')) {
          // Edited while the round ran: that save kept the refused values too (the form showed
          // them), so they go again with the new change instead of being dropped by it.
          row = { ...row, deleted: local.deleted, syncState: 'pending' };
          if (row.base) {
            const changes = refusedValues(row, row.base);
            if (Object.keys(changes).length > 0) outboxAdds.push({ expenseId: local.id, kind: 'update', changes, at: Math.min(...stillPending.map((e) => e.at)) });
          }
        } else if (stillPending.length > 0) {
          // Deleted while the round ran: the refusal stays on the row (an Undo shows it again).
          row = { ...row, deleted: local.deleted };
        }
        put(row);
        return;
      }
      case 'locked': {
        const row = s.server ? localFromApi(s.server, local, local.id) : local;
        put({ ...row, syncState: 'locked', userCanEdit: false, syncMessage: s.error?.message ?? conflictMessage });
        return;
      }
      case 'pending':
        return;
      case 'created':
      case 'adopted':
      case 'updated':
      case 'unchanged':
      case 'merged':
      case 'resurrected':
      case 'recreated': {
        if (!s.server) return;
        if (stillPending.length > 0) {
          put(overlayPending(s.server, local, stillPending));
          return;
        }
        const row = localFromApi(s.server, local, local.id);
        const flagged = overwrote || s.outcome === 'resurrected' || s.outcome === 'recreated';
        put(flagged ? { ...row, syncState: 'conflict', syncMessage: conflictMessage } : row);
        return;
      }
      default:
        unhandled(s.outcome);
    }
  }

  /**
   * The local row a pulled record belongs to: undefined when it is new here, 'other-copy' when the
   * row belongs to an older record of the same client id (this one is a duplicate).
   */
  function localFor(server: ApiExpense, clientRef: string | undefined): LocalExpense | 'other-copy' | undefined {
    const byId = byRemote.get(server.id);
    const known = byId ? rows.get(byId) : undefined;
    if (known && known.remoteId === server.id) return known;
    if (!clientRef) return undefined;
    const own = rows.get(clientRef);
    if (!own) return undefined;
    // Main looked this client id up this round: `server` is the record it has now.
    if (own.remoteId === null || own.remoteId === server.id || deletedRemote.has(own.remoteId) || checked.has(own.id)) return own;
    // Two server records carry this client id: the row follows the older (as main decides), and
    // main deletes the other next round.
    duplicateChecks.add(own.id);
    return !own.base || olderOf(own.base, server) === own.base ? 'other-copy' : own;
  }

  for (const server of result.pulled.upserts) {
    if (handled.has(`remote:${server.id}`)) continue;
    const clientRef = result.pulled.clientRefs[server.id];
    const local = localFor(server, clientRef);
    if (local === 'other-copy') continue;
    if (local && handled.has(local.id)) continue;
    if (!local) {
      put(localFromApi(server, null, clientRef ?? localIdForRemote(server.id)));
      continue;
    }
    const stillPending = pending(local.id);
    if (stillPending.length > 0) {
      if (!local.base) {
        // A create of this app found on the server: learn its id; the queued values stay and go next round.
        put(overlayPending(server, local, stillPending));
        continue;
      }
      if (local.remoteId === server.id && !serverChangedSince(local.base, server)) continue;
      const merge = mergeThreeWay({
        base: local.base,
        server,
        local,
        localFieldTimes: fieldTimes(stillPending),
        fallbackAt: local.updatedAt,
        skewMs: result.clockSkewMs,
      });
      if (merge.decisions.length > 0) {
        const at = { roundId: result.roundId, expenseId: local.id, decidedAt: server.updated_at };
        const entry = mergeEntry(at, 'pull', server, { values: local, editedAt: local.updatedAt }, merge);
        conflicts.set(entry.id, entry);
      }
      put({
        ...local,
        ...merge.values,
        currency: server.currency,
        base: server,
        remoteId: server.id,
        userCanEdit: server.user_can_edit !== false,
        syncState: 'pending',
      });
      continue;
    }
    const unchanged = local.remoteId === server.id && local.base !== null && !serverChangedSince(local.base, server);
    if (unchanged && (local.syncState === 'synced' || local.syncState === 'error' || local.syncState === 'conflict')) {
      // Nothing changed in Kantata: a refusal stays visible until the user acts.
      continue;
    }
    const row = localFromApi(server, local, local.id);
    if (local.syncState === 'error') {
      // Kantata's version really changed since the refusal: it is shown, and the refused values
      // stay one action away in the conflict log.
      const entry = refusedReplacedEntry({ roundId: result.roundId, expenseId: local.id, decidedAt: server.updated_at }, local, server);
      if (entry) conflicts.set(entry.id, entry);
      put(entry ? { ...row, syncState: 'conflict', syncMessage: entry.message } : row);
      continue;
    }
    put(local.syncState === 'conflict' && row.syncState === 'synced' ? { ...row, syncState: 'conflict', syncMessage: local.syncMessage } : row);
  }

  for (const remoteId of result.pulled.deletedRemoteIds) {
    const localId = byRemote.get(remoteId);
    if (!localId || handled.has(localId)) continue;
    // The map is as the rows stand now: a row that moved to another record (re-created, adopted) stays.
    const row = rows.get(localId);
    if (row?.remoteId !== remoteId) continue;
    if (pending(localId).length > 0) continue;
    if (row.syncState === 'error') {
      // What Kantata refused is still only here: the row stays, unlinked, until the user decides.
      put({
        ...row,
        remoteId: null,
        base: null,
        syncMessage: `It was deleted in Kantata after Kantata refused your change (${row.syncMessage ?? 'no reason given'}). Save it again to send it as a new expense, or delete it.`,
      });
      // Another device may have created it again: main looks its client id up before it sends anything.
      duplicateChecks.add(localId);
      continue;
    }
    remove(localId);
  }

  return {
    puts: [...dirty].map((id) => rows.get(id)).filter((r): r is LocalExpense => r !== undefined),
    deletes: [...deletes],
    outboxSeqsToRemove: [...removeSeqs].sort((a, b) => a - b),
    outboxAdds,
    outboxHolds,
    conflictLog: [...conflicts.values()],
    duplicateChecks: [...duplicateChecks],
  };
}

/** The synced values of a row that differ from the server version it was refused against. */
export function refusedValues(row: LocalExpense, base: ApiExpense): Partial<ExpenseFields> {
  const out: Partial<Record<keyof ExpenseFields, unknown>> = {};
  for (const name of differingFields(row, base)) out[name] = row[name];
  return out as Partial<ExpenseFields>;
}
