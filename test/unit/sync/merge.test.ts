import { describe, expect, it } from 'vitest';
import { mergeThreeWay } from '@shared/sync/merge';
import { apiExpense, localExpense } from './fixtures';

const base = apiExpense({ updated_at: '2026-03-01T10:00:00.000Z', notes: 'base', amount_in_cents: 100 });
const at = (iso: string): number => Date.parse(iso);

describe('three-way merge against the base', () => {
  it('one-side changes take that side; nothing is overwritten', () => {
    const server = apiExpense({ ...base, updated_at: '2026-03-01T11:00:00.000Z', notes: 'server' });
    const local = localExpense({ notes: 'base', amountCents: 250 });
    const out = mergeThreeWay({ base, server, local, localFieldTimes: { amountCents: at('2026-03-01T10:30:00Z') }, fallbackAt: 0, skewMs: 0 });
    expect(out.values).toMatchObject({ notes: 'server', amountCents: 250 });
    expect(out.push).toEqual(['amountCents']);
    expect(out.overwrote).toBe(false);
    expect(out.winner).toBe('mixed');
  });

  it('both sides changed: the later change wins (local later)', () => {
    const server = apiExpense({ ...base, updated_at: '2026-03-01T11:00:00.000Z', notes: 'server' });
    const local = localExpense({ notes: 'local', amountCents: 100 });
    const out = mergeThreeWay({ base, server, local, localFieldTimes: { notes: at('2026-03-01T11:00:01Z') }, fallbackAt: 0, skewMs: 0 });
    expect(out.values.notes).toBe('local');
    expect(out.push).toEqual(['notes']);
    expect(out.overwrote).toBe(true);
    expect(out.decisions).toEqual([
      { field: 'notes', base: 'base', local: 'local', server: 'server', winner: 'local', reason: 'local-newer' },
    ]);
  });

  it('both sides changed: skew decides (the local clock is 2 h behind the server)', () => {
    const server = apiExpense({ ...base, updated_at: '2026-03-01T11:00:00.000Z', notes: 'server' });
    const local = localExpense({ notes: 'local', amountCents: 100 });
    const localTime = at('2026-03-01T09:30:00Z'); // 11:30 in server time
    const uncorrected = mergeThreeWay({ base, server, local, localFieldTimes: { notes: localTime }, fallbackAt: 0, skewMs: 0 });
    const corrected = mergeThreeWay({ base, server, local, localFieldTimes: { notes: localTime }, fallbackAt: 0, skewMs: 2 * 3600_000 });
    expect(uncorrected.values.notes).toBe('server');
    expect(corrected.values.notes).toBe('local');
  });

  it('a tie goes to the server; the same value on both sides is no conflict', () => {
    const server = apiExpense({ ...base, updated_at: '2026-03-01T11:00:00.000Z', notes: 'server', amount_in_cents: 300 });
    const local = localExpense({ notes: 'local', amountCents: 300 });
    const out = mergeThreeWay({ base, server, local, localFieldTimes: { notes: at('2026-03-01T11:00:00Z') }, fallbackAt: 0, skewMs: 0 });
    expect(out.values.notes).toBe('server');
    expect(out.decisions.find((d) => d.field === 'amountCents')?.reason).toBe('same-value');
    expect(out.push).toEqual([]);
  });

  it('compares foreign amounts as numbers ("12.5" equals "12.50")', () => {
    const withFx = apiExpense({ ...base, foreign_exchange_amount: { date: null, rate: 1.1, source_currency: 'EUR', source_value: '12.50' } });
    const local = localExpense({ notes: 'base', amountCents: 100, foreignAmount: { value: '12.5', currency: 'EUR' } });
    const out = mergeThreeWay({ base: withFx, server: withFx, local, localFieldTimes: {}, fallbackAt: 0, skewMs: 0 });
    expect(out.push).toEqual([]);
  });
});
