import { describe, expect, it } from 'vitest';
import { coalesce } from '../../../src/main/core/sync/coalesce';
import { apiExpense, localExpense, syncedLocal } from './fixtures';

describe('coalesce: at most one operation per expense', () => {
  it('create + edits = one create with the current values, covering every seq', () => {
    const row = localExpense({ amountCents: 900, notes: 'final' });
    const ops = coalesce(
      [
        { seq: 3, expenseId: row.id, kind: 'update', changes: { notes: 'final' }, at: 30 },
        { seq: 1, expenseId: row.id, kind: 'create', at: 10 },
        { seq: 2, expenseId: row.id, kind: 'update', changes: { amountCents: 900 }, at: 20 },
      ],
      [row],
    );
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({ kind: 'create', seqs: [1, 2, 3], attempted: false, lastAt: 30 });
    expect(ops[0]?.kind === 'create' && ops[0].expense.notes).toBe('final');
  });

  it('create + delete = discard (nothing sent) unless an earlier attempt may have reached the server', () => {
    const row = localExpense({ deleted: true });
    const entries = [
      { seq: 1, expenseId: row.id, kind: 'create' as const, at: 1 },
      { seq: 2, expenseId: row.id, kind: 'delete' as const, at: 2 },
    ];
    expect(coalesce(entries, [row])[0]).toMatchObject({ kind: 'discard', reason: 'never-sent', seqs: [1, 2] });
    expect(coalesce([{ ...entries[0]!, attempts: 1 }, entries[1]!], [row])[0]).toMatchObject({ kind: 'delete', remoteId: null });
    expect(coalesce(entries, [row], (id) => id === row.id)[0]).toMatchObject({ kind: 'delete', remoteId: null });
  });

  it('a delete of an expense that has no record but was on the server (no create queued) is looked up, not discarded', () => {
    const row = localExpense({ deleted: true, syncState: 'error' });
    const [op] = coalesce([{ seq: 4, expenseId: row.id, kind: 'delete', at: 4 }], [row]);
    expect(op).toMatchObject({ kind: 'delete', remoteId: null });
  });

  it('edits = one update naming the union of changed fields, with the latest time per field', () => {
    const row = syncedLocal(apiExpense(), { notes: 'b', amountCents: 5 });
    const [op] = coalesce(
      [
        { seq: 1, expenseId: row.id, kind: 'update', changes: { notes: 'a' }, at: 10 },
        { seq: 2, expenseId: row.id, kind: 'update', changes: { amountCents: 5 }, at: 20 },
        { seq: 3, expenseId: row.id, kind: 'update', changes: { notes: 'b' }, at: 30 },
      ],
      [row],
    );
    expect(op).toMatchObject({ kind: 'update', remoteId: '1001', seqs: [1, 2, 3] });
    expect(op?.kind === 'update' && op.fields).toEqual(['amountCents', 'notes']);
    expect(op?.kind === 'update' && op.fieldTimes).toEqual({ amountCents: 20, notes: 30 });
  });

  it('update + delete = one delete', () => {
    const row = syncedLocal(apiExpense(), { deleted: true });
    const [op] = coalesce(
      [
        { seq: 1, expenseId: row.id, kind: 'update', changes: { notes: 'x' }, at: 1 },
        { seq: 2, expenseId: row.id, kind: 'delete', at: 2 },
      ],
      [row],
    );
    expect(op).toMatchObject({ kind: 'delete', remoteId: '1001', seqs: [1, 2] });
  });

  it('an outbox row whose expense row is missing is discarded (settled), not retried forever', () => {
    expect(coalesce([{ seq: 1, expenseId: 'gone', kind: 'update', changes: {}, at: 1 }], [])[0]).toMatchObject({
      kind: 'discard',
      reason: 'missing-row',
    });
  });

  it('an update of an expense never created on the server (after a refused create) becomes a create', () => {
    const row = localExpense({ syncState: 'error' });
    const [op] = coalesce([{ seq: 9, expenseId: row.id, kind: 'update', changes: { date: '2026-03-02' }, at: 1 }], [row]);
    expect(op?.kind).toBe('create');
  });
});
