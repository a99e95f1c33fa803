/**
 * Browser side of the sync world: the real simulator and sync engine run in Node (vitest browser
 * commands, test/support/node/sync-commands.ts); this page reaches them through `commands`, and the
 * renderer's sync executor gets a SyncPort whose `syncRound` is that call: the contract boundary.
 * Main's events are relayed to the page by polling `syncWorldEvents`.
 */
import { commands } from 'vitest/browser';
import type { ApiExpense } from '@shared/kantata/wire';
import type { ExpenseFields } from '@shared/model/expense';
import type { SyncRoundRequest, SyncRoundResult } from '@shared/protocol/round';
import type { SyncPort } from '@renderer/sync/executor';
import type { CourierApi, EventName, EventPayload, InvokeName } from '@shared/contract';
import type { AdminAction, WorldInfo, WorldOptions } from './sync-world-types';
import { simExpenseFields } from '../common/sim-expense-fields';

declare module 'vitest/browser' {
  interface BrowserCommands {
    syncWorldStart: (options?: WorldOptions) => Promise<WorldInfo>;
    syncWorldCall: (handle: string, name: InvokeName, request: unknown) => Promise<unknown>;
    syncWorldRound: (handle: string, request: SyncRoundRequest) => Promise<SyncRoundResult>;
    syncWorldAdmin: (handle: string, action: AdminAction) => Promise<ApiExpense[] | ApiExpense | number | null>;
    syncWorldEvents: (handle: string) => Promise<Array<{ event: EventName; payload: unknown }>>;
    syncWorldStop: (handle: string) => Promise<void>;
  }
}

export interface BrowserSyncWorld extends WorldInfo {
  port: SyncPort;
  /**
   * `window.courier` for this page: every call goes to the world's real main-process core (in
   * Node), checked against the contract both ways. Main's events are sent with `emit`.
   */
  courier: CourierApi;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Every expense on the server. */
  serverExpenses(): Promise<ApiExpense[]>;
  editAsOther(id: string, fields: Record<string, unknown>): Promise<ApiExpense>;
  deleteAsOther(id: string): Promise<void>;
  admin(action: AdminAction): Promise<unknown>;
  fields(overrides?: Partial<ExpenseFields>): ExpenseFields;
  stop(): Promise<void>;
}

export async function startSyncWorld(options: WorldOptions = {}): Promise<BrowserSyncWorld> {
  const info = await commands.syncWorldStart(options);
  const { handle } = info;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const on = (event: string, listener: (payload: unknown) => void): (() => void) => {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  };
  const courier = new Proxy({} as CourierApi, {
    get: (_target, name) =>
      name === 'on' ? on : (request?: unknown) => commands.syncWorldCall(handle, name as InvokeName, request),
  });
  const dispatch = (event: string, payload: unknown): void => listeners.get(event)?.forEach((listener) => listener(payload));
  // Main's events (the scheduler's syncRequested, accountChanged...) reach the page as they would
  // through IPC, a few milliseconds late.
  let relaying = true;
  const relay = (async () => {
    while (relaying) {
      for (const { event, payload } of await commands.syncWorldEvents(handle)) dispatch(event, payload);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
  })();
  return {
    ...info,
    courier,
    emit: (event, payload) => dispatch(event, payload),
    port: { syncRound: (request) => commands.syncWorldRound(handle, request) },
    serverExpenses: async () => (await commands.syncWorldAdmin(handle, { op: 'list' })) as ApiExpense[],
    editAsOther: async (id, fields) => (await commands.syncWorldAdmin(handle, { op: 'editAsOther', id, fields })) as ApiExpense,
    deleteAsOther: async (id) => void (await commands.syncWorldAdmin(handle, { op: 'deleteAsOther', id })),
    admin: (action) => commands.syncWorldAdmin(handle, action),
    fields: (overrides = {}) => simExpenseFields(info, overrides),
    stop: async () => {
      relaying = false;
      await relay.catch(() => undefined);
      await commands.syncWorldStop(handle);
    },
  };
}
