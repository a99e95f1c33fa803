import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Device } from '../support/node/device';
import { KantataClient } from '../../src/main/core/kantata/client';
import { SERVER_REQUEST_LIMIT_MS, SyncEngine } from '../../src/main/core/sync/engine';
import { SubmitBlockedError } from '@renderer/submissions/repo';
import { ExpenseLockedError } from '@renderer/db/expenses-repo';
import { requestValidator } from '../kantata-sim/openapi';
import { requests, serverExpenses, startWorld, type SimWorld } from './support';

/**
 * Expense report submissions end to end: the renderer's real data layer (Device) and the real
 * engine against the simulator over HTTP.
 */
const F = 'mavenlink-expense-report-submissions-api-openapi.yml';
let world: SimWorld;
let approver: string;
/** Every JSON body the app sent to the submissions API, by method and path. */
let sentBodies: Array<{ method: string; path: string; body: unknown }>;

beforeEach(async () => {
  world = await startWorld();
  approver = world.sim.admin.addUser('Anna Approver').user.id;
  sentBodies = [];
});
afterEach(async () => {
  await world.close();
});

/** The engine with a client whose requests to the submissions API are recorded (to check them against the OpenAPI file). */
function engine(opts: { now?: () => number } = {}): SyncEngine {
  const recording: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.pathname.includes('/expense_report_submissions') && typeof init?.body === 'string') {
      sentBodies.push({ method: init.method ?? 'GET', path: url.pathname.replace(/^\/api\/v1/, ''), body: JSON.parse(init.body) });
    }
    return fetch(input, init);
  };
  const client = new KantataClient({ baseUrl: world.sim.baseUrl, token: world.sim.token, timeoutMs: 5_000, fetch: recording });
  return new SyncEngine({ client, retry: { baseDelayMs: 20, maxDelayMs: 200, maxRetryAfterMs: 5_000 }, ...opts });
}

function bodiesConform(): void {
  expect(sentBodies.length).toBeGreaterThan(0);
  for (const sent of sentBodies) {
    const specPath = sent.path.replace(/\/\d+\//, '/{id}/');
    const validate = requestValidator(F, specPath, sent.method);
    validate(sent.body);
    expect(validate.errors ?? [], `${sent.method} ${sent.path}`).toEqual([]);
  }
  expect(world.sim.admin.undocumentedParamUses().map((r) => `${r.method} ${r.path}: ${r.undocumentedParams.join(', ')}`)).toEqual([]);
}

const serverSubmissions = () => world.sim.admin.listSubmissions();
const submissionPosts = () => requests(world, { method: 'POST', path: /^\/expense_report_submissions$/ });

async function syncedTrip(device: Device, n = 3): Promise<string[]> {
  const ids = await device.createMany(n, (i) => ({ amountCents: 1000 * (i + 1), date: `2026-11-0${3 + i}` }));
  await device.round(engine());
  return ids;
}

describe('submit for approval', () => {
  it('online: one submission with the expenses, its client id as external reference; the expenses locked on both sides', async () => {
    const device = new Device(world);
    const ids = await syncedTrip(device);
    const queued = await device.submit(ids, 'Berlin, 3-5 Nov', 'Client workshop');
    expect(queued).toMatchObject({ status: 'queued', totalCents: 6000, currency: 'USD' });
    const result = await device.round(engine());
    expect(result.status).toBe('ok');
    expect(result.submissionSettlements).toEqual([expect.objectContaining({ submissionId: queued.id, outcome: 'submitted', settled: true })]);
    const [server] = serverSubmissions();
    expect(serverSubmissions()).toHaveLength(1);
    expect(server).toMatchObject({ title: 'Berlin, 3-5 Nov', comment: 'Client workshop', status: 'pending', line_item_total_in_cents: 6000 });
    expect(world.sim.admin.listSubmissionReferences()).toEqual([expect.objectContaining({ service_name: 'expense-courier', service_model_ref: queued.id })]);
    const remoteIds = await Promise.all(ids.map(async (id) => (await device.row(id)).remoteId));
    expect(new Set(server!.expense_ids)).toEqual(new Set(remoteIds));
    expect(serverExpenses(world).every((e) => e.user_can_edit === false)).toBe(true);
    const local = await device.report(queued.id);
    expect(local).toMatchObject({ status: 'pending', remoteId: server!.id, canCancel: true, syncMessage: null });
    expect(await device.submissionOutbox()).toEqual([]);
    for (const id of ids) expect((await device.row(id)).userCanEdit).toBe(false);
    await expect(device.edit(ids[0]!, { notes: 'changed' })).rejects.toBeInstanceOf(ExpenseLockedError);
    bodiesConform();
  });

  it('offline, then reconnect: queued with the new expenses, sent after their creates in the same round', async () => {
    const device = new Device(world);
    const ids = await device.createMany(2, (i) => ({ amountCents: 500 + i, date: `2026-11-0${3 + i}` }));
    const queued = await device.submit(ids);
    // Held at once, before anything reached Kantata.
    await expect(device.edit(ids[0]!, { notes: 'changed' })).rejects.toBeInstanceOf(ExpenseLockedError);
    const offline = new SyncEngine({ client: new KantataClient({ baseUrl: 'http://127.0.0.1:9/api/v1', token: 't', timeoutMs: 1_000 }), retry: { maxAttempts: 1 } });
    const lost = await device.round(offline);
    expect(lost.status).toBe('offline');
    expect((await device.report(queued.id)).status).toBe('queued');
    expect(await device.submissionOutbox()).toHaveLength(1);
    expect(serverSubmissions()).toEqual([]);

    world.sim.admin.clearRequestLog();
    const back = await device.round(engine());
    expect(back.status).toBe('ok');
    const writes = world.sim.admin.requestLog().filter((r) => r.method === 'POST').map((r) => r.path);
    expect(writes).toEqual(['/expenses', '/expense_report_submissions']);
    expect(serverSubmissions()).toHaveLength(1);
    expect(serverSubmissions()[0]!.expense_ids).toHaveLength(2);
    expect((await device.report(queued.id)).status).toBe('pending');
    bodiesConform();
  });

  it('a dropped answer (committed, then the connection lost): looked up by client id, never sent twice', async () => {
    const device = new Device(world);
    const ids = await syncedTrip(device, 2);
    const queued = await device.submit(ids);
    world.sim.admin.injectFault({ kind: 'commit-then-drop', method: 'POST', pathPattern: '^/expense_report_submissions$', times: 1 });
    world.sim.admin.clearRequestLog();
    const result = await device.round(engine());
    expect(result.submissionSettlements?.[0]).toMatchObject({ outcome: 'submitted', settled: true });
    expect(submissionPosts()).toBe(1);
    expect(serverSubmissions()).toHaveLength(1);
    expect((await device.report(queued.id))).toMatchObject({ status: 'pending', remoteId: serverSubmissions()[0]!.id });
    // A crash before the apply: the replay finds it by its reference instead of sending it again.
    await device.db.submissionOutbox.add({ submissionId: queued.id, kind: 'submit', at: Date.now(), attempts: 1 });
    const replay = await device.round(engine());
    expect(replay.submissionSettlements?.[0]).toMatchObject({ outcome: 'adopted', settled: true });
    expect(submissionPosts()).toBe(1);
    expect(serverSubmissions()).toHaveLength(1);
  });

  it('a connection dropped before Kantata saw it: in doubt, nothing re-sent within the server limit, then sent once', async () => {
    const device = new Device(world);
    const ids = await syncedTrip(device, 1);
    const queued = await device.submit(ids);
    let offset = 0;
    const clocked = engine({ now: () => Date.now() + offset });
    world.sim.admin.injectFault({ kind: 'drop-before', method: 'POST', pathPattern: '^/expense_report_submissions$', times: 1 });
    world.sim.admin.clearRequestLog();
    const first = await device.round(clocked);
    expect(first.submissionSettlements?.[0]).toMatchObject({ outcome: 'pending', settled: false, error: { kind: 'timeout' } });
    expect((await device.report(queued.id)).syncMessage).toMatch(/may still be saving it/);
    const second = await device.round(clocked);
    expect(second.submissionSettlements?.[0]).toMatchObject({ outcome: 'pending', settled: false });
    expect(submissionPosts()).toBe(1);
    offset += SERVER_REQUEST_LIMIT_MS + 60_000;
    const third = await device.round(clocked);
    expect(third.submissionSettlements?.[0]).toMatchObject({ outcome: 'submitted', settled: true });
    expect(submissionPosts()).toBe(2);
    expect(serverSubmissions()).toHaveLength(1);
  });

  it('422 for an expense already submitted (from another device): a settled refusal with Kantata\'s message; the expenses are free again', async () => {
    const device = new Device(world);
    const ids = await syncedTrip(device, 2);
    const remote = (await device.row(ids[0]!)).remoteId!;
    // Submitted elsewhere (Kantata's web app) before this device heard of it.
    world.sim.admin.lockExpense(remote, 'submit');
    const queued = await device.submit(ids);
    const result = await device.round(engine());
    expect(result.submissionSettlements?.[0]).toMatchObject({ outcome: 'error', settled: true, error: { kind: 'validation', message: `Expense ${remote} has already been submitted` } });
    expect(serverSubmissions()).toEqual([]);
    const local = await device.report(queued.id);
    expect(local).toMatchObject({ status: 'refused', syncMessage: `Expense ${remote} has already been submitted` });
    expect(await device.submissionOutbox()).toEqual([]);
    // The one locked in Kantata stays locked (its record says so); the other is editable again, with the reason.
    expect((await device.row(ids[0]!)).userCanEdit).toBe(false);
    const other = await device.row(ids[1]!);
    expect(other.userCanEdit).toBe(true);
    expect(other.syncMessage).toMatch(/was not submitted: Expense \d+ has already been submitted/);
  });

  it('stops before queuing, with every reason: two projects, refused, already in a report, a project that takes none', async () => {
    const device = new Device(world);
    const second = world.sim.admin.addWorkspace({ title: 'Second', currency: 'USD' });
    const ids = await syncedTrip(device, 2);
    const elsewhere = await device.create({ workspaceId: second.id });
    await device.round(engine());
    const mixed = await device.checkSubmit([...ids, elsewhere]);
    expect(mixed.blockers.map((b) => b.reason)).toEqual(['several-projects']);
    await expect(device.submit([...ids, elsewhere])).rejects.toThrow(/one project per report/);
    await device.submit([ids[0]!]);
    const again = await device.checkSubmit(ids);
    expect(again.blockers).toEqual([{ reason: 'already-submitted', expenseIds: [ids[0]] }]);
    world.sim.admin.updateWorkspace(second.id, { archived: true });
    await device.refreshReference(new KantataClient({ baseUrl: world.sim.baseUrl, token: world.sim.token }));
    expect((await device.checkSubmit([elsewhere])).blockers.map((b) => b.reason)).toEqual(['project-not-allowed']);
    await expect(device.submit([ids[1]!], '  ')).rejects.toBeInstanceOf(SubmitBlockedError);
    // Only the one report that passed its checks is queued.
    expect(await device.submissionOutbox()).toHaveLength(1);
    expect((await device.row(ids[1]!)).userCanEdit).toBe(true);
  });
});

describe('following a report', () => {
  async function submitted(device: Device, n = 2): Promise<{ ids: string[]; id: string; remoteId: string }> {
    const ids = await syncedTrip(device, n);
    const queued = await device.submit(ids);
    await device.round(engine());
    const row = await device.report(queued.id);
    return { ids, id: queued.id, remoteId: row.remoteId! };
  }

  it('rejected by the approver: arrives by the pull, the expenses editable again with the reason, a notice', async () => {
    const device = new Device(world);
    const { ids, id, remoteId } = await submitted(device);
    world.sim.admin.actAs(approver).resolveSubmission(remoteId, 'rejection', 'Taxi receipt missing');
    const result = await device.send(engine(), await device.buildRequest());
    const summary = await device.apply(result);
    expect(summary.submissionNotices).toEqual([{ submissionId: id, title: 'Berlin, 3-7 Nov', status: 'rejected', resolution: 'Taxi receipt missing' }]);
    expect(await device.report(id)).toMatchObject({ status: 'rejected', resolution: 'Taxi receipt missing', canCancel: false });
    for (const expenseId of ids) {
      const row = await device.row(expenseId);
      expect(row).toMatchObject({ userCanEdit: true, syncState: 'synced' });
      expect(row.syncMessage).toBe('Report “Berlin, 3-7 Nov” was rejected: Taxi receipt missing. You can edit this expense again.');
    }
    await device.edit(ids[0]!, { notes: 'receipt attached' });
    await device.round(engine());
    expect(serverExpenses(world).some((e) => e.notes === 'receipt attached')).toBe(true);
    // Submitted again: a new report.
    const again = await device.submit(ids, 'Berlin, resubmitted');
    await device.round(engine());
    expect((await device.report(again.id)).status).toBe('pending');
    expect(serverSubmissions()).toHaveLength(2);
  });

  it('approved by the approver: arrives by the pull, a notice, the expenses stay locked', async () => {
    const device = new Device(world);
    const { ids, id, remoteId } = await submitted(device);
    world.sim.admin.actAs(approver).resolveSubmission(remoteId, 'approval', 'Thanks');
    const summary = await device.apply(await device.send(engine(), await device.buildRequest()));
    expect(summary.submissionNotices).toEqual([{ submissionId: id, title: 'Berlin, 3-7 Nov', status: 'approved', resolution: 'Thanks' }]);
    expect(await device.report(id)).toMatchObject({ status: 'approved', resolution: 'Thanks' });
    for (const expenseId of ids) expect((await device.row(expenseId)).userCanEdit).toBe(false);
    // Seen again through the pull's overlap: no second notice.
    const again = await device.apply(await device.send(engine(), await device.buildRequest({ reconcile: true })));
    expect(again.submissionNotices).toBeUndefined();
  });

  it('an open report sent as "new" (the filter\'s word) is read as pending', async () => {
    world.sim.admin.setOption('submissionOpenStatus', 'new');
    const device = new Device(world);
    const { id } = await submitted(device);
    expect((await device.report(id)).status).toBe('pending');
    await device.round(engine());
    expect((await device.report(id)).status).toBe('pending');
  });

  it('cancel: sent in the next round, the expenses editable again; cancelled twice is still one cancel', async () => {
    const device = new Device(world);
    const { ids, id } = await submitted(device);
    const cancelling = await device.cancelReport(id, 'Wrong trip');
    expect(cancelling.cancelling).toBe(true);
    world.sim.admin.clearRequestLog();
    const result = await device.round(engine());
    expect(result.submissionSettlements?.[0]).toMatchObject({ kind: 'cancel', outcome: 'cancelled', settled: true });
    expect(requests(world, { method: 'PUT', path: /\/cancel$/ })).toBe(1);
    expect(serverSubmissions()[0]).toMatchObject({ status: 'cancelled', current_resolution_description: 'Wrong trip' });
    expect(await device.report(id)).toMatchObject({ status: 'cancelled', cancelling: false, resolution: 'Wrong trip' });
    for (const expenseId of ids) expect((await device.row(expenseId)).userCanEdit).toBe(true);
    // A replayed cancel (its answer lost): Kantata says it is cancelled already, which is what was wanted.
    await device.db.submissionOutbox.add({ submissionId: id, kind: 'cancel', at: Date.now(), reason: 'Wrong trip', attempts: 1 });
    const replay = await device.round(engine());
    expect(replay.submissionSettlements?.[0]).toMatchObject({ outcome: 'cancelled', settled: true });
    bodiesConform();
  });

  it('a queued report is taken back here without a request', async () => {
    const device = new Device(world);
    const ids = await syncedTrip(device, 1);
    const queued = await device.submit(ids);
    world.sim.admin.clearRequestLog();
    expect(await device.cancelReport(queued.id)).toMatchObject({ status: 'cancelled' });
    expect(await device.submissionOutbox()).toEqual([]);
    expect((await device.row(ids[0]!)).userCanEdit).toBe(true);
    expect(world.sim.admin.requestLog()).toEqual([]);
  });
});
