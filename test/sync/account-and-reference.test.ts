import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '@shared/contract';
import { AccountConnectResultSchema } from '@shared/protocol/account';
import { ReferenceSnapshotSchema } from '@shared/protocol/reference';
import { startSimulator, type RunningSimulator } from '../kantata-sim/index';
import { createSyncCore } from '../../src/main/core/sync/sync-core';
import { MemoryTokenStore } from '../../src/main/core/account/token-store';
import { Device, callMain, closeDevices } from '../support/node/device';

let sim: RunningSimulator;
beforeEach(async () => {
  sim = await startSimulator({ seed: 'demo' });
});
afterEach(async () => {
  await closeDevices();
  await sim.close();
});

type Sent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];

function core(events: Sent[] = []) {
  return createSyncCore({
    tokenStore: new MemoryTokenStore({ encrypted: true, persisted: true, backend: 'test', plainText: false }),
    emit: (event, payload) => events.push({ event, payload } as Sent),
    engine: { retry: { baseDelayMs: 5, maxDelayMs: 20 } },
    requestTimeoutMs: 5_000,
  });
}

describe('account', () => {
  it('connects with a valid token (verified with GET /users/me) and never hands the token out', async () => {
    const events: Sent[] = [];
    const c = core(events);
    const result = AccountConnectResultSchema.parse(await c.accountConnect({ baseUrl: sim.baseUrl, token: sim.token }));
    expect(result.ok).toBe(true);
    const status = await c.accountStatus();
    expect(status).toMatchObject({ connected: true, baseUrl: sim.baseUrl, authRequired: false, user: { fullName: 'Alex Morgan' } });
    expect(JSON.stringify(status)).not.toContain(sim.token);
    expect(JSON.stringify(events)).not.toContain(sim.token);
    expect(events.map((e) => e.event)).toEqual(['accountChanged']);
    expect(sim.admin.requestLog().map((r) => r.path)).toEqual(['/users/me']);
  });

  it('refuses a wrong token and an unreachable server with a specific message', async () => {
    const c = core();
    const wrong = await c.accountConnect({ baseUrl: sim.baseUrl, token: 'nope' });
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'auth' } });
    const gone = await c.accountConnect({ baseUrl: 'http://127.0.0.1:9/api/v1', token: 'x' });
    expect(gone).toMatchObject({ ok: false, error: { kind: 'network' } });
    const bad = await c.accountConnect({ baseUrl: 'not a url', token: 'x' });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'invalid-url' } });
    expect((await c.accountStatus()).connected).toBe(false);
  });

  it('a round without an account settles nothing and says not-connected', async () => {
    const c = core();
    const local = new Device({ workspaceId: '1', categoryId: '1', category: 'Travel' });
    await local.create();
    const result = await callMain('syncRound', await local.buildRequest(), (r) => c.syncRound(r));
    expect(result.status).toBe('not-connected');
    expect(result.settlements[0]).toMatchObject({ settled: false });
    expect(sim.admin.requestLog()).toHaveLength(0);
  });

  it('a 401 during a round pauses sync (accountChanged), until the user reconnects', async () => {
    const events: Sent[] = [];
    const c = core(events);
    c.scheduler.start();
    await c.accountConnect({ baseUrl: sim.baseUrl, token: sim.token });
    await c.syncExecutorReady();
    expect(events.filter((e) => e.event === 'syncRequested').map((e) => e.payload)).toEqual([
      { reason: 'account', reconcile: true, refreshReference: true },
    ]);
    const token = sim.token;
    sim.admin.revokeToken(token);
    const local = new Device({ workspaceId: '1', categoryId: '1', category: 'Travel' });
    await local.create();
    const first = await callMain('syncRound', await local.buildRequest(), (r) => c.syncRound(r));
    expect(first.status).toBe('auth-required');
    await c.syncRoundEnded({ applied: true, status: first.status, reconciled: false, referenceRefreshed: false, error: null });
    expect((await c.accountStatus()).authRequired).toBe(true);
    expect(events.filter((e) => e.event === 'accountChanged').at(-1)?.payload).toMatchObject({ authRequired: true });
    sim.admin.clearRequestLog();
    const paused = await callMain('syncRound', await local.buildRequest(), (r) => c.syncRound(r));
    expect(paused.status).toBe('auth-required');
    expect(sim.admin.requestLog()).toHaveLength(0);
    const requestsBefore = events.filter((e) => e.event === 'syncRequested').length;
    c.scheduler.trigger('timer');
    expect(events.filter((e) => e.event === 'syncRequested')).toHaveLength(requestsBefore);
    sim.admin.addToken(sim.userId, token);
    await c.accountConnect({ baseUrl: sim.baseUrl, token });
    expect((await c.accountStatus()).authRequired).toBe(false);
    // Reconnecting lifts the pause and asks the leading window for a round at once.
    expect(events.filter((e) => e.event === 'syncRequested')).toHaveLength(requestsBefore + 1);
    c.scheduler.stop();
  });

  it('disconnect forgets the token; local data is the renderer\'s and untouched', async () => {
    const c = core();
    await c.accountConnect({ baseUrl: sim.baseUrl, token: sim.token });
    const status = await c.accountDisconnect();
    expect(status).toMatchObject({ connected: false, user: null });
    await expect(c.referenceRefresh({})).rejects.toThrow(/Connect/);
  });
});

describe('reference data', () => {
  it('downloads the projects the user can log to, categories, vendors, budgets, tasks and the user', async () => {
    const c = core();
    await c.accountConnect({ baseUrl: sim.baseUrl, token: sim.token });
    const snap = ReferenceSnapshotSchema.parse(await c.referenceRefresh({}));
    const titles = snap.workspaces.upserts.map((w) => w.title).sort();
    expect(titles).toEqual(['Acme GmbH ERP Migration', 'Globex UK Data Platform', 'Northwind Retail POS Rollout']);
    expect(snap.workspaces.full).toBe(true);
    expect(snap.categories.map((c) => c.name)).toContain('Travel');
    expect(snap.vendors.some((v) => v.archived)).toBe(false);
    expect(snap.budgets.upserts.map((b) => b.title).sort()).toEqual(['Client entertainment', 'Travel & lodging']);
    expect(snap.stories.upserts.length).toBe(4);
    expect(snap.user.full_name).toBe('Alex Morgan');
    const requestsFull = sim.admin.requestLog().length;

    // Incremental: only what changed; a project that no longer takes expenses is removed.
    const northwind = snap.workspaces.upserts.find((w) => w.title.startsWith('Northwind'))!;
    const globex = snap.workspaces.upserts.find((w) => w.title.startsWith('Globex'))!;
    await new Promise((r) => setTimeout(r, 5));
    sim.admin.updateWorkspace(globex.id, { archived: true });
    sim.admin.addStory({ workspaceId: northwind.id, title: 'New task' });
    sim.admin.clearRequestLog();
    const next = await c.referenceRefresh({ cursors: snap.cursors, knownWorkspaceIds: snap.workspaces.upserts.map((w) => w.id) });
    expect(next.workspaces.full).toBe(false);
    expect(next.workspaces.removedIds).toEqual([globex.id]);
    expect(next.stories.full).toBe(false);
    expect(next.stories.upserts.map((s) => s.title)).toContain('New task');
    const incremental = sim.admin.requestLog();
    expect(incremental.filter((r) => r.path === '/workspaces').every((r) => r.query.updated_after)).toBe(true);
    expect(incremental.length).toBeLessThanOrEqual(requestsFull);
  });
});
