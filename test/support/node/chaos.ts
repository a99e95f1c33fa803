/**
 * Seeded chaos on the code that ships: three devices (the renderer's real data layer on
 * fake-indexeddb, each with its own real SyncEngine and its own write-ahead ledger of sent creates)
 * against the Kantata simulator, with everything a real deployment throws at them at once:
 *
 * - rounds of the three devices overlap (each device runs one round at a time, as its runner does);
 * - the user keeps working during rounds: creates, edits, deletes, Undo of a delete;
 * - Kantata's web UI edits, deletes, locks and unlocks at any moment, also between two pages of a
 *   listing and between a round's pull and its push (a hook inside the simulator);
 * - crashes after any request of a round (the process dies: its answer is never applied, its
 *   in-memory state is gone, only the ledger on disk survives) and between a round and its apply;
 * - every fault: late commits, commit-then-drop, drop-before, latency beyond the client timeout,
 *   5xx on POST, 429 with Retry-After, 401, 403, and 422 on some items (expenses Kantata refuses);
 * - timestamps to the second, a server clock an hour off, and a clock that runs `speed` times
 *   faster than real time, so cursors, overlaps and the in-doubt window are really crossed.
 *
 * Afterwards, with the faults off, rounds run until everything settles, and the run is judged:
 * duplicates on the server, lost writes (a value a device's user saved that is neither on the
 * server, nor explained by a later change elsewhere, a logged conflict, or a visible refusal),
 * invisible errors (nothing silently stuck), and convergence (every device equals the server).
 */
import type { ApiExpense } from '@shared/kantata/wire';
import type { ExpenseFields, LocalExpense } from '@shared/model/expense';
import { SYNCED_FIELDS, differingFields, fieldFromApi, fieldValuesEqual, type SyncedField } from '@shared/kantata/mapping';
import type { SyncRoundResult } from '@shared/protocol/round';
import { startSimulator, type FaultSpec, type RunningSimulator } from '../../kantata-sim/index';
import { KantataClient } from '../../../src/main/core/kantata/client';
import { SyncEngine, SERVER_REQUEST_LIMIT_MS } from '../../../src/main/core/sync/engine';
import { SentCreates } from '../../../src/main/core/sync/sent-creates';
import { memoryLedgerStore } from '../../../src/main/core/receipts/ledger';
import { Device } from './device';
import { seededRandom } from '../common/seeded-random';

export interface ChaosOptions {
  seed: number;
  /** User, web and round actions to take. */
  steps: number;
  /** How much faster than real time the clocks run (default 60: a real second is a minute). */
  speed?: number;
  /** The server clock against the devices' (ms). */
  serverClockOffsetMs?: number;
}

export interface ChaosOutcome {
  seed: number;
  operations: number;
  rounds: number;
  crashes: number;
  duplicates: string[];
  lostWrites: string[];
  invisibleErrors: string[];
  /** Devices that do not equal the server after the settling rounds. */
  unconverged: string[];
  /** What happened, in order (printed when a run fails). */
  log: string[];
}

/**
 * Date.now runs `speed` times faster than real time (every clock in the run reads it: the
 * simulator's, the engine's, the repository's stamps). `skip` jumps ahead.
 */
function fastClock(speed: number): { skip(ms: number): void; restore(): void } {
  const real = Date.now.bind(Date);
  const start = real();
  let jumped = 0;
  Date.now = () => start + (real() - start) * speed + jumped;
  return {
    skip: (ms) => {
      jumped += ms;
    },
    restore: () => {
      Date.now = real;
    },
  };
}

const sleepReal = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One fault, armed for a few requests at a time. Latencies and timeouts are in real ms. */
const FAULTS: ReadonlyArray<(rand: () => number) => FaultSpec> = [
  () => ({ kind: 'late-commit', method: 'POST', pathPattern: '^/expenses$', ms: 300, times: 1 }),
  () => ({ kind: 'late-commit', method: 'PUT', ms: 200, times: 1, drop: true }),
  () => ({ kind: 'commit-then-drop', method: 'POST', pathPattern: '^/expenses$', times: 1 }),
  () => ({ kind: 'commit-then-drop', method: 'PUT', times: 1 }),
  () => ({ kind: 'commit-then-drop', method: 'DELETE', times: 1 }),
  () => ({ kind: 'drop-before', method: 'POST', pathPattern: '^/expenses$', times: 1 }),
  () => ({ kind: 'drop-before', method: 'GET', times: 2 }),
  // Beyond the client's timeout (CLIENT_TIMEOUT_MS): the server still applies the request.
  () => ({ kind: 'latency', method: 'POST', pathPattern: '^/expenses$', ms: 700, times: 1 }),
  () => ({ kind: 'status', status: 503, method: 'POST', pathPattern: '^/expenses$', times: 1 }),
  () => ({ kind: 'status', status: 502, method: 'POST', pathPattern: '^/expenses$', times: 1 }),
  () => ({ kind: 'status', status: 502, method: 'PUT', times: 1 }),
  () => ({ kind: 'status', status: 502, method: 'GET', times: 2 }),
  () => ({ kind: 'status', status: 429, retryAfter: 1, times: 2 }),
  () => ({ kind: 'status', status: 401, times: 1 }),
  () => ({ kind: 'status', status: 403, method: 'POST', pathPattern: '^/expenses$', times: 1 }),
  () => ({ kind: 'status', status: 403, method: 'PUT', times: 1 }),
];

const CLIENT_TIMEOUT_MS = 400;

/** Query parameter naming the device that sent a request (the simulator ignores unknown ones). */
const DEVICE_PARAM = 'chaos_device';

interface Intent {
  /** Last value the user saved per field, and when (device clock). */
  fields: Map<SyncedField, { value: unknown; at: number }>;
  /** The user deleted it and did not take that back. */
  deleted: boolean;
  deletedAt: number;
}

/** What someone other than a device did to an expense (by client id), and when (device clock). */
interface Touch {
  by: string;
  at: number;
  what: 'edit' | 'delete' | 'lock' | 'unlock';
  /** The fields the write changed. */
  fields: readonly SyncedField[];
  /** The record after a device's write: which of its values the server then held. */
  after?: ApiExpense;
}

class ChaosDevice {
  readonly device: Device;
  readonly ledger = memoryLedgerStore();
  engine!: SyncEngine;
  dead = false;
  private requests = 0;
  private crashAfter: number | null = null;
  busy: Promise<void> | null = null;
  readonly intents = new Map<string, Intent>();
  /** Rows as the list showed them before a delete (for Undo). */
  readonly deletedIds: string[] = [];

  constructor(
    readonly name: string,
    private readonly sim: RunningSimulator,
    project: { workspaceId: string; categoryId: string; category: string },
    private readonly note: (line: string) => void,
  ) {
    this.device = new Device(project, `chaos-${name}-${Math.random().toString(36).slice(2)}`);
    this.boot();
  }

  /** A new main process: new client and engine; the ledger on disk is what survives. */
  boot(): void {
    this.dead = false;
    this.crashAfter = null;
    const fetchThroughProcess: typeof fetch = (input, init) => {
      if (this.dead) return Promise.reject(new TypeError('fetch failed: the process is gone'));
      this.requests++;
      if (this.crashAfter !== null && this.requests > this.crashAfter) {
        this.dead = true;
        return Promise.reject(new TypeError('fetch failed: the process is gone'));
      }
      // Tags the request so the simulator's hooks know which device wrote what (see `runChaos`).
      const url = new URL(input instanceof Request ? input.url : String(input));
      url.searchParams.set(DEVICE_PARAM, this.name);
      if (init?.method === 'PUT' && typeof init.body === 'string') this.note(`${this.name} sends PUT ${url.pathname.replace(/.*\/expenses/, '')} ${init.body}`);
      return fetch(url, init);
    };
    const client = new KantataClient({ baseUrl: this.sim.baseUrl, token: this.sim.token, timeoutMs: CLIENT_TIMEOUT_MS, fetch: fetchThroughProcess });
    this.engine = new SyncEngine({
      client,
      sentCreates: new SentCreates(this.ledger),
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 40, maxRetryAfterMs: 2_000 },
      // Small pages and batches, so listings span pages (changed while paged) and bulk requests
      // are split and bisected, with the few dozen expenses a run makes.
      pull: { pageSize: 7 },
      createBatchSize: 6,
      deleteBatchSize: 4,
    });
  }

  /** The process dies after `n` more requests. */
  crashAfterRequests(n: number): void {
    this.crashAfter = this.requests + n;
  }

  /** No crash is coming any more. */
  disarm(): void {
    this.crashAfter = null;
  }

  intent(id: string): Intent {
    let intent = this.intents.get(id);
    if (!intent) {
      intent = { fields: new Map(), deleted: false, deletedAt: 0 };
      this.intents.set(id, intent);
    }
    return intent;
  }
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosOutcome> {
  const rand = seededRandom(opts.seed);
  const clock = fastClock(opts.speed ?? 60);
  const sim = await startSimulator({ seed: 'empty', clockOffsetMs: opts.serverClockOffsetMs ?? 0, faultSeed: opts.seed });
  const log: string[] = [];
  const outcome: ChaosOutcome = {
    seed: opts.seed,
    operations: 0,
    rounds: 0,
    crashes: 0,
    duplicates: [],
    lostWrites: [],
    invisibleErrors: [],
    unconverged: [],
    log,
  };
  const note = (line: string): void => void log.push(`${new Date(Date.now()).toISOString().slice(11, 23)} ${line}`);
  const pick = <T>(list: readonly T[]): T | undefined => (list.length > 0 ? list[Math.floor(rand() * list.length)] : undefined);

  const ws = sim.admin.addWorkspace({ title: 'Chaos project', currency: 'USD' });
  const category = sim.admin.state().categories.find((c) => c.name === 'Travel')!;
  const project = { workspaceId: ws.id, categoryId: category.id, category: category.name };
  const devices = ['A', 'B', 'C'].map((name) => new ChaosDevice(name, sim, project, note));
  const web = sim.admin.actAs(sim.userId);
  const touches = new Map<string, Touch[]>();
  // remote id -> client id never changes; remembered, since a deleted record takes its reference along.
  const knownRefs = new Map<string, string>();
  const clientIdOf = (remoteId: string): string | undefined => {
    const known = knownRefs.get(remoteId);
    if (known) return known;
    const found = sim.admin.listExternalReferences().find((r) => r.subject_id === remoteId)?.service_model_ref;
    if (found) knownRefs.set(remoteId, found);
    return found;
  };
  const touch = (clientId: string | undefined, t: Omit<Touch, 'at'>): void => {
    if (!clientId) return;
    const list = touches.get(clientId) ?? [];
    list.push({ ...t, at: Date.now() });
    touches.set(clientId, list);
  };

  // ---- Kantata's web UI, at any moment ----------------------------------------------------------
  const webWrite = (where: string): void => {
    const record = pick(sim.admin.listExpenses({ userId: sim.userId }));
    if (!record) return;
    const clientId = clientIdOf(record.id);
    const r = rand();
    try {
      if (r < 0.6) {
        const notes = rand() < 0.5;
        web.updateExpense(record.id, notes ? { notes: `web ${Math.floor(rand() * 1e6)}` } : { amount_in_cents: 1 + Math.floor(rand() * 9_999) });
        touch(clientId, { by: 'web', what: 'edit', fields: [notes ? 'notes' : 'amountCents'] });
        note(`web edit ${record.id} (${clientId ?? 'web-made'}) ${where}`);
      } else if (r < 0.85) {
        web.deleteExpense(record.id);
        touch(clientId, { by: 'web', what: 'delete', fields: [] });
        note(`web delete ${record.id} (${clientId ?? 'web-made'}) ${where}`);
      } else if (r < 0.95) {
        web.lockExpense(record.id, 'approve');
        touch(clientId, { by: 'web', what: 'lock', fields: [] });
        note(`web lock ${record.id} ${where}`);
      } else {
        web.unlockExpense(record.id);
        touch(clientId, { by: 'web', what: 'unlock', fields: [] });
        note(`web unlock ${record.id} ${where}`);
      }
      outcome.operations++;
    } catch (error) {
      note(`web write refused: ${(error as Error).message}`);
    }
  };
  let hookRate = 0.08;
  // What each device's writes changed on the server, and when they were applied there: the order
  // Kantata itself decides by (updated_at), late commits included.
  const before = new Map<number, { device: string; record?: ApiExpense; clientIds?: Array<string | undefined> }>();
  const idsOf = (info: { path: string; query: Record<string, string> }): string[] => {
    const one = /^\/expenses\/(\d+)$/.exec(info.path)?.[1];
    return one ? [one] : (info.query.ids ?? '').split(',').filter((id) => id !== '');
  };
  sim.admin.onApiRequest((info) => {
    if (rand() < hookRate) webWrite(`during ${info.method} ${info.path}${info.query.page ? ` page ${info.query.page}` : ''}`);
    const device = info.query[DEVICE_PARAM];
    if (!device || info.method === 'GET') return;
    if (info.method === 'PUT') before.set(info.seq, { device, record: sim.admin.getExpense(idsOf(info)[0] ?? '') });
    else if (info.method === 'DELETE') before.set(info.seq, { device, clientIds: idsOf(info).map(clientIdOf) });
    else before.set(info.seq, { device });
  });
  sim.admin.afterApiRequest((info) => {
    const seen = before.get(info.seq);
    before.delete(info.seq);
    // A delete of a record already gone did what the user asked as much as one that removed it.
    if (!seen || (info.status >= 300 && !(info.method === 'DELETE' && info.status === 404))) return;
    if (info.method === 'PUT' && seen.record) {
      const now = sim.admin.getExpense(seen.record.id);
      const changed = now ? SYNCED_FIELDS.filter((f) => !fieldValuesEqual(f, fieldFromApi(f, seen.record!), fieldFromApi(f, now))) : [];
      if (now) touch(clientIdOf(seen.record.id), { by: seen.device, what: 'edit', fields: changed, after: now });
    } else if (info.method === 'DELETE') {
      for (const clientId of seen.clientIds ?? []) touch(clientId, { by: seen.device, what: 'delete', fields: [] });
    } else if (info.method === 'POST' && info.path === '/expenses') {
      const created = (info.body as { expenses?: Record<string, ApiExpense> } | undefined)?.expenses ?? {};
      for (const [id, record] of Object.entries(created)) touch(clientIdOf(id), { by: seen.device, what: 'edit', fields: SYNCED_FIELDS, after: record });
    }
  });

  // ---- the users ---------------------------------------------------------------------------------
  const userWrite = async (d: ChaosDevice): Promise<void> => {
    const live = (await d.device.live()).filter((e) => e.userCanEdit && e.syncState !== 'locked');
    const r = rand();
    try {
      if (r < 0.3 || live.length === 0) {
        const invalid = rand() < 0.06;
        const fields: Partial<ExpenseFields> = { amountCents: 100 + Math.floor(rand() * 10_000), notes: `${d.name}${Math.floor(rand() * 1e6)}` };
        // Kantata refuses a task that is not in the project (422 on that item of a bulk create).
        if (invalid) fields.storyId = '999999';
        const id = await d.device.create(fields);
        const saved = await d.device.row(id);
        const intent = d.intent(id);
        for (const name of SYNCED_FIELDS) intent.fields.set(name, { value: saved[name], at: saved.updatedAt });
        note(`${d.name} create ${id}${invalid ? ' (invalid task)' : ''}`);
      } else if (r < 0.7) {
        const row = pick(live)!;
        const changes: Partial<ExpenseFields> =
          rand() < 0.5 ? { notes: `${d.name}e${Math.floor(rand() * 1e6)}` } : { amountCents: 1 + Math.floor(rand() * 50_000), billable: rand() < 0.5 };
        const saved = await d.device.edit(row.id, changes);
        const intent = d.intent(row.id);
        // Only what the save changed: a field saved with the value it had is not the user's change,
        // and one set back to the server's value (as this device knows it) undoes their change.
        for (const name of Object.keys(changes) as SyncedField[]) {
          if (fieldValuesEqual(name, row[name] as never, saved[name] as never)) continue;
          if (saved.base && fieldValuesEqual(name, fieldFromApi(name, saved.base), saved[name] as never)) intent.fields.delete(name);
          else intent.fields.set(name, { value: saved[name], at: saved.updatedAt });
        }
        note(`${d.name} edit ${row.id} ${JSON.stringify(changes)}`);
      } else if (r < 0.88) {
        const row = pick(live)!;
        await d.device.remove(row.id);
        const intent = d.intent(row.id);
        intent.deleted = true;
        intent.deletedAt = Date.now();
        d.deletedIds.push(row.id);
        note(`${d.name} delete ${row.id}`);
      } else {
        const id = d.deletedIds.pop();
        if (!id) return;
        const restored = await d.device.undo(id);
        if (restored) d.intent(id).deleted = false;
        note(`${d.name} undo delete ${id}: ${restored ? 'restored' : 'too late'}`);
      }
      outcome.operations++;
    } catch (error) {
      // Locked meanwhile, or deleted by a round: the UI says so and nothing was written.
      note(`${d.name} write refused: ${(error as Error).message}`);
    }
  };

  // ---- rounds ------------------------------------------------------------------------------------
  const round = async (d: ChaosDevice, settle = false): Promise<SyncRoundResult | null> => {
    const request = await d.device.buildRequest({ reconcile: settle || rand() < 0.25 });
    if (!settle && rand() < 0.12) {
      const n = 1 + Math.floor(rand() * 6);
      d.crashAfterRequests(n);
      note(`${d.name} will crash after ${n} more requests`);
    }
    outcome.rounds++;
    let result: SyncRoundResult | null = null;
    try {
      result = await d.device.send(d.engine, request);
    } catch (error) {
      note(`${d.name} round failed: ${(error as Error).message}`);
    }
    if (d.dead) {
      outcome.crashes++;
      note(`${d.name} crashed inside its round; restarts`);
      d.boot();
      return null;
    }
    if (!result) return null;
    if (!settle && rand() < 0.08) {
      note(`${d.name} crashed between the round and its apply`);
      outcome.crashes++;
      d.boot();
      return null;
    }
    await d.device.apply(result);
    // A delete settled without a request (Kantata had already lost the record) took effect now.
    for (const s of result.settlements) if (s.outcome === 'deleted') touch(s.expenseId, { by: d.name, what: 'delete', fields: [] });
    note(
      `${d.name} round ${result.status}: ${result.settlements
        .map((s) => `${s.expenseId.slice(0, 8)}:${s.outcome}${s.error && s.outcome !== 'pending' ? `(${s.error.message})` : ''}`)
        .join(' ')}`,
    );
    return result;
  };
  const startRound = (d: ChaosDevice): void => {
    if (d.busy) return;
    d.busy = round(d).then(
      () => {
        d.busy = null;
      },
      (error: unknown) => {
        d.busy = null;
        throw error;
      },
    );
  };

  try {
    for (let step = 0; step < opts.steps; step++) {
      const d = pick(devices)!;
      const r = rand();
      if (r < 0.45) await userWrite(d);
      else if (r < 0.55) webWrite('between rounds');
      else if (r < 0.8) startRound(d);
      else if (r < 0.88) {
        sim.admin.clearFaults();
        const fault = pick(FAULTS)!(rand);
        sim.admin.injectFault(fault);
        note(`fault armed: ${JSON.stringify(fault)}`);
      } else await sleepReal(Math.floor(rand() * 40));
    }

    // ---- settle: faults off, every in-doubt window passed, rounds until quiet ---------------------
    hookRate = 0;
    await Promise.allSettled(devices.map((d) => d.busy));
    sim.admin.clearFaults();
    await sleepReal(1_000); // late commits still on their way land now
    for (const d of devices) {
      d.disarm();
      if (d.dead) d.boot();
    }
    for (let pass = 0; pass < 8; pass++) {
      // Time passes between passes: every create in doubt may be sent again.
      clock.skip(SERVER_REQUEST_LIMIT_MS + 60_000);
      const writesBefore = sim.admin.requestLog().filter((e) => e.method !== 'GET').length;
      for (const d of devices) {
        const result = await round(d, true);
        if (result && result.status !== 'ok') note(`${d.name} settling round ${result.status}`);
      }
      const writes = sim.admin.requestLog().filter((e) => e.method !== 'GET').length - writesBefore;
      const queued = (await Promise.all(devices.map((d) => d.device.outbox()))).some((o) => o.length > 0);
      if (pass > 0 && writes === 0 && !queued) break;
    }
    // Once more, quietly, so every device has seen the others' last writes.
    for (const d of devices) await round(d, true);

    judge(sim, devices, touches, outcome, await Promise.all(devices.map((d) => d.device.rows())), await Promise.all(devices.map((d) => d.device.conflicts())));
  } finally {
    sim.admin.onApiRequest(null);
    sim.admin.afterApiRequest(null);
    clock.restore();
    await Promise.allSettled(devices.map((d) => d.busy));
    await Promise.all(devices.map((d) => d.device.close()));
    await sim.close();
  }
  return outcome;
}

type Conflicts = Awaited<ReturnType<Device['conflicts']>>;

function judge(
  sim: RunningSimulator,
  devices: ChaosDevice[],
  touches: Map<string, Touch[]>,
  outcome: ChaosOutcome,
  rowsOf: LocalExpense[][],
  conflictsOf: Conflicts[],
): void {
  const server = sim.admin.listExpenses({ userId: sim.userId });
  const byRemote = new Map(server.map((e) => [e.id, e]));
  const refs = sim.admin.listExternalReferences();
  const serverByClient = new Map<string, ApiExpense[]>();
  for (const ref of refs) {
    const record = byRemote.get(ref.subject_id);
    if (!record) continue;
    serverByClient.set(ref.service_model_ref, [...(serverByClient.get(ref.service_model_ref) ?? []), record]);
  }

  // No duplicate: one server record per client id at most.
  for (const [clientId, records] of serverByClient) {
    if (records.length > 1) outcome.duplicates.push(`${clientId}: ${records.map((r) => r.id).join(', ')}`);
  }

  devices.forEach((d, i) => {
    const rows = rowsOf[i]!;
    const conflicts = conflictsOf[i]!;
    const rowById = new Map(rows.map((r) => [r.id, r]));

    // Convergence: every record is here, every synced row equals its record, nothing queued.
    const localRemote = new Set(rows.filter((r) => !r.deleted).map((r) => r.remoteId));
    for (const record of server) if (!localRemote.has(record.id)) outcome.unconverged.push(`${d.name} lacks server record ${record.id}`);
    for (const row of rows) {
      if (row.deleted) {
        outcome.unconverged.push(`${d.name} ${row.id} still deleted locally but not settled`);
        continue;
      }
      if (row.syncState === 'error') {
        if (!row.syncMessage) outcome.invisibleErrors.push(`${d.name} ${row.id} refused without a message`);
        continue;
      }
      if (row.syncState === 'pending') {
        (row.syncMessage ? outcome.unconverged : outcome.invisibleErrors).push(`${d.name} ${row.id} still pending: ${row.syncMessage ?? 'no message'}`);
        continue;
      }
      const record = row.remoteId ? byRemote.get(row.remoteId) : undefined;
      if (!record) {
        outcome.unconverged.push(`${d.name} ${row.id} (${row.syncState}) points at ${row.remoteId}, not on the server`);
        continue;
      }
      const diff = differingFields(row, record);
      if (diff.length > 0) outcome.unconverged.push(`${d.name} ${row.id} differs from the server in ${diff.join(', ')}`);
    }

    // No lost write: the user's last value of every field is on the server, or explained: by a
    // conflict this device logged, or (for a delete) by the decision another device logged when
    // its unsent edit met the delete (edit-vs-delete: the edit wins, the expense is created again).
    const explained = (id: string, field: SyncedField | null): boolean =>
      conflicts.some(
        (c) =>
          c.expenseId === id &&
          (c.kind !== 'merge' || field === null || c.fields.some((f) => f.field === field && f.winner === 'server')),
      ) ||
      (field === null && conflictsOf.some((log) => log.some((c) => c.expenseId === id && (c.kind === 'edit-vs-delete' || c.kind === 'delete-vs-edit'))));
    // Superseded: someone else's write (web, another device) reached Kantata after this device's
    // own value had: a later change, by the order Kantata keeps (updated_at). A value that never
    // reached the server before theirs met their change in this device's merge, which logs it.
    const laterElsewhere = (id: string, at: number, field: SyncedField | null, value?: unknown): boolean => {
      const list = touches.get(id) ?? [];
      const about = (t: Touch): boolean => t.what !== 'edit' || field === null || t.fields.includes(field);
      // A write after the edit left the server holding the edited value
      const reached = (t: Touch): boolean =>
        t.what !== 'edit' || field === null || (t.after !== undefined && fieldValuesEqual(field, fieldFromApi(field, t.after), value as never));
      // (whoever wrote it: another device may have sent the same value first)
      const mine = list.filter((t) => (t.by === d.name || (field !== null && t.what === 'edit')) && t.at >= at && reached(t));
      return list.some((o) => o.by !== d.name && o.at > at && about(o) && mine.some((m) => m.at <= o.at));
    };
    for (const [id, intent] of d.intents) {
      const row = rowById.get(id);
      if (row?.syncState === 'error') continue; // a visible refusal, with Kantata's message
      const records = serverByClient.get(id) ?? [];
      const record = records[0];
      if (intent.deleted) {
        if (record && !explained(id, null) && !laterElsewhere(id, intent.deletedAt, null)) {
          outcome.lostWrites.push(`${d.name} deleted ${id}, but ${record.id} is still on the server`);
        }
        continue;
      }
      // Deleted and restored with Undo, never changed here: there is no value of this user's to find.
      if (intent.fields.size === 0) continue;
      if (!record) {
        const lastAt = Math.max(...[...intent.fields.values()].map((f) => f.at));
        if (!laterElsewhere(id, lastAt, null) && !explained(id, null)) {
          outcome.lostWrites.push(`${d.name} kept ${id}, but it is not on the server (row ${row ? `${row.syncState} ${row.remoteId}` : 'gone'})`);
        }
        continue;
      }
      for (const [field, { value, at }] of intent.fields) {
        if (fieldValuesEqual(field, fieldFromApi(field, record), value as never)) continue;
        if (laterElsewhere(id, at, field, value) || explained(id, field)) continue;
        outcome.lostWrites.push(
          `${d.name} ${id}.${field}: saved ${JSON.stringify(value)} at ${new Date(at).toISOString()}, server has ${JSON.stringify(fieldFromApi(field, record))} (record ${record.id}, updated ${record.updated_at}); ` +
            `row ${row?.syncState ?? 'gone'}; conflicts: ${JSON.stringify(conflicts.filter((c) => c.expenseId === id).map((c) => ({ kind: c.kind, at: c.decidedAt, fields: c.fields.map((f) => `${f.field}:${f.winner}:${f.reason}`) })))}`,
        );
      }
    }
  });
}
