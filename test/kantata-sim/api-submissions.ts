import type { ApiResolution, ApiSubmission } from '@shared/kantata/wire';
import { applyTimeFilters } from './api-expenses';
import { systemError, validationError, type ApiRequest, type ApiResponse, type SimContext } from './context';
import {
  EnvelopeBuilder, currencyBaseUnit, currencySymbol, expenseToWire, pagingFrom, userToWire, workspaceToWire,
} from './serialize';
import type { SimResolution, SimSubmission } from './store';
import type { ResolutionType, SubmissionInput } from './submissions';

/** GET/POST /expense_report_submissions, GET one, PUT approve/reject/cancel (mavenlink-expense-report-submissions-api-openapi.yml). */

function csv(value: string | null): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

const truthy = (v: string | null): boolean => v === 'true' || v === '1';

/** The `statuses` filter's words: 'new' is the open status (the schema calls it 'pending'; both are taken). */
function statusFilter(word: string): SimSubmission['status'] | null {
  if (word === 'new' || word === 'pending') return 'pending';
  if (word === 'approved' || word === 'rejected' || word === 'cancelled') return word;
  return null;
}

export function submissionToWire(ctx: SimContext, s: SimSubmission, includes: ReadonlySet<string>, viewer: string): ApiSubmission {
  const ws = ctx.store.workspaces.get(s.workspace_id);
  const currency = ws?.currency ?? 'USD';
  const base = currencyBaseUnit(currency);
  const total = s.expense_ids.reduce((sum, id) => sum + (ctx.store.expenses.get(id)?.amount_in_cents ?? 0), 0);
  const current = s.resolutions.at(-1);
  const open = s.status === 'pending';
  const own = s.user_id === viewer;
  const out: ApiSubmission = {
    id: s.id,
    title: s.title,
    comment: s.comment,
    status: open ? ctx.switches.submissionOpenStatus : s.status,
    type: 'ExpenseReportSubmission',
    currency,
    currency_symbol: currencySymbol(currency),
    currency_base_unit: base,
    line_item_total_in_cents: total,
    line_item_total_formatted: `${currencySymbol(currency)}${(total / base).toFixed(Math.round(Math.log10(base)))}`,
    locked: !open,
    permissions: {
      can_cancel_submission: open && own, can_approve_submission: open && !own, can_reject_submission: open && !own,
      can_resubmit_submission: s.status === 'rejected' && own,
    },
    resolution_description: current?.description ?? null,
    current_resolution_description: current?.description ?? null,
    current_resolution_created_at_date: current?.created_at ?? null,
    current_resolution_creator_id: current ? Number(current.user_id) : null,
    created_at: s.created_at,
    updated_at: s.updated_at,
  };
  if (includes.has('expenses')) out.expense_ids = [...s.expense_ids];
  if (includes.has('resolutions')) out.resolution_ids = s.resolutions.map((r) => r.id);
  if (includes.has('external_references')) out.external_reference_ids = s.references.map((r) => r.id);
  if (includes.has('workspace')) out.workspace_id = s.workspace_id;
  if (includes.has('user')) out.user_id = s.user_id;
  return out;
}

function resolutionToWire(s: SimSubmission, r: SimResolution): ApiResolution {
  return { ...r, target_id: s.id, target_type: 'ExpenseReportSubmission' };
}

function envelope(ctx: SimContext, req: ApiRequest, list: SimSubmission[], paged: boolean): ApiResponse {
  const includes = new Set(csv(req.query.get('include')));
  const env = new EnvelopeBuilder('expense_report_submissions').primary(list, paged ? pagingFrom(req.query) : null, (s) => submissionToWire(ctx, s, includes, req.user.id));
  const { store } = ctx;
  const view = { userCanEdit: true, withExternalReferenceIds: false, foreignAmountValueAs: ctx.switches.foreignAmountValueAs };
  for (const id of env.pageIds()) {
    const s = store.submissions.get(id)!;
    if (includes.has('expenses')) {
      for (const eid of s.expense_ids) {
        const e = store.expenses.get(eid);
        if (e) env.side('expenses', e.id, expenseToWire(store, e, view));
      }
    }
    if (includes.has('resolutions')) for (const r of s.resolutions) env.side('resolutions', r.id, resolutionToWire(s, r));
    if (includes.has('external_references')) for (const r of s.references) env.side('external_references', r.id, { ...r });
    if (includes.has('workspace')) {
      const ws = store.workspaces.get(s.workspace_id);
      if (ws) env.side('workspaces', ws.id, workspaceToWire(ws));
    }
    if (includes.has('user')) {
      const u = store.users.get(s.user_id);
      if (u) env.side('users', u.id, userToWire(u));
    }
  }
  return { status: 200, body: env.build() };
}

export function listSubmissions(ctx: SimContext, req: ApiRequest): ApiResponse {
  const q = req.query;
  let list = [...ctx.store.submissions.values()];
  const userIds = csv(q.get('user_ids'));
  if (!truthy(q.get('all_on_account'))) list = list.filter((s) => s.user_id === req.user.id);
  if (userIds.length > 0) list = list.filter((s) => userIds.includes(s.user_id));
  const only = csv(q.get('only'));
  if (only.length > 0) list = list.filter((s) => only.includes(s.id));
  const statuses = csv(q.get('statuses'));
  if (statuses.length > 0) {
    const wanted = statuses.map(statusFilter);
    if (wanted.includes(null)) return systemError(400, `Invalid statuses: valid values are new, cancelled, rejected and approved`);
    list = list.filter((s) => wanted.includes(s.status));
  }
  if (truthy(q.get('active'))) list = list.filter((s) => s.status === 'pending');
  if (truthy(q.get('not_cancelled'))) list = list.filter((s) => s.status !== 'cancelled');
  const workspaceIds = [...csv(q.get('workspace_ids')), ...csv(q.get('workspace_id'))];
  if (workspaceIds.length > 0) list = list.filter((s) => workspaceIds.includes(s.workspace_id));
  const serviceName = q.get('external_reference_service_name');
  const refs = csv(q.get('external_reference_service_model_refs'));
  if (refs.length > 200) return validationError([{ type: 'validation', field: 'external_reference_service_model_refs', message: 'At most 200 refs per request' }]);
  if (serviceName || refs.length > 0) {
    list = list.filter((s) => s.references.some((r) => (!serviceName || r.service_name === serviceName) && (refs.length === 0 || refs.includes(r.service_model_ref))));
  }
  const timed = applyTimeFilters(ctx, q, list, ['updated_after', 'updated_before', 'created_after', 'created_before']);
  if (!Array.isArray(timed)) return timed;
  const [field, dir] = (q.get('order') ?? 'created_at:desc').split(':');
  const sign = dir === 'asc' ? 1 : -1;
  const key = (s: SimSubmission): string | number => (field === 'title' ? s.title.toLowerCase() : field === 'status' ? s.status : Date.parse(s.created_at));
  const sorted = timed.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return ka < kb ? -sign : sign;
    return (Number(a.id) - Number(b.id)) * sign;
  });
  return envelope(ctx, req, sorted, only.length === 0);
}

function findOwnOrApprovable(ctx: SimContext, id: string): SimSubmission | undefined {
  return ctx.store.submissions.get(id);
}

export function showSubmission(ctx: SimContext, req: ApiRequest, id: string): ApiResponse {
  const s = findOwnOrApprovable(ctx, id);
  if (!s || s.user_id !== req.user.id) return systemError(404, `Expense report submission ${id} not found`);
  return envelope(ctx, req, [s], false);
}

export function createSubmission(ctx: SimContext, req: ApiRequest): ApiResponse {
  const body = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : null;
  const input = body?.expense_report_submission;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return systemError(400, 'Expected {"expense_report_submission": {...}}');
  }
  const made = ctx.submissionRules.submit(req.user, input as SubmissionInput);
  if (Array.isArray(made)) return validationError(made);
  return envelope(ctx, req, [made], false);
}

function resolveBy(type: ResolutionType) {
  return (ctx: SimContext, req: ApiRequest, id: string): ApiResponse => {
    const s = findOwnOrApprovable(ctx, id);
    if (!s) return systemError(404, `Expense report submission ${id} not found`);
    const body = typeof req.body === 'object' && req.body !== null ? (req.body as { resolution?: { description?: unknown } }) : {};
    const description = typeof body.resolution?.description === 'string' ? body.resolution.description : null;
    const out = ctx.submissionRules.resolve(s, req.user, type, description);
    if ('message' in out) {
      return out.status === 403 ? systemError(403, out.message) : validationError([{ type: 'validation', field: 'base', message: out.message }]);
    }
    return envelope(ctx, req, [out], false);
  };
}

export const approveSubmission = resolveBy('approval');
export const rejectSubmission = resolveBy('rejection');
export const cancelSubmission = resolveBy('cancellation');
