import { systemError, type ApiRequest, type ApiResponse, type SimContext } from './context';
import { applyTimeFilters } from './api-expenses';
import { EnvelopeBuilder, pagingFrom, userToWire, workspaceToWire } from './serialize';

function csv(value: string | null): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function byId<T extends { id: string }>(a: T, b: T): number {
  return Number(a.id) - Number(b.id);
}

function onlyFilter<T extends { id: string }>(req: ApiRequest, list: T[]): { list: T[]; only: boolean } {
  const only = csv(req.query.get('only'));
  return only.length > 0 ? { list: list.filter((r) => only.includes(r.id)), only: true } : { list, only: false };
}

function page<T extends { id: string }>(key: string, req: ApiRequest, list: T[], only: boolean, toWire: (r: T) => unknown = (r) => ({ ...r })): ApiResponse {
  return { status: 200, body: new EnvelopeBuilder(key).primary(list, only ? null : pagingFrom(req.query), toWire).build() };
}

export function listWorkspaces(ctx: SimContext, req: ApiRequest): ApiResponse {
  const q = req.query;
  let list = [...ctx.store.workspaces.values()];
  if (q.get('include_archived') !== 'true') list = list.filter((w) => !w.archived);
  if (q.get('can_create_line_items') === 'true') list = list.filter((w) => w.can_create_line_items && !w.archived);
  const matching = q.get('matching');
  if (matching) list = list.filter((w) => w.title.toLowerCase().includes(matching.toLowerCase()));
  const timed = applyTimeFilters(ctx, q, list, ['updated_after', 'updated_before']);
  if (!Array.isArray(timed)) return timed;
  const { list: selected, only } = onlyFilter(req, timed);
  selected.sort((a, b) => a.title.localeCompare(b.title) || byId(a, b));
  return page('workspaces', req, selected, only, workspaceToWire);
}

export function showWorkspace(ctx: SimContext, _req: ApiRequest, id: string): ApiResponse {
  const ws = ctx.store.workspaces.get(id);
  if (!ws) return systemError(404, `Workspace ${id} not found`);
  return { status: 200, body: new EnvelopeBuilder('workspaces').primary([ws], null, workspaceToWire).build() };
}

export function listCategories(ctx: SimContext, req: ApiRequest): ApiResponse {
  let list = [...ctx.store.categories.values()];
  if (req.query.get('only_active') !== 'false') list = list.filter((c) => !c.deleted_at);
  const { list: selected, only } = onlyFilter(req, list);
  selected.sort(byId);
  return page('expense_categories', req, selected, only);
}

export function listVendors(ctx: SimContext, req: ApiRequest): ApiResponse {
  let list = [...ctx.store.vendors.values()];
  const archived = req.query.get('archived');
  if (archived === 'true') list = list.filter((v) => v.archived);
  if (archived === 'false') list = list.filter((v) => !v.archived);
  const { list: selected, only } = onlyFilter(req, list);
  selected.sort((a, b) => a.name.localeCompare(b.name) || byId(a, b));
  const used = new Set([...ctx.store.expenses.values()].map((e) => e.vendor_id));
  return page('vendors', req, selected, only, (v) => ({ ...v, in_use: used.has(v.id) }));
}

export function listBudgets(ctx: SimContext, req: ApiRequest): ApiResponse {
  let list = [...ctx.store.budgets.values()];
  const ws = req.query.get('workspace_id');
  if (ws) list = list.filter((b) => b.workspace_id === ws);
  const timed = applyTimeFilters(ctx, req.query, list, ['updated_after', 'updated_before']);
  if (!Array.isArray(timed)) return timed;
  const { list: selected, only } = onlyFilter(req, timed);
  selected.sort(byId);
  return page('expense_budgets', req, selected, only);
}

export function listStories(ctx: SimContext, req: ApiRequest): ApiResponse {
  let list = [...ctx.store.stories.values()];
  const ws = req.query.get('workspace_id');
  if (ws) list = list.filter((s) => s.workspace_id === ws);
  const timed = applyTimeFilters(ctx, req.query, list, ['updated_after', 'updated_before']);
  if (!Array.isArray(timed)) return timed;
  const { list: selected, only } = onlyFilter(req, timed);
  selected.sort(byId);
  return page('stories', req, selected, only);
}

export function showMe(_ctx: SimContext, req: ApiRequest): ApiResponse {
  return { status: 200, body: new EnvelopeBuilder('users').primary([req.user], null, userToWire).build() };
}

export function listExternalReferences(ctx: SimContext, req: ApiRequest): ApiResponse {
  const q = req.query;
  let list = [...ctx.store.externalReferences.values()].filter((r) => {
    // Only references whose subject the user can see.
    if (r.subject_type !== 'Expense') return false;
    return ctx.store.expenses.get(r.subject_id)?.user_id === req.user.id;
  });
  const subjectType = q.get('subject_type');
  if (subjectType) list = list.filter((r) => r.subject_type === subjectType);
  const subjectId = q.get('subject_id');
  if (subjectId) list = list.filter((r) => r.subject_id === subjectId);
  const serviceName = q.get('service_name');
  if (serviceName) list = list.filter((r) => r.service_name === serviceName);
  const serviceModel = q.get('service_model');
  if (serviceModel) list = list.filter((r) => r.service_model === serviceModel);
  const ref = q.get('service_model_ref');
  if (ref) list = list.filter((r) => r.service_model_ref === ref);
  const { list: selected, only } = onlyFilter(req, list);
  selected.sort(byId);
  return page('external_references', req, selected, only);
}
