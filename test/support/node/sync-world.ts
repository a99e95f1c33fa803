/**
 * Node side of the browser sync tests: a real Kantata simulator and the real sync engine, reached
 * from the test page through vitest browser commands (test/support/node/sync-commands.ts). The
 * page's renderer code (Dexie in real Chromium) calls `syncRound` exactly as it calls the contract.
 */
import type { ApiExpense } from '@shared/kantata/wire';
import type { SyncRoundRequest, SyncRoundResult } from '@shared/protocol/round';
import { SyncRoundRequestSchema, SyncRoundResultSchema } from '@shared/protocol/round';
import { events as eventSchemas, invokes, type EventName, type InvokeName } from '@shared/contract';
import { MemoryTokenStore } from '../../../src/main/core/account/token-store';
import { createAppCore } from '../../../src/main/core/app-core';
import type { CallContext, CoreHandlers } from '../../../src/main/core/ipc/handlers';
import { KantataClient } from '../../../src/main/core/kantata/client';
import { createSyncCore, type SyncCore } from '../../../src/main/core/sync/sync-core';
import { SyncEngine } from '../../../src/main/core/sync/engine';
import { startSimulator, type RunningSimulator } from '../../kantata-sim/index';
import type { AdminAction, WorldInfo, WorldOptions } from '../browser/sync-world-types';

export type { AdminAction, WorldInfo, WorldOptions };

interface World {
  sim: RunningSimulator;
  sync: SyncCore;
  /** Events main sent (syncRequested, accountChanged...) that the page has not collected yet. */
  events: Array<{ event: EventName; payload: unknown }>;
  engine: SyncEngine;
  /** The main-process core (account, sync, reference) as the shell builds it, with an in-memory token store. */
  core: CoreHandlers;
  otherUserId: string;
}

const worlds = new Map<string, World>();
let next = 0;

export async function startWorld(options: WorldOptions = {}): Promise<WorldInfo> {
  const sim = await startSimulator({ seed: 'empty' });
  const ws = sim.admin.addWorkspace({ title: 'Browser sync project', currency: 'USD' });
  const category = sim.admin.state().categories.find((c) => c.name === 'Travel');
  if (!category) throw new Error('the simulator has no Travel category');
  const other = sim.admin.addUser('Someone Else');
  const client = new KantataClient({ baseUrl: sim.baseUrl, token: sim.token, timeoutMs: 5_000 });
  const engine = new SyncEngine({ client, retry: { baseDelayMs: 10, maxDelayMs: 100, maxRetryAfterMs: 2_000 } });
  const storage = options.plainTextStorage
    ? { encrypted: false, persisted: true, backend: 'basic_text', plainText: true }
    : { encrypted: true, persisted: false, backend: 'memory', plainText: false };
  const events: World['events'] = [];
  const sync = createSyncCore({
    tokenStore: new MemoryTokenStore(storage),
    requestTimeoutMs: 5_000,
    engine: { retry: { baseDelayMs: 10, maxDelayMs: 100, maxRetryAfterMs: 2_000 } },
    // Checked against the contract as main's sendEvent does; the page collects them (syncWorldEvents).
    emit: (event, payload) => void events.push({ event, payload: eventSchemas[event].parse(payload) }),
    scheduler: { debounceMs: 100 },
  });
  sync.scheduler.start();
  const core = createAppCore({
    appInfo: { name: 'Expense Courier', version: '0.0.0-browser', platform: process.platform },
    sync,
  });
  const handle = `w${++next}`;
  worlds.set(handle, { sim, sync, events, engine, core, otherUserId: other.user.id });
  return {
    handle,
    workspaceId: ws.id,
    categoryId: category.id,
    category: category.name,
    otherUserId: other.user.id,
    baseUrl: sim.baseUrl,
    token: sim.token,
  };
}

function world(handle: string): World {
  const w = worlds.get(handle);
  if (!w) throw new Error(`no sync world ${handle}`);
  return w;
}

/** What main does for the `syncRound` call: validate the request, run the engine, validate the answer. */
export async function syncRound(handle: string, request: SyncRoundRequest): Promise<SyncRoundResult> {
  const result = await world(handle).engine.runRound(SyncRoundRequestSchema.parse(request));
  return SyncRoundResultSchema.parse(result);
}

export function admin(handle: string, action: AdminAction): ApiExpense[] | ApiExpense | number | null {
  const w = world(handle);
  const actor = w.sim.admin.actAs(w.otherUserId);
  switch (action.op) {
    case 'list':
      return w.sim.admin.listExpenses();
    case 'editAsOther':
      return actor.updateExpense(action.id, action.fields);
    case 'deleteAsOther':
      actor.deleteExpense(action.id);
      return null;
    case 'lock':
      return w.sim.admin.lockExpense(action.id, action.how);
    case 'createAsOther':
      return actor.createExpense(action.fields);
    case 'seedMine':
      for (let i = 0; i < action.count; i++) w.sim.admin.addExpense(w.sim.userId, { ...action.fields, notes: `server ${i}` });
      return action.count;
    case 'fault':
      w.sim.admin.injectFault(action.spec);
      return null;
    case 'clearFaults':
      w.sim.admin.clearFaults();
      return null;
    case 'requestCount':
      return w.sim.admin.requestLog().length;
    case 'advanceClock':
      w.sim.admin.setClock(w.sim.admin.clockOffset() + action.ms);
      return null;
  }
}

/** One contract call into the world's core, checked against the contract both ways as main does. */
export async function call(handle: string, name: InvokeName, request: unknown): Promise<unknown> {
  const spec = invokes[name];
  const handler = world(handle).core[name] as (request: unknown, context: CallContext) => Promise<unknown>;
  return spec.response.parse(await handler(spec.request.parse(request), { senderUrl: 'http://127.0.0.1/' }));
}

/** The events main sent since the last collection, oldest first. */
export function collectEvents(handle: string): Array<{ event: EventName; payload: unknown }> {
  return world(handle).events.splice(0);
}

export async function stopWorld(handle: string): Promise<void> {
  const w = worlds.get(handle);
  worlds.delete(handle);
  w?.sync.scheduler.stop();
  await w?.sim.close();
}
