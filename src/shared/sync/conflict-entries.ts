/**
 * Every conflict-log entry and its wording, for main's round (decided before pushing) and for the
 * renderer's apply (a pulled record meeting a local change): the user reads one voice, and an entry
 * of one kind looks the same whoever decided it.
 */
import type { LocalExpense } from '../model/expense';
import type { ApiExpense } from '../kantata/wire';
import type { ConflictEntry, FieldDecision } from '../protocol/round';
import { SYNCED_FIELDS, differingFields, fieldFromApi } from '../kantata/mapping';
import type { MergeOutput, SyncedValues } from './merge';

/** `${roundId}:${expenseId}`: applying the same result twice writes the same row. */
export const conflictIdOf = (roundId: string, expenseId: string): string => `${roundId}:${expenseId}`;

/** Which expense, in which round, at what server time (ISO) the decision was taken. */
export interface Decided {
  roundId: string;
  expenseId: string;
  decidedAt: string;
}

/** The local side as the user last saw it: its synced values and when they were edited (local ms). */
export interface LocalSide {
  values: SyncedValues;
  editedAt: number;
}

type EntryBody = Omit<ConflictEntry, 'id' | 'roundId' | 'expenseId' | 'decidedAt'>;

function entry(at: Decided, body: EntryBody): ConflictEntry {
  return { id: conflictIdOf(at.roundId, at.expenseId), roundId: at.roundId, expenseId: at.expenseId, decidedAt: at.decidedAt, ...body };
}

/** Only the synced fields: the conflict log keeps what could be restored, not the row's bookkeeping. */
export function syncedValuesOf(values: SyncedValues): NonNullable<ConflictEntry['local']> {
  const out: Record<string, unknown> = {};
  for (const name of SYNCED_FIELDS) out[name] = values[name];
  return out as NonNullable<ConflictEntry['local']>;
}

/** Local edit vs remote delete: the edit won and the expense was created again (record `remoteId`). */
export function recreatedEntry(at: Decided, remoteId: string, local: LocalSide): ConflictEntry {
  return entry(at, {
    remoteId,
    kind: 'edit-vs-delete',
    winner: 'local',
    message: 'This expense had been deleted in Kantata, but you had changed it here since; it was created again with your values.',
    fields: [],
    local: syncedValuesOf(local.values),
    localEditedAt: local.editedAt,
    server: null,
    overwrote: true,
  });
}

/**
 * Kantata keeps no trace of a deletion: a create that arrived and was deleted there (on the web, on
 * another device) looks exactly like one that never arrived. Sending it again was the safe choice;
 * the log says so, so the user can delete it again.
 */
export function resentEntry(at: Decided, remoteId: string, local: LocalSide): ConflictEntry {
  return entry(at, {
    remoteId,
    kind: 'edit-vs-delete',
    winner: 'local',
    message:
      'Kantata did not confirm this expense when it was first sent, and it could not be found there afterwards, so it was sent again. If it had been deleted in Kantata meanwhile, delete it here.',
    fields: [],
    local: syncedValuesOf(local.values),
    localEditedAt: local.editedAt,
    server: null,
    overwrote: false,
  });
}

/**
 * A three-way merge. `where` is who met whom: 'push' when main merged a local change into the
 * server record before sending it, 'pull' when a pulled record met a change still waiting here.
 */
export function mergeEntry(at: Decided, where: 'push' | 'pull', server: ApiExpense, local: LocalSide, merge: MergeOutput): ConflictEntry {
  const message =
    where === 'push'
      ? merge.overwrote
        ? 'This expense was changed here and in Kantata; for each field the later change was kept.'
        : 'This expense was changed here and in Kantata (different fields); both changes were kept.'
      : merge.overwrote
        ? 'This expense was changed here and in Kantata; the later change of each field was kept.'
        : 'This expense was changed in Kantata while a local change was waiting; both were combined.';
  return entry(at, {
    remoteId: server.id,
    kind: 'merge',
    winner: merge.winner,
    message,
    fields: merge.decisions,
    local: syncedValuesOf(local.values),
    localEditedAt: local.editedAt,
    server,
    overwrote: merge.overwrote,
  });
}

/** Also the settlement's error message: the row and the log say the same. */
export function lockedMessage(action: 'changed' | 'deleted'): string {
  return `This expense is submitted, approved or invoiced in Kantata and cannot be ${action}; your change was not sent.`;
}

/** A change of a read-only record (submitted, approved, invoiced): rejected, the server's version stays. */
export function lockedEntry(at: Decided, action: 'changed' | 'deleted', server: ApiExpense, local: LocalSide): ConflictEntry {
  return entry(at, {
    remoteId: server.id,
    kind: 'locked',
    winner: 'server',
    message: lockedMessage(action),
    fields: [],
    local: syncedValuesOf(local.values),
    localEditedAt: local.editedAt,
    server,
    overwrote: true,
  });
}

/** Local delete vs a later remote edit: the edit won and the expense stays. */
export function resurrectedEntry(at: Decided, server: ApiExpense, deletedAt: number): ConflictEntry {
  return entry(at, {
    remoteId: server.id,
    kind: 'delete-vs-edit',
    winner: 'server',
    message: 'You deleted this expense, but it was changed in Kantata after that; it was kept with the newer values.',
    fields: [],
    local: null,
    localEditedAt: deletedAt,
    server,
    overwrote: true,
  });
}

/**
 * A refused local version replaced by a newer one from Kantata: the refused values, restorable.
 * Null when Kantata's version holds the same values (nothing to restore).
 */
export function refusedReplacedEntry(at: Decided, local: LocalExpense, server: ApiExpense): ConflictEntry | null {
  const fields: FieldDecision[] = differingFields(local, server).map((name) => ({
    field: name,
    base: local.base ? fieldFromApi(name, local.base) : null,
    local: local[name],
    server: fieldFromApi(name, server),
    winner: 'server',
    reason: 'refused-replaced',
  }));
  if (fields.length === 0) return null;
  return entry(at, {
    remoteId: server.id,
    kind: 'merge',
    winner: 'server',
    message: `Kantata refused your change (${local.syncMessage ?? 'no reason given'}), and the expense has since changed there. Kantata's version is shown; yours can be restored.`,
    fields,
    local: syncedValuesOf(local),
    localEditedAt: local.updatedAt,
    server,
    overwrote: true,
  });
}
