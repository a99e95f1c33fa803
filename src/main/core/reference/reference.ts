/**
 * Reference data for the offline expense form: the user, the projects they can log expenses to,
 * categories, vendors, and the budgets and tasks of those projects. Incremental with updated_after
 * where the API has it (workspaces, budgets, stories); categories and vendors are fetched whole.
 */
import type { ApiExpenseBudget, ApiExpenseCategory, ApiStory, ApiVendor, ApiWorkspace } from '@shared/kantata/wire';
import type { ReferenceRefreshRequest, ReferenceSnapshot } from '@shared/protocol/reference';
import type { KantataClient, Query } from '../kantata/client';

/** Overlap on the cursors: the API does not say whether updated_after is inclusive. */
const OVERLAP_MS = 60_000;

async function listAll<T>(client: KantataClient, path: string, key: string, query: Query, signal?: AbortSignal): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const result = await client.list<T>(path, key, { ...query, per_page: 200, page }, signal);
    out.push(...result.items);
    if (page >= result.meta.page_count || result.items.length === 0) return out;
  }
}

const since = (cursor: string): string => new Date(Date.parse(cursor) - OVERLAP_MS).toISOString();

export async function refreshReference(
  client: KantataClient,
  request: ReferenceRefreshRequest,
  signal?: AbortSignal,
): Promise<ReferenceSnapshot> {
  const cursors = request.cursors ?? null;
  const user = await client.me(signal);
  const startedAt = new Date(client.lastServerDate ?? Date.now()).toISOString();

  // Workspaces: incremental lists every changed one (archived included) and sorts them into still
  // usable (upsert) or no longer usable (removed); a full download lists the usable ones.
  const workspacesFull = !cursors?.workspaces;
  let upserts: ApiWorkspace[];
  let removedIds: string[] = [];
  if (workspacesFull) {
    upserts = await listAll<ApiWorkspace>(client, '/workspaces', 'workspaces', { can_create_line_items: true }, signal);
  } else {
    const changed = await listAll<ApiWorkspace>(
      client,
      '/workspaces',
      'workspaces',
      { updated_after: since(cursors!.workspaces!), include_archived: true },
      signal,
    );
    upserts = changed.filter((w) => w.can_create_line_items && !w.archived);
    // Only the ones the cache may hold (when it says what it holds).
    const known = request.knownWorkspaceIds ? new Set(request.knownWorkspaceIds) : null;
    removedIds = changed.filter((w) => (!w.can_create_line_items || w.archived) && (!known || known.has(w.id))).map((w) => w.id);
  }

  const [categories, vendors] = await Promise.all([
    listAll<ApiExpenseCategory>(client, '/expense_categories', 'expense_categories', {}, signal),
    listAll<ApiVendor>(client, '/vendors', 'vendors', { archived: false }, signal),
  ]);

  // Budgets and tasks per project (the API filters by one workspace_id at a time).
  const removed = new Set(removedIds);
  const workspaceIds = [...new Set([...(request.knownWorkspaceIds ?? []), ...upserts.map((w) => w.id)])].filter((id) => !removed.has(id));
  const newIds = new Set(upserts.map((w) => w.id).filter((id) => !(request.knownWorkspaceIds ?? []).includes(id)));
  const budgetsFull = !cursors?.budgets;
  const storiesFull = !cursors?.stories;
  const budgets: ApiExpenseBudget[] = [];
  const stories: ApiStory[] = [];
  for (const workspaceId of workspaceIds) {
    // A project new to the cache gets everything; known ones only what changed.
    const budgetQuery: Query = { workspace_id: workspaceId };
    if (!budgetsFull && !newIds.has(workspaceId)) budgetQuery.updated_after = since(cursors!.budgets!);
    const storyQuery: Query = { workspace_id: workspaceId };
    if (!storiesFull && !newIds.has(workspaceId)) storyQuery.updated_after = since(cursors!.stories!);
    const [b, s] = await Promise.all([
      listAll<ApiExpenseBudget>(client, '/expense_budgets', 'expense_budgets', budgetQuery, signal),
      listAll<ApiStory>(client, '/stories', 'stories', storyQuery, signal),
    ]);
    budgets.push(...b);
    stories.push(...s);
  }

  return {
    fetchedAt: startedAt,
    user,
    workspaces: { full: workspacesFull, upserts, removedIds },
    categories,
    vendors,
    budgets: { full: budgetsFull, upserts: budgets },
    stories: { full: storiesFull, upserts: stories },
    cursors: { workspaces: startedAt, budgets: startedAt, stories: startedAt },
  };
}
