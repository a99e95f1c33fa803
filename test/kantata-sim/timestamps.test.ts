import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiEnvelope, ApiExpense, ApiWorkspace } from '@shared/kantata/wire';
import { advanceClock, alignToSecondStart, startTestSim, type SimClient } from './helpers';
import type { World } from './world';
import { withTestSim } from './test-sim';

/**
 * Kantata stamps created_at/updated_at to the second, with a zone offset (documented example
 * `2026-11-04T16:48:48-07:00`). The simulator does the same by default; milliseconds are a switch.
 */

type ExpenseEnvelope = ApiEnvelope & { expenses: Record<string, ApiExpense> };

const SECOND_STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-07:00$/;

let c: SimClient;
let w: World;
withTestSim({ seed: 'empty' }, (started) => void ({ c, w } = started));
beforeEach(() => {
  c.sim.admin.setOptions({ timestampPrecision: 'second', timestampOffset: '-07:00', inclusiveTimeFilters: false });
});

const list = async (query: string): Promise<string[]> => {
  const { status, body } = await c.json<ExpenseEnvelope>(`/expenses?per_page=200&${query}`);
  expect(status).toBe(200);
  return body.results.map((r) => r.id);
};
const q = (stamp: string): string => encodeURIComponent(stamp);

describe('timestamps (default: seconds, -07:00)', () => {
  it('writes created_at/updated_at to the second with a -07:00 offset, on every record kind', async () => {
    const created = await c.json<ExpenseEnvelope>('/expenses', { method: 'POST', body: JSON.stringify({ expense: w.fields() }) });
    const e = created.body.expenses[created.body.results[0]!.id]!;
    expect(e.created_at).toMatch(SECOND_STAMP);
    expect(e.updated_at).toMatch(SECOND_STAMP);
    const ws = await c.json<ApiEnvelope & { workspaces: Record<string, ApiWorkspace> }>(`/workspaces/${w.usd.id}`);
    expect(ws.body.workspaces[w.usd.id]!.updated_at).toMatch(SECOND_STAMP);
    expect(c.sim.admin.addStory({ workspaceId: w.usd.id, title: 'Stamped' }).updated_at).toMatch(SECOND_STAMP);
  });

  it('prints the wall-clock time of the -07:00 zone for the server clock, truncated to the second', async () => {
    const res = await c.api(`/expenses/${w.add().id}`, { method: 'PUT', body: JSON.stringify({ expense: { notes: 'now' } }) });
    const e = ((await res.json()) as ExpenseEnvelope).expenses;
    const stamp = Object.values(e)[0]!.updated_at;
    const instant = Date.parse(stamp);
    expect(instant % 1000).toBe(0);
    // The digits are UTC minus seven hours.
    expect(new Date(instant - 7 * 3_600_000).toISOString().slice(0, 19)).toBe(stamp.slice(0, 19));
    // Consistent with the Date header, which is taken after the stamp and also has one-second resolution.
    const date = Date.parse(res.headers.get('date')!);
    expect(instant).toBeLessThanOrEqual(date);
    expect(date - instant).toBeLessThan(2_000);
  });

  it('lets two changes within one second share updated_at (no forced increase)', () => {
    const e = w.add();
    alignToSecondStart(c.sim);
    const actor = c.sim.admin.actAs(w.userId);
    const first = actor.updateExpense(e.id, { notes: 'one' }).updated_at;
    const second = actor.updateExpense(e.id, { notes: 'two' }).updated_at;
    expect(second).toBe(first);
  });

  it('filters compare against the stored, truncated stamps, in any offset', async () => {
    alignToSecondStart(c.sim, 50);
    const e = w.add();
    const stamp = e.updated_at;
    const instant = Date.parse(stamp);
    const inZ = new Date(instant).toISOString();
    const inPlusTwo = `${new Date(instant + 2 * 3_600_000).toISOString().slice(0, 19)}+02:00`;
    for (const same of [stamp, inZ, inPlusTwo]) {
      expect(await list(`updated_after=${q(same)}`)).not.toContain(e.id);
      expect(await list(`created_before=${q(same)}`)).not.toContain(e.id);
    }
    expect(await list(`updated_after=${q(new Date(instant - 1000).toISOString())}`)).toContain(e.id);
    // A cursor taken from a millisecond clock inside that second misses the change made after it:
    // the change happened ~50 ms into the second, the cursor says 10 ms.
    expect(await list(`updated_after=${q(new Date(instant + 10).toISOString())}`)).not.toContain(e.id);
    c.sim.admin.setOption('inclusiveTimeFilters', true);
    expect(await list(`updated_after=${q(inPlusTwo)}`)).toContain(e.id);
    expect(await list(`created_before=${q(inZ)}`)).toContain(e.id);
  });

  it('orders by created_at with an id tiebreak when creates share a second', async () => {
    const ws = c.sim.admin.addWorkspace({ title: 'Same second', currency: 'USD' });
    alignToSecondStart(c.sim);
    const same = [w.add({ workspace_id: ws.id }), w.add({ workspace_id: ws.id }), w.add({ workspace_id: ws.id })];
    expect(new Set(same.map((e) => e.created_at)).size).toBe(1);
    advanceClock(c.sim);
    const later = w.add({ workspace_id: ws.id });
    const ids = same.map((e) => e.id);
    expect(await list(`workspace_id=${ws.id}&order=created_at:asc`)).toEqual([...ids, later.id]);
    expect(await list(`workspace_id=${ws.id}&order=created_at:desc`)).toEqual([later.id, ...ids]);
    // Pages over the tie are disjoint and complete.
    const pages: string[] = [];
    for (let page = 1; page <= 4; page++) {
      const { body } = await c.json<ExpenseEnvelope>(`/expenses?workspace_id=${ws.id}&order=created_at:asc&per_page=1&page=${page}`);
      pages.push(...body.results.map((r) => r.id));
    }
    expect(pages).toEqual([...ids, later.id]);
  });
});

describe('timestamp switches', () => {
  it('timestampOffset writes any ±HH:MM or Z, and refuses anything else', () => {
    c.sim.admin.setOption('timestampOffset', '+05:30');
    const india = w.add().created_at;
    expect(india).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+05:30$/);
    expect(new Date(Date.parse(india) + 5.5 * 3_600_000).toISOString().slice(0, 19)).toBe(india.slice(0, 19));
    c.sim.admin.setOption('timestampOffset', 'Z');
    expect(w.add().created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(() => c.sim.admin.setOption('timestampOffset', '-7:00')).toThrow(RangeError);
    expect(() => c.sim.admin.setOptions({ timestampPrecision: 'minute' as 'second' })).toThrow(RangeError);
    expect(c.sim.admin.options().timestampOffset).toBe('Z');
  });

  it('timestampPrecision millisecond: three decimals in the offset, strictly increasing', () => {
    c.sim.admin.setOption('timestampPrecision', 'millisecond');
    const e = w.add();
    expect(e.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}-07:00$/);
    const stamps = [e.updated_at];
    for (let i = 0; i < 10; i++) stamps.push(c.sim.admin.actAs(w.userId).updateExpense(e.id, { notes: `n${i}` }).updated_at);
    for (let i = 1; i < stamps.length; i++) expect(Date.parse(stamps[i]!)).toBeGreaterThan(Date.parse(stamps[i - 1]!));
  });

  it('is a start option too', async () => {
    const other = await startTestSim({ seed: 'empty', timestampPrecision: 'millisecond', timestampOffset: '+00:00' });
    try {
      expect(other.sim.admin.options()).toMatchObject({ timestampPrecision: 'millisecond', timestampOffset: '+00:00' });
      const ws = other.sim.admin.addWorkspace({ title: 'X' });
      expect(ws.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/);
    } finally {
      await other.sim.close();
    }
    await expect(startTestSim({ seed: 'empty', timestampOffset: 'PST' })).rejects.toThrow(/timestampOffset/);
  });
});
