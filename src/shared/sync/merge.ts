/**
 * Three-way field merge of a local edit against a server record that changed since the edit's
 * base (docs/architecture.md, "The protocol and its guarantees"). Pure; shared by the engine (before pushing) and
 * by `planLocalApply` (a pulled record meeting a pending local edit).
 */
import type { ExpenseFields } from '../model/expense';
import type { ApiExpense } from '../kantata/wire';
import type { FieldDecision } from '../protocol/round';
import { SYNCED_FIELDS, differingFields, fieldFromApi, fieldValuesEqual, type SyncedField } from '../kantata/mapping';
import { latestTimeOf } from './server-version';

export type SyncedValues = Pick<ExpenseFields, SyncedField>;

export interface MergeInput {
  /** The server version the local edit started from. */
  base: ApiExpense;
  /** The server version now. */
  server: ApiExpense;
  /** The local values now. */
  local: SyncedValues;
  /** Local wall-clock ms of the last edit of each field (fields not listed use `fallbackAt`). */
  localFieldTimes: Partial<Record<SyncedField, number>>;
  fallbackAt: number;
  /** serverTime - localTime, ms: added to local times before comparing with `updated_at`. */
  skewMs: number;
  /**
   * Fields whose server value is this app's own (an update whose answer was lost, applied late):
   * not an edit made in Kantata, so they never win over the local values.
   */
  ownServerFields?: ReadonlySet<SyncedField>;
}

export interface MergeOutput {
  values: SyncedValues;
  decisions: FieldDecision[];
  /** Fields whose merged value differs from the server's: what must be pushed. */
  push: SyncedField[];
  /** A field changed on both sides to different values (one side's value was overwritten). */
  overwrote: boolean;
  winner: 'local' | 'server' | 'mixed';
}

function serverChangedFields(base: ApiExpense, server: ApiExpense): Set<SyncedField> {
  const changed = new Set<SyncedField>();
  for (const name of SYNCED_FIELDS) {
    if (!fieldValuesEqual(name, fieldFromApi(name, base), fieldFromApi(name, server))) changed.add(name);
  }
  return changed;
}

export function mergeThreeWay(input: MergeInput): MergeOutput {
  const { base, server, local } = input;
  const localChanged = new Set(differingFields(local, base));
  const remoteChanged = serverChangedFields(base, server);
  for (const name of input.ownServerFields ?? []) remoteChanged.delete(name);
  // A local edit wins a same-field conflict only when it is certainly later than the server's
  // edit: within the server stamp's second the order is unknown, and a tie goes to the server.
  const serverTime = latestTimeOf(server.updated_at);
  const values = { ...local } as Record<SyncedField, unknown>;
  const decisions: FieldDecision[] = [];
  let overwrote = false;
  let localWins = 0;
  let serverWins = 0;

  for (const name of SYNCED_FIELDS) {
    const l = local[name];
    const s = fieldFromApi(name, server);
    const b = fieldFromApi(name, base);
    const inLocal = localChanged.has(name);
    const inServer = remoteChanged.has(name);
    if (!inLocal && !inServer) {
      values[name] = s;
      continue;
    }
    if (inLocal && !inServer) {
      decisions.push({ field: name, base: b, local: l, server: s, winner: 'local', reason: 'local-only' });
      localWins++;
      continue;
    }
    if (!inLocal && inServer) {
      values[name] = s;
      decisions.push({ field: name, base: b, local: l, server: s, winner: 'server', reason: 'server-only' });
      serverWins++;
      continue;
    }
    if (fieldValuesEqual(name, l, s)) {
      decisions.push({ field: name, base: b, local: l, server: s, winner: 'server', reason: 'same-value' });
      continue;
    }
    const localTime = (input.localFieldTimes[name] ?? input.fallbackAt) + input.skewMs;
    overwrote = true;
    if (localTime > serverTime) {
      decisions.push({ field: name, base: b, local: l, server: s, winner: 'local', reason: 'local-newer' });
      localWins++;
    } else {
      values[name] = s;
      decisions.push({ field: name, base: b, local: l, server: s, winner: 'server', reason: 'server-newer' });
      serverWins++;
    }
  }
  const merged = values as SyncedValues;
  const push = differingFields(merged, server);
  const winner = localWins > 0 && serverWins > 0 ? 'mixed' : localWins > 0 ? 'local' : 'server';
  return { values: merged, decisions, push, overwrote, winner };
}
