/**
 * A Node stand-in for the renderer's side of a round: local rows and an outbox in memory, the
 * round request built as the protocol says (attempts incremented before sending), and the result
 * applied through the real `planLocalApply`. The server is the real simulator over HTTP.
 */
import { randomUUID } from 'node:crypto';
import { startSimulator, type RunningSimulator } from '../kantata-sim/index';
import type { ExpenseFields, LocalExpense, OutboxEntry } from '@shared/model/expense';
import type { ApiExpense } from '@shared/kantata/wire';
import type { ConflictEntry, RoundOutboxEntry, SyncRoundRequest, SyncRoundResult } from '@shared/sync-protocol';
import { SyncRoundResultSchema } from '@shared/sync-protocol';
import { localKeysNeeded, planLocalApply } from '@shared/sync/plan-local-apply';
import { differingFields } from '@shared/kantata/mapping';
import { KantataClient } from '../../src/main/core/kantata/client';
import { SyncEngine, type SyncEngineOptions } from '../../src/main/core/sync/engine';
import { simExpenseFields } from '../support/common/sim-expense-fields';

export interface SimWorld {
  sim: RunningSimulator;
  workspaceId: string;
  categoryId: string;
  category: string;
  close(): Promise<void>;
}

export async function startWorld(options: Parameters<typeof startSimulator>[0] = {}): Promise<SimWorld> {
  const sim = await startSimulator({ seed: 'empty', ...options });
  const ws = sim.admin.addWorkspace({ title: 'Sync test project', currency: 'USD' });
  const category = sim.admin.state().categories.find((c) => c.name === 'Travel')!;
  return { sim, workspaceId: ws.id, categoryId: category.id, category: category.name, close: () => sim.close() };
}

export function engineFor(world: SimWorld, opts: Partial<SyncEngineOptions> & { timeoutMs?: number } = {}): SyncEngine {
  const client = new KantataClient({ baseUrl: world.sim.baseUrl, token: world.sim.token, timeoutMs: opts.timeoutMs ?? 5_000 });
  return new SyncEngine({
    client,
    retry: { baseDelayMs: 20, maxDelayMs: 200, maxRetryAfterMs: 5_000, ...opts.retry },
    ...opts,
  });
}

export class LocalSide {
  readonly expenses = new Map<string, LocalExpense>();
  outbox: Array<OutboxEntry & { seq: number; attempts?: number }> = [];
  readonly conflicts = new Map<string, ConflictEntry>();
  cursor: string | null = null;
  private seq = 0;
  /** Local wall clock (ms); tests may move it to play with skew. */
  now: () => number = Date.now;

  constructor(private readonly world: SimWorld) {}

  fields(overrides: Partial<ExpenseFields> = {}): ExpenseFields {
    return simExpenseFields(this.world, overrides);
  }

  create(overrides: Partial<ExpenseFields> = {}): string {
    const id = randomUUID();
    const at = this.now();
    this.expenses.set(id, {
      ...this.fields(overrides),
      id,
      remoteId: null,
      syncState: 'pending',
      syncMessage: null,
      createdAt: at,
      updatedAt: at,
      base: null,
      userCanEdit: true,
      deleted: false,
    });
    this.outbox.push({ seq: ++this.seq, expenseId: id, kind: 'create', at });
    return id;
  }

  edit(id: string, changes: Partial<ExpenseFields>, at = this.now()): void {
    const row = this.get(id);
    this.expenses.set(id, { ...row, ...changes, updatedAt: at, syncState: 'pending' });
    this.outbox.push({ seq: ++this.seq, expenseId: id, kind: 'update', changes, at });
  }

  remove(id: string, at = this.now()): void {
    const row = this.get(id);
    this.expenses.set(id, { ...row, deleted: true, updatedAt: at, syncState: 'pending' });
    this.outbox.push({ seq: ++this.seq, expenseId: id, kind: 'delete', at });
  }

  get(id: string): LocalExpense {
    const row = this.expenses.get(id);
    if (!row) throw new Error(`no local expense ${id}`);
    return row;
  }

  /** Step 1 of the protocol: the request, with attempts incremented on the rows being sent. */
  buildRequest(extra: Partial<SyncRoundRequest> = {}): SyncRoundRequest {
    for (const entry of this.outbox) entry.attempts = (entry.attempts ?? 0) + 1;
    const outbox: RoundOutboxEntry[] = this.outbox.map((e) => ({ ...e, attempts: (e.attempts ?? 1) - 1 }));
    const ids = new Set(outbox.map((e) => e.expenseId));
    return {
      roundId: randomUUID(),
      outbox,
      expenses: [...ids].map((id) => this.expenses.get(id)).filter((e): e is LocalExpense => e !== undefined),
      cursor: this.cursor,
      ...extra,
    };
  }

  /** Step 3: the result applied as the renderer does, through planLocalApply. */
  apply(result: SyncRoundResult): void {
    SyncRoundResultSchema.parse(result);
    const keys = localKeysNeeded(result);
    const rows = new Map<string, LocalExpense>();
    for (const id of keys.expenseIds) {
      const row = this.expenses.get(id);
      if (row) rows.set(id, row);
    }
    const remote = new Set(keys.remoteIds);
    for (const row of this.expenses.values()) if (row.remoteId && remote.has(row.remoteId)) rows.set(row.id, row);
    const ids = new Set(rows.keys());
    const plan = planLocalApply(result, { expenses: [...rows.values()], outbox: this.outbox.filter((e) => ids.has(e.expenseId)) });
    for (const row of plan.puts) this.expenses.set(row.id, row);
    for (const id of plan.deletes) this.expenses.delete(id);
    const remove = new Set(plan.outboxSeqsToRemove);
    this.outbox = this.outbox.filter((e) => !remove.has(e.seq));
    for (const c of plan.conflictLog) this.conflicts.set(c.id, c);
    if (result.cursor) this.cursor = result.cursor;
  }

  async round(engine: SyncEngine, extra: Partial<SyncRoundRequest> = {}): Promise<SyncRoundResult> {
    const result = await engine.runRound(this.buildRequest(extra));
    this.apply(result);
    return result;
  }

  /** Live (not deleted) local rows. */
  live(): LocalExpense[] {
    return [...this.expenses.values()].filter((e) => !e.deleted);
  }
}

/** Server expenses of the demo user. */
export function serverExpenses(world: SimWorld): ApiExpense[] {
  return world.sim.admin.listExpenses({ userId: world.sim.userId });
}

/** Every synced local row equals its server record, field by field (convergence). */
export function assertConverged(world: SimWorld, local: LocalSide): void {
  const server = new Map(serverExpenses(world).map((e) => [e.id, e]));
  for (const row of local.expenses.values()) {
    if (row.syncState !== 'synced' && row.syncState !== 'conflict') continue;
    if (!row.remoteId) throw new Error(`synced row ${row.id} has no remoteId`);
    const record = server.get(row.remoteId);
    if (!record) throw new Error(`synced row ${row.id} (remote ${row.remoteId}) missing on the server`);
    const diff = differingFields(row, record);
    if (diff.length > 0) throw new Error(`row ${row.id} differs from server in ${diff.join(', ')}`);
  }
}

/** External references of this app per client id: more than one record per id is a duplicate. */
export function recordsPerClientId(world: SimWorld): Map<string, number> {
  const counts = new Map<string, number>();
  const live = new Set(serverExpenses(world).map((e) => e.id));
  for (const ref of world.sim.admin.listExternalReferences()) {
    if (!live.has(ref.subject_id)) continue;
    counts.set(ref.service_model_ref, (counts.get(ref.service_model_ref) ?? 0) + 1);
  }
  return counts;
}

export function requests(world: SimWorld, filter: { method?: string; path?: RegExp } = {}): number {
  return world.sim.admin
    .requestLog()
    .filter((r) => (!filter.method || r.method === filter.method) && (!filter.path || filter.path.test(r.path))).length;
}
