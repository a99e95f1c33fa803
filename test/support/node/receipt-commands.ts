/** Vitest browser commands for test/browser/receipts: the real uploader, engine and simulator in Node. */
import type { BrowserCommand } from 'vitest/node';
import type * as ReceiptWorld from './receipt-world';

type World = typeof ReceiptWorld;

const WORLD_MODULE = new URL('./receipt-world.ts', import.meta.url).pathname;
const load = (ctx: { project: { import<T>(id: string): Promise<T> } }): Promise<World> => ctx.project.import<World>(WORLD_MODULE);

export const receiptCommands = {
  receiptWorldStart: (async (ctx) => (await load(ctx)).startWorld()) as BrowserCommand<[]>,
  receiptWorldUpload: (async (ctx, handle: string, request: ReceiptWorld.EncodedUploadRequest) =>
    (await load(ctx)).upload(handle, request)) as BrowserCommand<[string, ReceiptWorld.EncodedUploadRequest]>,
  receiptWorldRound: (async (ctx, handle: string, request: Parameters<World['syncRound']>[1]) =>
    (await load(ctx)).syncRound(handle, request)) as BrowserCommand<[string, Parameters<World['syncRound']>[1]]>,
  receiptWorldState: (async (ctx, handle: string) => (await load(ctx)).state(handle)) as BrowserCommand<[string]>,
  receiptWorldFault: (async (ctx, handle: string, spec: Parameters<World['fault']>[1]) => (await load(ctx)).fault(handle, spec)) as BrowserCommand<
    [string, Parameters<World['fault']>[1]]
  >,
  receiptWorldDeleteAttachment: (async (ctx, handle: string, attachmentId: string) =>
    (await load(ctx)).deleteAttachment(handle, attachmentId)) as BrowserCommand<[string, string]>,
  receiptWorldStop: (async (ctx, handle: string) => (await load(ctx)).stopWorld(handle)) as BrowserCommand<[string]>,
};
