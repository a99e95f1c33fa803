/**
 * The one sync status the sidebar (and anything else) shows, as a pure function of the facts.
 * Each fact has one meaning, so the states cannot contradict each other: "no network" is the
 * computer's network, "Kantata not reachable" is the last round failing to reach the server
 * while the network is up, and nothing about syncing or errors is shown while not connected.
 *
 * Order of precedence (first match wins for the headline):
 *   not connected > paused (reconnect) > no network > syncing > Kantata not reachable >
 *   sync failed > waiting > all delivered.
 * A running round outranks the last round's failure: it is trying again right now.
 * Refused expenses and conflicts are shown alongside any headline except "not connected".
 */

export type SyncStatusKind =
  | 'not-connected'
  | 'paused'
  | 'no-network'
  | 'unreachable'
  | 'syncing'
  | 'failed'
  | 'waiting'
  | 'delivered';

/** How the status dot looks: never colour alone (the headline says it in words). */
export type SyncStatusTone = 'neutral' | 'busy' | 'ok' | 'warn' | 'danger';

export interface SyncStatusFacts {
  /** An account is connected (a token is saved), whether or not it still works. */
  connected: boolean;
  /** The computer has a network (OS signal). */
  networkOnline: boolean;
  /** The last round reached Kantata (true before any round: nothing says otherwise). */
  kantataReachable: boolean;
  /** Kantata refused the saved token: rounds are paused until the user reconnects. */
  needsReconnect: boolean;
  /** A round is running. */
  running: boolean;
  /** The first full download is running (no pull cursor yet). */
  firstDownload: boolean;
  /** Progress of the running round, when it reports one. */
  progress: { phase: 'pull' | 'push' | 'reconcile' | string; done: number; total: number } | null;
  /** Expenses with changes that have not reached Kantata. */
  waiting: number;
  /** Expenses Kantata refused. */
  refused: number;
  /** Open conflicts to review. */
  conflicts: number;
  /** What went wrong with the last round as a whole (not offline, not the token), or null. */
  lastError: string | null;
  /** Local ms of the last completed round, or null. */
  lastSyncAt: number | null;
}

export interface SyncStatus {
  kind: SyncStatusKind;
  tone: SyncStatusTone;
  waiting: number;
  refused: number;
  conflicts: number;
  /** Progress as numbers, only while syncing and when the round reports a total. */
  progress: { phase: string; done: number; total: number } | null;
  firstDownload: boolean;
  /** The failed round's technical detail, behind "Details"; null otherwise. */
  errorDetail: string | null;
  lastSyncAt: number | null;
  /** "Sync now" can do something: connected, not paused, network up, no round running. */
  canSyncNow: boolean;
}

const TONE: Record<SyncStatusKind, SyncStatusTone> = {
  'not-connected': 'neutral',
  paused: 'danger',
  'no-network': 'neutral',
  unreachable: 'warn',
  syncing: 'busy',
  failed: 'danger',
  waiting: 'busy',
  delivered: 'ok',
};

function kindOf(f: SyncStatusFacts): SyncStatusKind {
  if (!f.connected) return 'not-connected';
  if (f.needsReconnect) return 'paused';
  if (!f.networkOnline) return 'no-network';
  if (f.running) return 'syncing';
  if (!f.kantataReachable) return 'unreachable';
  if (f.lastError) return 'failed';
  if (f.waiting > 0) return 'waiting';
  return 'delivered';
}

export function syncStatus(f: SyncStatusFacts): SyncStatus {
  const kind = kindOf(f);
  const connected = kind !== 'not-connected';
  const p = f.progress;
  return {
    kind,
    tone: TONE[kind],
    waiting: Math.max(0, f.waiting),
    refused: connected ? Math.max(0, f.refused) : 0,
    conflicts: connected ? Math.max(0, f.conflicts) : 0,
    progress: kind === 'syncing' && p && p.total > 0 ? { phase: p.phase, done: Math.min(p.done, p.total), total: p.total } : null,
    firstDownload: kind === 'syncing' && f.firstDownload,
    errorDetail: kind === 'failed' ? f.lastError : null,
    lastSyncAt: connected ? f.lastSyncAt : null,
    canSyncNow: connected && kind !== 'paused' && kind !== 'no-network' && kind !== 'syncing',
  };
}
