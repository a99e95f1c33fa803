/**
 * The server side of the Node sync tests: the real simulator over HTTP, the real SyncEngine, and
 * checks against the server's state. The client side is a `Device` (test/support/node/device.ts):
 * the renderer's real data layer on fake-indexeddb.
 */
import { startSimulator, type RunningSimulator } from '../kantata-sim/index';
import type { ApiExpense } from '@shared/kantata/wire';
import { differingFields } from '@shared/kantata/mapping';
import { KantataClient } from '../../src/main/core/kantata/client';
import { SyncEngine, type SyncEngineOptions } from '../../src/main/core/sync/engine';
import { closeDevices, type Device } from '../support/node/device';

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
  return {
    sim,
    workspaceId: ws.id,
    categoryId: category.id,
    category: category.name,
    close: async () => {
      await closeDevices();
      await sim.close();
    },
  };
}

export function engineFor(world: SimWorld, opts: Partial<SyncEngineOptions> & { timeoutMs?: number } = {}): SyncEngine {
  const client = new KantataClient({ baseUrl: world.sim.baseUrl, token: world.sim.token, timeoutMs: opts.timeoutMs ?? 5_000 });
  return new SyncEngine({
    client,
    retry: { baseDelayMs: 20, maxDelayMs: 200, maxRetryAfterMs: 5_000, ...opts.retry },
    ...opts,
  });
}

/** Server expenses of the demo user. */
export function serverExpenses(world: SimWorld): ApiExpense[] {
  return world.sim.admin.listExpenses({ userId: world.sim.userId });
}

/** Every synced local row equals its server record, field by field (convergence). */
export async function assertConverged(world: SimWorld, local: Device): Promise<void> {
  const server = new Map(serverExpenses(world).map((e) => [e.id, e]));
  for (const row of await local.rows()) {
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
