import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEnvelope, ApiExpense, ApiWorkspace } from '@shared/kantata/wire';
import { startTestSim, type SimClient } from './helpers';

/**
 * currency_base_unit follows ISO 4217 minor units, as Kantata's does, not the runtime's Intl
 * display digits (which give 0 decimals for HUF and IQD in some ICU versions).
 */

type Env = ApiEnvelope & { workspaces: Record<string, ApiWorkspace>; expenses: Record<string, ApiExpense> };

let c: SimClient;
let ws: Record<string, ApiWorkspace>;
let food: string;
beforeAll(async () => {
  c = await startTestSim({ seed: 'empty' });
  ws = Object.fromEntries(['HUF', 'IQD', 'JPY', 'KWD', 'USD'].map((code) => [code, c.sim.admin.addWorkspace({ title: `${code} project`, currency: code })]));
  food = c.sim.admin.state().categories.find((x) => x.name === 'Food')!.id;
});
afterAll(() => c.sim.close());

describe('currency_base_unit', () => {
  it.each([['HUF', 100], ['IQD', 1000], ['JPY', 1], ['KWD', 1000], ['USD', 100]])('%s → %i on workspaces and expenses', async (code, unit) => {
    const id = ws[code]!.id;
    const listed = await c.json<Env>('/workspaces?per_page=50');
    expect(listed.body.workspaces[id]!.currency_base_unit).toBe(unit);
    const created = await c.json<Env>('/expenses', {
      method: 'POST', body: JSON.stringify({ expense: { workspace_id: id, date: '2026-03-01', expense_category_id: food, category: 'Food', amount_in_cents: 1234 } }),
    });
    expect(created.body.expenses[created.body.results[0]!.id]).toMatchObject({ currency: code, currency_base_unit: unit });
  });

  it('keeps the display symbol from Intl', () => {
    expect(ws.JPY!.currency_symbol).toBe('¥');
    expect(ws.USD!.currency_symbol).toBe('$');
  });

  it.each([['KWD', 1000], ['IQD', 1000], ['HUF', 100], ['JPY', 1]])('converts a foreign amount into %s minor units (× %i)', async (code, unit) => {
    const r = await c.json<Env>('/expenses', {
      method: 'POST', body: JSON.stringify({ expense: {
        workspace_id: ws[code]!.id, date: '2026-03-01', expense_category_id: food, category: 'Food',
        foreign_exchange_amount: { source_value: '10.00', source_currency: 'USD' },
      } }),
    });
    expect(r.status).toBe(200);
    const e = r.body.expenses[r.body.results[0]!.id]!;
    expect(e.foreign_exchange_amount!.rate).not.toBe(1);
    expect(e.amount_in_cents).toBe(Math.round(10 * e.foreign_exchange_amount!.rate! * unit));
  });
});
