import type { ApiError } from '@shared/kantata/wire';
import { systemError, validationError, type ApiRequest, type ApiResponse, type SimContext } from './context';
import type { ExpenseInput } from './expenses';
import { isIsoDate } from './expenses';
import {
  EnvelopeBuilder, attachmentToWire, expenseToWire, pagingFrom, userToWire, workspaceToWire, type Paging,
} from './serialize';
import type { SimExpense, SimUser } from './store';

const ORDER_FIELDS = ['amount', 'category', 'created_at', 'date', 'notes', 'vendor_name'] as const;
type OrderField = (typeof ORDER_FIELDS)[number];

function csv(value: string | null): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function truthy(value: string | null): boolean {
  return value === 'true' || value === '1';
}

function parseTime(value: string): number | null {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * The listing's default scope: the user's own expenses; archived projects only when asked; and
 * only internal projects unless `on_my_account=false` (documented default true: "On my account
 * false will include internal and external expenses").
 */
function visible(ctx: SimContext, user: SimUser, opts: { fromArchived: boolean; onMyAccount: boolean }): SimExpense[] {
  return [...ctx.store.expenses.values()].filter((e) => {
    if (e.user_id !== user.id) return false;
    const ws = ctx.store.workspaces.get(e.workspace_id);
    if (opts.onMyAccount && ws && !ws.onMyAccount) return false;
    return opts.fromArchived || !ws?.archived;
  });
}

function falsy(value: string | null): boolean {
  return value === 'false' || value === '0';
}

function sortKey(ctx: SimContext, e: SimExpense, field: OrderField): string | number {
  switch (field) {
    case 'amount': return e.amount_in_cents;
    case 'category': return e.category.toLowerCase();
    case 'created_at': return Date.parse(e.created_at);
    case 'date': return e.date;
    case 'notes': return (e.notes ?? '').toLowerCase();
    case 'vendor_name': return (e.vendor_id ? ctx.store.vendors.get(e.vendor_id)?.name ?? '' : '').toLowerCase();
  }
}

/** Sorts by a documented order (invalid orders fall back to date:desc), with an id tiebreak. */
function sortExpenses(ctx: SimContext, list: SimExpense[], order: string | null): SimExpense[] {
  const [rawField, rawDir] = (order ?? '').split(':');
  const valid = (ORDER_FIELDS as readonly string[]).includes(rawField ?? '') && (rawDir === 'asc' || rawDir === 'desc' || rawDir === undefined);
  const field: OrderField = valid ? (rawField as OrderField) : 'date';
  const dir = valid ? (rawDir === 'desc' ? -1 : 1) : -1;
  const keyed = list.map((e) => ({ e, key: sortKey(ctx, e, field), id: Number(e.id) }));
  keyed.sort((a, b) => {
    if (a.key < b.key) return -dir;
    if (a.key > b.key) return dir;
    return a.id - b.id;
  });
  return keyed.map((k) => k.e);
}

function timeFilter(ctx: SimContext, q: URLSearchParams, name: string): { ms: number } | null | 'invalid' {
  const raw = q.get(name);
  if (raw === null || raw === '') return null;
  const ms = parseTime(raw);
  return ms === null ? 'invalid' : { ms };
}

/** updated_after/updated_before/created_after on any record with those fields. */
export function applyTimeFilters<T extends { updated_at: string; created_at?: string }>(
  ctx: SimContext, q: URLSearchParams, list: T[], names: string[],
): T[] | ApiResponse {
  const incl = ctx.switches.inclusiveTimeFilters;
  let out = list;
  for (const name of names) {
    const f = timeFilter(ctx, q, name);
    if (f === null) continue;
    if (f === 'invalid') return systemError(400, `Invalid ${name}: expected an ISO-8601 time`);
    out = out.filter((r) => {
      const t = Date.parse(name.startsWith('created') ? (r.created_at ?? r.updated_at) : r.updated_at);
      return name.endsWith('_after') ? (incl ? t >= f.ms : t > f.ms) : (incl ? t <= f.ms : t < f.ms);
    });
  }
  return out;
}

export function expenseEnvelope(ctx: SimContext, req: ApiRequest, list: SimExpense[], paging: Paging | null): ApiResponse {
  const includes = new Set(csv(req.query.get('include')));
  const optional = new Set(csv(req.query.get('optional_fields')).concat(req.query.getAll('optional_fields[]')));
  const view = {
    userCanEdit: optional.has('user_can_edit'), withExternalReferenceIds: includes.has('external_references'),
    foreignAmountValueAs: ctx.switches.foreignAmountValueAs,
  };
  const env = new EnvelopeBuilder('expenses').primary(list, paging, (e) => expenseToWire(ctx.store, e, view));
  const { store } = ctx;
  for (const id of env.pageIds()) {
    const e = store.expenses.get(id);
    if (!e) continue;
    if (includes.has('workspace')) {
      const ws = store.workspaces.get(e.workspace_id);
      if (ws) env.side('workspaces', ws.id, workspaceToWire(ws));
    }
    if (includes.has('expense_category') && e.expense_category_id) {
      const c = store.categories.get(e.expense_category_id);
      if (c) env.side('expense_categories', c.id, { ...c });
    }
    if (includes.has('vendor') && e.vendor_id) {
      const v = store.vendors.get(e.vendor_id);
      if (v) env.side('vendors', v.id, { ...v });
    }
    if (includes.has('receipt') && e.receipt_id) {
      const a = store.attachments.get(e.receipt_id);
      if (a) env.side('attachments', a.id, attachmentToWire(a));
    }
    if (includes.has('external_references')) {
      for (const r of store.referencesOf(e.id)) env.side('external_references', r.id, { ...r });
    }
    if (includes.has('user')) {
      const u = store.users.get(e.user_id);
      if (u) env.side('users', u.id, userToWire(u));
    }
    if (includes.has('story') && e.story_id) {
      const s = store.stories.get(e.story_id);
      if (s) env.side('stories', s.id, { ...s });
    }
    if (includes.has('expense_budget') && e.expense_budget_id) {
      const b = store.budgets.get(e.expense_budget_id);
      if (b) env.side('expense_budgets', b.id, { ...b });
    }
  }
  return { status: 200, body: env.build() };
}

/** The parameters that decide which expenses a listing holds and in what order (not the page). */
const LISTING_PARAMS = [
  'from_archived_workspaces', 'on_my_account', 'only', 'updated_after', 'updated_before', 'created_after', 'created_before',
  'workspace_id', 'date_expensed_between', 'external_reference_service_name', 'external_reference_service_model_refs', 'order',
];

export function listExpenses(ctx: SimContext, req: ApiRequest): ApiResponse {
  const q = req.query;
  const only = csv(q.get('only'));
  const key = JSON.stringify([req.user.id, ctx.switches.inclusiveTimeFilters, ...LISTING_PARAMS.map((name) => q.get(name))]);
  let failure: ApiResponse | null = null;
  // Every page of one listing is the same filtered, sorted list: compute it once per store version.
  const list = ctx.store.cachedListing(key, () => {
    const result = filterExpenses(ctx, req, only);
    if (Array.isArray(result)) return result;
    failure = result;
    return null;
  });
  if (list === null) return failure!;
  // `only` answers every requested id at once: no paging.
  return expenseEnvelope(ctx, req, list, only.length > 0 ? null : pagingFrom(q));
}

function filterExpenses(ctx: SimContext, req: ApiRequest, only: string[]): SimExpense[] | ApiResponse {
  const q = req.query;
  let list = visible(ctx, req.user, {
    fromArchived: truthy(q.get('from_archived_workspaces')), onMyAccount: !falsy(q.get('on_my_account')),
  });

  if (only.length > 0) list = list.filter((e) => only.includes(e.id));

  const filtered = applyTimeFilters(ctx, q, list, ['updated_after', 'updated_before', 'created_after', 'created_before']);
  if (!Array.isArray(filtered)) return filtered;
  list = filtered;

  const workspaceId = q.get('workspace_id');
  if (workspaceId) list = list.filter((e) => e.workspace_id === workspaceId);

  const between = q.get('date_expensed_between');
  if (between) {
    const [from, to] = between.split(':');
    if (!isIsoDate(from) || !isIsoDate(to)) return systemError(400, 'date_expensed_between must be YYYY-MM-DD:YYYY-MM-DD');
    list = list.filter((e) => e.date >= from && e.date <= to);
  }

  const serviceName = q.get('external_reference_service_name');
  const refs = csv(q.get('external_reference_service_model_refs'));
  if (refs.length > 200) {
    return validationError([{ type: 'validation', field: 'external_reference_service_model_refs', message: 'At most 200 refs per request' }]);
  }
  if (serviceName || refs.length > 0) {
    list = list.filter((e) => ctx.store.referencesOf(e.id).some(
      (r) => (!serviceName || r.service_name === serviceName) && (refs.length === 0 || refs.includes(r.service_model_ref)),
    ));
  }

  return sortExpenses(ctx, list, q.get('order'));
}

function findVisible(ctx: SimContext, req: ApiRequest, id: string, fromArchived: boolean): SimExpense | undefined {
  const e = ctx.store.expenses.get(id);
  if (!e || e.user_id !== req.user.id) return undefined;
  if (!fromArchived && ctx.store.workspaces.get(e.workspace_id)?.archived) return undefined;
  return e;
}

function notFound(id: string): ApiResponse {
  return systemError(404, `Expense ${id} not found`);
}

export function showExpense(ctx: SimContext, req: ApiRequest, id: string): ApiResponse {
  const e = findVisible(ctx, req, id, truthy(req.query.get('from_archived_workspaces')));
  if (!e) return notFound(id);
  return expenseEnvelope(ctx, req, [e], null);
}

function bodyObject(req: ApiRequest): Record<string, unknown> | null {
  return typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : null;
}

export function createExpenses(ctx: SimContext, req: ApiRequest): ApiResponse {
  const body = bodyObject(req);
  const bulk = body && Array.isArray(body.expenses) ? (body.expenses as ExpenseInput[]) : null;
  const single = body && typeof body.expense === 'object' && body.expense !== null ? (body.expense as ExpenseInput) : null;
  if (!bulk && !single) {
    return systemError(400, 'Expected {"expense": {...}} or {"expenses": [...]}');
  }
  if (bulk && bulk.length > 100) {
    return validationError([{ type: 'validation', field: 'base', message: `Bulk create accepts at most 100 expenses, got ${bulk.length}` }]);
  }
  if (bulk && bulk.length === 0) {
    return validationError([{ type: 'validation', field: 'base', message: 'No expenses given' }]);
  }
  const items = bulk ?? [single!];
  const perItem = items.map((item, i) => ctx.rules.validate(req.user, item, null, bulk ? i : undefined));
  const errors: ApiError[] = ctx.switches.bulkErrorIndex ? perItem.flat() : perItem.flat().map(({ index: _index, ...rest }) => rest);
  if (errors.length > 0 && !(bulk && ctx.switches.bulkPartialSuccess)) return validationError(errors);
  const created: SimExpense[] = [];
  items.forEach((item, i) => {
    if (perItem[i]!.length === 0) created.push(ctx.rules.create(req.user, item));
  });
  if (created.length === 0) return validationError(errors);
  const res = expenseEnvelope(ctx, req, created, null);
  // Partial success: 200 with the created ones, plus the per-item errors of the others.
  if (errors.length > 0) (res.body as Record<string, unknown>).errors = errors;
  return res;
}

function lockedResponse(ctx: SimContext, id: string, action: string): ApiResponse {
  const message = `Expense ${id} is submitted, approved or invoiced and cannot be ${action}`;
  if (ctx.switches.lockedStatus === 403) return systemError(403, message);
  return validationError([{ type: 'validation', field: 'base', message }]);
}

export function updateExpense(ctx: SimContext, req: ApiRequest, id: string): ApiResponse {
  const e = findVisible(ctx, req, id, true);
  if (!e) return notFound(id);
  const body = bodyObject(req);
  const input = body && typeof body.expense === 'object' && body.expense !== null ? (body.expense as ExpenseInput) : null;
  if (!input) return systemError(400, 'Expected {"expense": {...}}');
  if (ctx.rules.isLocked(e)) return lockedResponse(ctx, id, 'edited');
  const errors = ctx.rules.validate(req.user, input, e);
  if (errors.length > 0) return validationError(errors);
  ctx.rules.update(e, input);
  return expenseEnvelope(ctx, req, [e], null);
}

export function deleteExpense(ctx: SimContext, req: ApiRequest, id: string): ApiResponse {
  const e = findVisible(ctx, req, id, true);
  if (!e) return notFound(id);
  if (ctx.rules.isLocked(e)) return lockedResponse(ctx, id, 'deleted');
  ctx.rules.delete(e);
  return { status: 204 };
}

/** DELETE /expenses?ids=1,2 or body {"ids":"1,2"}: at most 100, all-or-nothing, naming each failure and why. */
export function bulkDeleteExpenses(ctx: SimContext, req: ApiRequest): ApiResponse {
  const body = bodyObject(req);
  const fromBody = body?.ids;
  const ids = req.query.get('ids') !== null
    ? csv(req.query.get('ids'))
    : Array.isArray(fromBody) ? fromBody.map(String) : typeof fromBody === 'string' || typeof fromBody === 'number' ? csv(String(fromBody)) : [];
  if (ids.length === 0) return validationError([{ type: 'validation', field: 'ids', message: 'No ids given' }]);
  if (ids.length > 100) {
    return validationError([{ type: 'validation', field: 'ids', message: `Bulk delete accepts at most 100 ids, got ${ids.length}` }]);
  }
  const errors: ApiError[] = [];
  const targets: SimExpense[] = [];
  for (const id of ids) {
    const e = findVisible(ctx, req, id, true);
    if (!e) errors.push({ type: 'validation', field: 'base', message: `Expense ${id} could not be deleted: not found` });
    else if (ctx.rules.isLocked(e)) errors.push({ type: 'validation', field: 'base', message: `Expense ${id} could not be deleted: it is submitted, approved or invoiced` });
    else targets.push(e);
  }
  if (errors.length > 0) return validationError(errors);
  for (const e of targets) ctx.rules.delete(e);
  // The OpenAPI file documents 200 with the deleted ids as integers (unlike ids elsewhere).
  return { status: 200, body: { deleted: targets.map((e) => Number(e.id)) } };
}
