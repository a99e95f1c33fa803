/**
 * Duplicates heal themselves: whenever a pull or a look-up sees two or more server records with
 * the same client id, the oldest is kept and the others (this app's own copies) are deleted. Also
 * here: the look-up by client id (it heals what it finds), and aiming updates and deletes at the
 * record their expense has now.
 */
import type { ApiExpense } from '@shared/kantata/wire';
import { isKantataError } from '../kantata/errors';
import { idListChunks } from '../kantata/client';
import type { PlannedOp } from './coalesce';
import type { DeleteOp, RoundContext, UpdateOp } from './round-context';

/** Two or more pulled records carry one client id: keep the oldest, delete the others. */
export async function healPulledDuplicates(ctx: RoundContext): Promise<void> {
  const byClient = new Map<string, ApiExpense[]>();
  for (const [remoteId, clientId] of ctx.clientRefs) {
    const record = ctx.pulled.get(remoteId);
    if (!record) continue;
    const list = byClient.get(clientId);
    if (list) list.push(record);
    else byClient.set(clientId, [record]);
  }
  for (const [clientId, records] of byClient) if (records.length > 1) await heal(ctx, clientId, records);
}

/**
 * Keeps the oldest of several server records of one client id (deterministic on every device)
 * and deletes the others: they are this app's own copies, made when a create committed after
 * the client had given up on it. The kept record goes to the renderer with the pull.
 */
async function heal(ctx: RoundContext, clientId: string, records: ApiExpense[]): Promise<ApiExpense> {
  const { client, log } = ctx.deps;
  const [keep, ...extras] = [...new Map(records.map((r) => [r.id, r])).values()].sort(oldestFirst);
  ctx.pulled.set(keep!.id, keep!);
  ctx.clientRefs.set(keep!.id, clientId);
  for (const extra of extras) {
    if (extra.user_can_edit === false) {
      log('A duplicate of an expense is locked in Kantata and cannot be deleted', { clientId, kept: keep!.id, locked: extra.id });
      continue;
    }
    try {
      await ctx.attempt(() => client.deleteExpense(extra.id, ctx.signal));
    } catch (e) {
      ctx.stopOnAuth(e);
      if (!isKantataError(e) || e.kind !== 'not-found') {
        log('A duplicate of an expense could not be deleted in Kantata; it is tried again later', {
          clientId,
          kept: keep!.id,
          duplicate: extra.id,
          error: e instanceof Error ? e.message : String(e),
        });
        continue;
      }
    }
    ctx.deletedRemote.add(extra.id);
    ctx.pulled.delete(extra.id);
    ctx.clientRefs.delete(extra.id);
    ctx.replacedBy.set(extra.id, keep!);
    log('Deleted a duplicate of an expense in Kantata (the oldest record was kept)', { clientId, kept: keep!.id, deleted: extra.id });
  }
  return keep!;
}

/**
 * client id -> server record, for records carrying this app's external reference. Lists stay
 * short enough for any URL limit; two records for one client id are healed (the oldest kept).
 */
export async function lookUp(ctx: RoundContext, clientIds: string[]): Promise<Map<string, ApiExpense>> {
  const matches = new Map<string, ApiExpense[]>();
  // 100 ids a request: with per_page 200, even a duplicate of each fits one page.
  for (const chunk of idListChunks([...new Set(clientIds)], 100)) {
    const page = await ctx.attempt(() => ctx.deps.client.expensesByClientRefs(chunk, ctx.signal));
    for (const record of page.items) {
      const clientId = page.clientRefs.get(record.id);
      if (!clientId) continue;
      const list = matches.get(clientId);
      if (list) list.push(record);
      else matches.set(clientId, [record]);
    }
  }
  const found = new Map<string, ApiExpense>();
  for (const [clientId, records] of matches) found.set(clientId, records.length > 1 ? await heal(ctx, clientId, records) : records[0]!);
  return found;
}

/** The record each client id has in the round's view of the server (after healing, at most one). */
export function recordsByClientId(ctx: RoundContext): Map<string, ApiExpense> {
  const current = new Map<string, ApiExpense>();
  for (const [remoteId, clientId] of ctx.clientRefs) {
    const record = ctx.pulled.get(remoteId);
    if (record) current.set(clientId, record);
  }
  return current;
}

/**
 * Client ids of updates and deletes whose expense the pull shows under another record (deleted
 * here and created again elsewhere, or a copy): looked up before the push.
 */
export function movedElsewhere(ctx: RoundContext, ops: PlannedOp[]): string[] {
  const current = new Map<string, string>();
  for (const [remoteId, clientId] of ctx.clientRefs) if (ctx.pulled.has(remoteId)) current.set(clientId, remoteId);
  return ops
    .filter((op) => (op.kind === 'update' || op.kind === 'delete') && op.remoteId !== null)
    .filter((op) => {
      const remoteId = current.get(op.expenseId);
      return remoteId !== undefined && remoteId !== (op as UpdateOp | DeleteOp).remoteId;
    })
    .map((op) => op.expenseId);
}

/**
 * Updates and deletes aim at the record their expense has now: the one kept when a copy was
 * deleted, or the one it was created again as elsewhere (its old record is gone). The base
 * stays: the three-way merge (or the delete-vs-edit rule) decides against what the user saw.
 */
export function retargetReplaced(ctx: RoundContext, ops: PlannedOp[]): void {
  const current = recordsByClientId(ctx);
  for (const op of ops) {
    if ((op.kind !== 'update' && op.kind !== 'delete') || op.remoteId === null) continue;
    const kept = ctx.replacedBy.get(op.remoteId);
    if (kept) {
      op.remoteId = kept.id;
      continue;
    }
    const moved = ctx.checkedClientIds.includes(op.expenseId) ? current.get(op.expenseId) : undefined;
    if (moved && moved.id !== op.remoteId) {
      // The old record is gone (a copy of it would have been healed into `replacedBy`).
      ctx.deletedRemote.add(op.remoteId);
      op.remoteId = moved.id;
    }
  }
}

/** Oldest first: by `created_at`, then by id (numeric strings), so every device picks the same record. */
function oldestFirst(a: ApiExpense, b: ApiExpense): number {
  const byTime = Date.parse(a.created_at) - Date.parse(b.created_at);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
  return a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
