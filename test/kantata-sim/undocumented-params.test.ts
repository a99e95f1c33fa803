import { beforeEach, describe, expect, it } from 'vitest';
import type { SimClient } from './helpers';
import type { RequestLogEntry } from './index';
import type { World } from './world';
import { withTestSim } from './test-sim';

/**
 * Every logged API request names the query parameters Kantata's OpenAPI files do not document for
 * its operation, so tests can assert that a client relies only on documented ones.
 */

let c: SimClient;
let w: World;
withTestSim({ seed: 'empty' }, (started) => void ({ c, w } = started));
beforeEach(() => c.sim.admin.clearRequestLog());

const last = (): RequestLogEntry => c.sim.admin.requestLog().at(-1)!;

describe('undocumented query parameters', () => {
  it('flags from_archived_workspaces on POST /expenses (documented there: include, optional_fields)', async () => {
    const r = await c.api('/expenses?from_archived_workspaces=true&include=workspace', { method: 'POST', body: JSON.stringify({ expense: w.fields() }) });
    expect(r.status).toBe(200);
    expect(last()).toMatchObject({ operation: 'POST /expenses', undocumentedParams: ['from_archived_workspaces'] });
    expect(c.sim.admin.undocumentedParamUses().map((e) => e.seq)).toEqual([last().seq]);
  });

  it('does not flag on_my_account and include on GET /expenses', async () => {
    await c.api('/expenses?on_my_account=false&include=external_references');
    expect(last()).toMatchObject({ operation: 'GET /expenses', undocumentedParams: [] });
    expect(c.sim.admin.undocumentedParamUses()).toEqual([]);
  });

  it.each([
    ['GET', '/expenses.json?bogus=1&per_page=2', 'GET /expenses', ['bogus']],
    ['GET', '/expenses/1001?optional_fields[]=user_can_edit&include=workspace', 'GET /expenses/{id}', []],
    ['PUT', '/expenses/1001?include=workspace&from_archived_workspaces=true', 'PUT /expenses/{id}', ['from_archived_workspaces']],
    ['DELETE', '/expenses?ids=999999', 'DELETE /expenses', []],
    ['DELETE', '/expenses?ids=999999&only=999999', 'DELETE /expenses', ['only']],
    ['DELETE', '/expenses/999999?include=workspace', 'DELETE /expenses/{id}', ['include']],
    ['GET', '/users/me?include=x', 'GET /users/me', []],
    ['GET', '/workspaces?can_create_line_items=true&include_archived=true&updated_after=2026-01-01T00:00:00Z', 'GET /workspaces', []],
    ['GET', '/workspaces/301?from_archived_workspaces=true', 'GET /workspaces/{id}', ['from_archived_workspaces']],
    ['GET', '/expense_categories?only_active=false&updated_after=2026-01-01', 'GET /expense_categories', ['updated_after']],
    ['GET', '/vendors?archived=false', 'GET /vendors', []],
    ['GET', '/expense_budgets?workspace_id=302&updated_after=2026-01-01T00:00:00Z', 'GET /expense_budgets', []],
    ['GET', '/external_references?subject_type=Expense&service_name=a&service_model_ref=b', 'GET /external_references', []],
    ['PUT', '/attachments/5001/sync?x=1', 'PUT /attachments/{id}/sync', ['x']],
  ] as const)('%s %s → %s %j', async (method, path, operation, undocumented) => {
    await c.api(path, { method, ...(method === 'PUT' ? { body: JSON.stringify({ expense: { notes: 'x' } }) } : {}) });
    expect(last()).toMatchObject({ operation, undocumentedParams: [...undocumented] });
  });

  it('leaves operations no file documents unjudged (GET /stories, PATCH, unknown routes)', async () => {
    await c.api(`/stories?workspace_id=${w.usd.id}`);
    expect(last()).toMatchObject({ operation: null, undocumentedParams: [] });
    await c.api('/nothing?x=1');
    expect(last()).toMatchObject({ operation: null, undocumentedParams: [] });
  });

  it('checks requests whatever their outcome (401, faults), and is served over HTTP', async () => {
    await c.api('/expenses?from_archived_workspaces=true', { method: 'POST', token: 'wrong', body: '{}' });
    expect(last()).toMatchObject({ status: 401, undocumentedParams: ['from_archived_workspaces'] });
    const log = (await (await fetch(`${c.sim.adminUrl}/requests`)).json()) as RequestLogEntry[];
    expect(log.at(-1)!.undocumentedParams).toEqual(['from_archived_workspaces']);
    const uses = (await (await fetch(`${c.sim.adminUrl}/requests/undocumented-params`)).json()) as RequestLogEntry[];
    expect(uses.map((e) => e.seq)).toEqual([last().seq]);
  });
});
