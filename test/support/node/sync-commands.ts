/**
 * Vitest browser commands for the browser sync tests: they run in the Node process and reach the
 * real simulator and the real sync engine (test/support/node/sync-world.ts, loaded through the
 * project's Vite module runner so its `@shared/*` imports resolve). The test page calls them like
 * the contract: `commands.syncRound(handle, request)`.
 */
import type { BrowserCommand } from 'vitest/node';
import type * as SyncWorld from './sync-world';

type World = typeof SyncWorld;

const WORLD_MODULE = new URL('./sync-world.ts', import.meta.url).pathname;

const load = (ctx: { project: { import<T>(id: string): Promise<T> } }): Promise<World> => ctx.project.import<World>(WORLD_MODULE);

export const syncCommands = {
  syncWorldStart: (async (ctx, options: SyncWorld.WorldOptions = {}) => (await load(ctx)).startWorld(options)) as BrowserCommand<
    [SyncWorld.WorldOptions?]
  >,
  syncWorldCall: (async (ctx, handle: string, name: Parameters<World['call']>[1], request: unknown) =>
    (await load(ctx)).call(handle, name, request)) as BrowserCommand<[string, Parameters<World['call']>[1], unknown]>,
  syncWorldRound: (async (ctx, handle: string, request: Parameters<World['syncRound']>[1]) =>
    (await load(ctx)).syncRound(handle, request)) as BrowserCommand<[string, Parameters<World['syncRound']>[1]]>,
  syncWorldAdmin: (async (ctx, handle: string, action: SyncWorld.AdminAction) => (await load(ctx)).admin(handle, action)) as BrowserCommand<
    [string, SyncWorld.AdminAction]
  >,
  syncWorldEvents: (async (ctx, handle: string) => (await load(ctx)).collectEvents(handle)) as BrowserCommand<[string]>,
  syncWorldStop: (async (ctx, handle: string) => (await load(ctx)).stopWorld(handle)) as BrowserCommand<[string]>,
};
