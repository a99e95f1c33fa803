/**
 * What the renderer writes after a sync round: a pure plan, so the Dexie side is one transaction
 * around it (see the protocol in src/shared/sync-protocol.ts):
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
import type { LocalExpense, OutboxEntry } from '../model/expense';
import type { ApiExpense } from '../kantata/wire';
import type { ConflictEntry, Settlement, SyncRoundResult } from '../sync-protocol';
import { SYNCED_FIELDS, isSyncedField, localFromApi, syncedFieldsFromApi, type SyncedField } from '../kantata/mapping';
import { mergeThreeWay } from './merge';

export interface LocalApplyState {
  /** Current rows: every settlement's expenseId and every row whose remoteId the result names. */
  expenses: readonly LocalExpense[];
  /** Current outbox rows of those expenses (more rows are harmless). */
  outbox: readonly OutboxEntry[];
}

export interface LocalApplyPlan {
  puts: LocalExpense[];
  /** Local expense ids to delete. */
  deletes: string[];
  outboxSeqsToRemove: number[];
  conflictLog: ConflictEntry[];
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

export function planLocalApply(result: SyncRoundResult, state: LocalApplyState): LocalApplyPlan {
  const rows = new Map(state.expenses.map((e) => [e.id, e]));
  const byRemote = new Map<string, string>();
  for (const e of state.expenses) if (e.remoteId) byRemote.set(e.remoteId, e.id);
  const settledSeqs = new Set<number>();
  for (const s of result.settlements) if (s.settled) for (const seq of s.seqs) settledSeqs.add(seq);

  const pendingOf = new Map<string, OutboxEntry[]>();
  for (const entry of state.outbox) {
    if (entry.seq !== undefined && settledSeqs.has(entry.seq)) continue;
    const list = pendingOf.get(entry.expenseId);
    if (list) list.push(entry);
    else pendingOf.set(entry.expenseId, [entry]);
  }
  const pending = (id: string): OutboxEntry[] => pendingOf.get(id) ?? [];

  const dirty = new Set<string>();
  const deletes = new Set<string>();
  const conflicts = new Map(result.conflicts.map((c) => [c.id, c]));
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
    applySettlement(s, local);
  }

  function applySettlement(s: Settlement, local: LocalExpense): void {
    const stillPending = pending(local.id);
    if (!s.settled) {
      let row = local;
      if (s.server && s.remoteId && local.remoteId === null) row = { ...row, remoteId: s.remoteId, base: s.server };
      if (s.error) row = { ...row, syncState: 'pending', syncMessage: s.error.message };
      if (row !== local) put(row);
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
      case 'error':
        put({ ...local, syncState: 'error', syncMessage: s.error?.message ?? 'The server refused this expense.' });
        return;
      case 'locked': {
        const row = s.server ? localFromApi(s.server, local, local.id) : local;
        put({ ...row, syncState: 'locked', userCanEdit: false, syncMessage: s.error?.message ?? conflictMessage });
        return;
      }
      case 'pending':
        return;
      default: {
        if (!s.server) return;
        if (stillPending.length > 0) {
          put(overlayPending(s.server, local, stillPending));
          return;
        }
        const row = localFromApi(s.server, local, local.id);
        const flagged = overwrote || s.outcome === 'resurrected' || s.outcome === 'recreated';
        put(flagged ? { ...row, syncState: 'conflict', syncMessage: conflictMessage } : row);
      }
    }
  }

  for (const server of result.pulled.upserts) {
    if (handled.has(`remote:${server.id}`)) continue;
    const clientRef = result.pulled.clientRefs[server.id];
    let localId = byRemote.get(server.id);
    if (!localId && clientRef && rows.get(clientRef)?.remoteId == null) localId = rows.has(clientRef) ? clientRef : undefined;
    const local = localId ? rows.get(localId) : undefined;
    if (local && handled.has(local.id)) continue;
    if (!local) {
      put(localFromApi(server, null, clientRef ?? localIdForRemote(server.id)));
      continue;
    }
    const stillPending = pending(local.id);
    if (stillPending.length > 0) {
      if (!local.base || local.base.updated_at === server.updated_at) continue;
      const merge = mergeThreeWay({
        base: local.base,
        server,
        local,
        localFieldTimes: fieldTimes(stillPending),
        fallbackAt: local.updatedAt,
        skewMs: result.clockSkewMs,
      });
      if (merge.decisions.length > 0) {
        const entry: ConflictEntry = {
          id: `${result.roundId}:${local.id}`,
          roundId: result.roundId,
          expenseId: local.id,
          remoteId: server.id,
          kind: 'merge',
          winner: merge.winner,
          decidedAt: server.updated_at,
          message: merge.overwrote
            ? 'This expense was changed here and in Kantata; the later change of each field was kept.'
            : 'This expense was changed in Kantata while a local change was waiting; both were combined.',
          fields: merge.decisions,
          local: syncedFieldsFromApiSafe(local),
          localEditedAt: local.updatedAt,
          server,
          overwrote: merge.overwrote,
        };
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
    if (local.base?.updated_at === server.updated_at && local.syncState === 'synced' && local.remoteId === server.id) continue;
    const row = localFromApi(server, local, local.id);
    put(local.syncState === 'conflict' && row.syncState === 'synced' ? { ...row, syncState: 'conflict', syncMessage: local.syncMessage } : row);
  }

  for (const remoteId of result.pulled.deletedRemoteIds) {
    const localId = byRemote.get(remoteId);
    if (!localId || handled.has(localId)) continue;
    if (pending(localId).length > 0) continue;
    remove(localId);
  }

  return {
    puts: [...dirty].map((id) => rows.get(id)).filter((r): r is LocalExpense => r !== undefined),
    deletes: [...deletes],
    outboxSeqsToRemove: [...settledSeqs].sort((a, b) => a - b),
    conflictLog: [...conflicts.values()],
  };
}

function syncedFieldsFromApiSafe(local: LocalExpense): Partial<LocalExpense> {
  const out: Record<string, unknown> = {};
  for (const name of SYNCED_FIELDS) out[name] = local[name];
  return out as Partial<LocalExpense>;
}
