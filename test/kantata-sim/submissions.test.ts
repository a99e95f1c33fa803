import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiEnvelope, ApiSubmission } from '@shared/kantata/wire';
import { advanceClock, startTestSim, type SimClient } from './helpers';
import { declaredProperties, requestValidator, responseValidator } from './openapi';

/**
 * Expense report submissions: each response checked against the OpenAPI response schema of its
 * operation and status, each request body this file sends against the documented request body,
 * and the behaviour the app relies on (locks, unlocks, status filters, updated_after).
 */
const F = 'mavenlink-expense-report-submissions-api-openapi.yml';
let c: SimClient;
let ws: string;
let other: string;
let travel: string;
let approver: string;

beforeAll(async () => {
  c = await startTestSim({ seed: 'empty' });
  ws = c.sim.admin.addWorkspace({ title: 'Berlin', currency: 'EUR' }).id;
  other = c.sim.admin.addWorkspace({ title: 'Paris', currency: 'EUR' }).id;
  travel = c.sim.admin.state().categories.find((x) => x.name === 'Travel')!.id;
  approver = c.sim.admin.addUser('Anna Approver').user.id;
});
afterAll(() => c.sim.close());
beforeEach(() => c.sim.admin.setOption('submissionOpenStatus', 'pending'));

function expense(workspace = ws, cents = 1000): string {
  return c.sim.admin.addExpense(c.sim.userId, { workspace_id: workspace, date: '2026-11-03', expense_category_id: travel, category: 'Travel', amount_in_cents: cents }).id;
}

type Body = ApiEnvelope & Record<string, Record<string, Record<string, unknown>>>;

async function call(specPath: string, method: string, path: string, body?: unknown, expectStatus = 200): Promise<Body> {
  if (body !== undefined) {
    const validateRequest = requestValidator(F, specPath, method);
    validateRequest(body);
    expect(validateRequest.errors ?? [], 'request body conforms').toEqual([]);
  }
  const res = await c.json(path, { method, ...(body !== undefined && { body: JSON.stringify(body) }) });
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(expectStatus);
  const validate = responseValidator(F, specPath, method, expectStatus);
  validate(res.body);
  expect(validate.errors ?? [], JSON.stringify(res.body).slice(0, 400)).toEqual([]);
  return res.body as Body;
}

function onlyDeclared(records: Record<string, Record<string, unknown>>, schema: string) {
  const declared = new Set([...declaredProperties(F, schema), 'id']);
  for (const record of Object.values(records)) expect(Object.keys(record).filter((k) => !declared.has(k))).toEqual([]);
}

async function submit(ids: string[], extra: Record<string, unknown> = {}): Promise<ApiSubmission> {
  const body = await call('/expense_report_submissions', 'POST', '/expense_report_submissions?include=expenses,resolutions,workspace,external_references', {
    expense_report_submission: { workspace_id: Number(ws), title: 'Berlin trip, 3-7 Nov', line_item_ids: ids.map(Number), ...extra },
  });
  const id = body.results[0]!.id;
  return body.expense_report_submissions![id] as unknown as ApiSubmission;
}

const editable = (id: string): boolean => c.sim.admin.getExpense(id)!.user_can_edit !== false;

describe('contract: expense report submissions', () => {
  it('POST creates a pending submission holding the expenses, with its external reference; they are locked', async () => {
    const ids = [expense(ws, 1250), expense(ws, 3000)];
    const sub = await submit(ids, { comment: 'Client visit', external_reference: { service_name: 'expense-courier', service_model: 'ExpenseReportSubmission', service_model_ref: 'client-1' } });
    expect(sub).toMatchObject({ status: 'pending', title: 'Berlin trip, 3-7 Nov', comment: 'Client visit', currency: 'EUR', line_item_total_in_cents: 4250, workspace_id: ws, expense_ids: ids });
    expect(sub.external_reference_ids).toHaveLength(1);
    expect(sub.permissions).toMatchObject({ can_cancel_submission: true, can_approve_submission: false });
    expect(ids.map(editable)).toEqual([false, false]);
    expect(c.sim.admin.getExpense(ids[0]!)!.active_submission_id).toBe(sub.id);
  });

  it('GET lists with every include; fields are the declared ones', async () => {
    await submit([expense()]);
    const body = await call('/expense_report_submissions', 'GET', '/expense_report_submissions?include=expenses,resolutions,workspace,external_references,user&per_page=200');
    expect(body.results.length).toBeGreaterThan(0);
    onlyDeclared(body.expense_report_submissions!, 'ExpenseReportSubmission');
    expect(Object.keys(body.expenses ?? {}).length).toBeGreaterThan(0);
  });

  it('GET one; 404 for another user\'s', async () => {
    const sub = await submit([expense()]);
    await call('/expense_report_submissions/{id}', 'GET', `/expense_report_submissions/${sub.id}`);
    await call('/expense_report_submissions/{id}', 'GET', '/expense_report_submissions/1', undefined, 404);
  });

  it('an expense already submitted: 422 naming it, nothing created', async () => {
    const id = expense();
    await submit([id]);
    const before = c.sim.admin.listSubmissions().length;
    const body = await call('/expense_report_submissions', 'POST', '/expense_report_submissions', {
      expense_report_submission: { workspace_id: Number(ws), title: 'Again', line_item_ids: [Number(id)] },
    }, 422) as unknown as { errors: Array<{ message: string }> };
    expect(body.errors[0]!.message).toBe(`Expense ${id} has already been submitted`);
    expect(c.sim.admin.listSubmissions()).toHaveLength(before);
  });

  it('expenses of two projects, no title, an archived project: 422 each with the reason', async () => {
    const mixed = await call('/expense_report_submissions', 'POST', '/expense_report_submissions', {
      expense_report_submission: { workspace_id: Number(ws), title: 'Mixed', line_item_ids: [Number(expense()), Number(expense(other))] },
    }, 422) as unknown as { errors: Array<{ message: string }> };
    expect(mixed.errors.map((e) => e.message).join()).toMatch(/another project/);
    const untitled = await call('/expense_report_submissions', 'POST', '/expense_report_submissions', {
      expense_report_submission: { workspace_id: Number(ws), title: ' ', line_item_ids: [Number(expense())] },
    }, 422) as unknown as { errors: Array<{ message: string }> };
    expect(untitled.errors.map((e) => e.message)).toEqual(["Title can't be blank"]);
    const closed = c.sim.admin.addWorkspace({ title: 'Closed', canCreateLineItems: true });
    const inClosed = expense(closed.id);
    c.sim.admin.updateWorkspace(closed.id, { archived: true });
    const archived = await call('/expense_report_submissions', 'POST', '/expense_report_submissions', {
      expense_report_submission: { workspace_id: Number(closed.id), title: 'x', line_item_ids: [Number(inClosed)] },
    }, 422) as unknown as { errors: Array<{ message: string }> };
    expect(archived.errors.map((e) => e.message)).toEqual(['Expenses in this project cannot be submitted']);
  });

  it('cancel by the submitter unlocks; cancelling again is a 422', async () => {
    const id = expense();
    const sub = await submit([id]);
    const body = await call('/expense_report_submissions/{id}/cancel', 'PUT', `/expense_report_submissions/${sub.id}/cancel?include=resolutions`, { resolution: { description: 'Wrong trip' } });
    expect(body.expense_report_submissions![sub.id]).toMatchObject({ status: 'cancelled', current_resolution_description: 'Wrong trip' });
    onlyDeclared(body.resolutions!, 'Resolution');
    expect(editable(id)).toBe(true);
    await call('/expense_report_submissions/{id}/cancel', 'PUT', `/expense_report_submissions/${sub.id}/cancel`, { resolution: { description: 'again' } }, 422);
  });

  it('the submitter cannot approve or reject; another user (an approver) can', async () => {
    const [a, b] = [expense(), expense()];
    const first = await submit([a]);
    await call('/expense_report_submissions/{id}/approve', 'PUT', `/expense_report_submissions/${first.id}/approve`, { resolution: { description: 'ok' } }, 403);
    const approved = c.sim.admin.actAs(approver).resolveSubmission(first.id, 'approval', 'Fine');
    expect(approved).toMatchObject({ status: 'approved', resolution_description: 'Fine' });
    expect(editable(a)).toBe(false);
    const second = await submit([b]);
    const rejected = c.sim.admin.actAs(approver).resolveSubmission(second.id, 'rejection', 'Missing receipt for the taxi');
    expect(rejected).toMatchObject({ status: 'rejected', current_resolution_description: 'Missing receipt for the taxi' });
    expect(editable(b)).toBe(true);
    // A rejected expense can be submitted again.
    await submit([b]);
  });

  it('statuses takes "new" and "pending" alike; the open status can be sent as "new" (switch)', async () => {
    const sub = await submit([expense()]);
    for (const word of ['new', 'pending']) {
      const body = await call('/expense_report_submissions', 'GET', `/expense_report_submissions?statuses=${word}&per_page=200`);
      expect(body.results.map((r) => r.id)).toContain(sub.id);
    }
    const approvedOnly = await call('/expense_report_submissions', 'GET', '/expense_report_submissions?statuses=approved,rejected&per_page=200');
    expect(approvedOnly.results.map((r) => r.id)).not.toContain(sub.id);
    c.sim.admin.setOption('submissionOpenStatus', 'new');
    const body = await call('/expense_report_submissions/{id}', 'GET', `/expense_report_submissions/${sub.id}`);
    expect(body.expense_report_submissions![sub.id]!.status).toBe('new');
  });

  it('updated_after shows only what changed since; found by external reference', async () => {
    const sub = await submit([expense()], { external_reference: { service_name: 'expense-courier', service_model: 'ExpenseReportSubmission', service_model_ref: 'client-77' } });
    advanceClock(c.sim, 2000);
    const since = new Date(c.sim.admin.now()).toISOString();
    advanceClock(c.sim, 2000);
    expect((await call('/expense_report_submissions', 'GET', `/expense_report_submissions?updated_after=${since}`)).results).toEqual([]);
    c.sim.admin.actAs(approver).resolveSubmission(sub.id, 'approval');
    expect((await call('/expense_report_submissions', 'GET', `/expense_report_submissions?updated_after=${since}`)).results.map((r) => r.id)).toEqual([sub.id]);
    const found = await call('/expense_report_submissions', 'GET', '/expense_report_submissions?external_reference_service_name=expense-courier&external_reference_service_model_refs=client-77,other');
    expect(found.results.map((r) => r.id)).toEqual([sub.id]);
    expect(c.sim.admin.undocumentedParamUses()).toEqual([]);
  });
});
