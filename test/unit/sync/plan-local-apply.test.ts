import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '@shared/model/expense';
import type { Settlement, SyncRoundResult } from '@shared/protocol/round';
import { localIdForRemote, localKeysNeeded, planLocalApply } from '@shared/sync/plan-local-apply';
import { apiExpense, localExpense, syncedLocal } from './fixtures';

function result(partial: Partial<SyncRoundResult> = {}): SyncRoundResult {
  return {
    roundId: 'r1',
    status: 'ok',
    settlements: [],
    pulled: { upserts: [], clientRefs: {}, deletedRemoteIds: [], complete: true, full: false },
    cursor: '2026-03-01T12:00:00.000Z',
    clockSkewMs: 0,
    conflicts: [],
    nextAttemptAt: null,
    stats: { requests: 1, startedAt: 0, finishedAt: 1 },
    ...partial,
  };
}

function settlement(partial: Partial<Settlement> & Pick<Settlement, 'expenseId' | 'outcome'>): Settlement {
  return { seqs: [], settled: true, remoteId: null, server: null, conflictIds: [], error: null, ...partial };
}

describe('planLocalApply', () => {
  it('a created expense takes the server record, and exactly the settled seqs leave the outbox', () => {
    const row = localExpense({ id: 'a' });
    const server = apiExpense({ id: '55', notes: 'taxi' });
    const outbox: OutboxEntry[] = [
      { seq: 1, expenseId: 'a', kind: 'create', at: 1 },
      { seq: 7, expenseId: 'b', kind: 'create', at: 2 },
    ];
    const plan = planLocalApply(result({ settlements: [settlement({ expenseId: 'a', outcome: 'created', seqs: [1], server, remoteId: '55' })] }), {
      expenses: [row],
      outbox,
    });
    expect(plan.outboxSeqsToRemove).toEqual([1]);
    expect(plan.puts).toHaveLength(1);
    expect(plan.puts[0]).toMatchObject({ id: 'a', remoteId: '55', syncState: 'synced', base: server });
  });

  it('an expense edited during the round keeps its newer local values and stays pending', () => {
    const row = localExpense({ id: 'a', notes: 'newer local' });
    const server = apiExpense({ id: '55', notes: 'sent', amount_in_cents: 999 });
    const plan = planLocalApply(
      result({ settlements: [settlement({ expenseId: 'a', outcome: 'created', seqs: [1], server, remoteId: '55' })] }),
      {
        expenses: [row],
        outbox: [
          { seq: 1, expenseId: 'a', kind: 'create', at: 1 },
          { seq: 2, expenseId: 'a', kind: 'update', changes: { notes: 'newer local' }, at: 5 },
        ],
      },
    );
    expect(plan.outboxSeqsToRemove).toEqual([1]);
    expect(plan.puts[0]).toMatchObject({ notes: 'newer local', amountCents: 999, remoteId: '55', base: server, syncState: 'pending' });
  });

  it('unsettled entries stay; a retryable error is shown as a message while the row stays pending', () => {
    const row = localExpense({ id: 'a' });
    const plan = planLocalApply(
      result({
        status: 'partial',
        settlements: [
          settlement({
            expenseId: 'a',
            outcome: 'pending',
            settled: false,
            seqs: [1],
            error: { kind: 'rate-limited', message: 'slow down', field: null, retryable: true, retryAt: 5 },
          }),
        ],
      }),
      { expenses: [row], outbox: [{ seq: 1, expenseId: 'a', kind: 'create', at: 1 }] },
    );
    expect(plan.outboxSeqsToRemove).toEqual([]);
    expect(plan.puts[0]).toMatchObject({ syncState: 'pending', syncMessage: 'slow down' });
  });

  it('a refused entry keeps the local values in state error with the server message', () => {
    const row = localExpense({ id: 'a', date: 'bad' });
    const plan = planLocalApply(
      result({
        settlements: [
          settlement({
            expenseId: 'a',
            outcome: 'error',
            seqs: [1],
            error: { kind: 'validation', message: 'Date is not a valid date', field: 'date', retryable: false, retryAt: null },
          }),
        ],
      }),
      { expenses: [row], outbox: [{ seq: 1, expenseId: 'a', kind: 'create', at: 1 }] },
    );
    expect(plan.outboxSeqsToRemove).toEqual([1]);
    expect(plan.puts[0]).toMatchObject({ date: 'bad', syncState: 'error', syncMessage: 'Date is not a valid date' });
  });

  it('deleted and discarded expenses are removed locally', () => {
    const a = syncedLocal(apiExpense({ id: '1' }), { id: 'a', deleted: true });
    const b = localExpense({ id: 'b', deleted: true });
    const plan = planLocalApply(
      result({
        settlements: [settlement({ expenseId: 'a', outcome: 'deleted', seqs: [1] }), settlement({ expenseId: 'b', outcome: 'discarded', seqs: [2, 3] })],
      }),
      { expenses: [a, b], outbox: [] },
    );
    expect(plan.deletes.sort()).toEqual(['a', 'b']);
    expect(plan.outboxSeqsToRemove).toEqual([1, 2, 3]);
  });

  it('pulled records: new ones are added, unchanged ones are not rewritten, changed ones are taken', () => {
    const same = apiExpense({ id: '1' });
    const changedBefore = apiExpense({ id: '2' });
    const changedAfter = apiExpense({ id: '2', updated_at: '2026-03-02T00:00:00.000Z', notes: 'remote edit' });
    const fresh = apiExpense({ id: '3' });
    const mine = apiExpense({ id: '4' });
    const plan = planLocalApply(result({ pulled: { upserts: [same, changedAfter, fresh, mine], clientRefs: { '4': 'client-4' }, deletedRemoteIds: [], complete: true, full: false } }), {
      expenses: [syncedLocal(same, { id: 'x1' }), syncedLocal(changedBefore, { id: 'x2' })],
      outbox: [],
    });
    const ids = plan.puts.map((p) => p.id).sort();
    expect(ids).toEqual(['client-4', 'x2', localIdForRemote('3')].sort());
    expect(plan.puts.find((p) => p.id === 'x2')?.notes).toBe('remote edit');
  });

  it('a pulled record never overwrites a pending local change: it is merged and logged', () => {
    const base = apiExpense({ id: '1', notes: 'base', amount_in_cents: 100 });
    const server = apiExpense({ id: '1', notes: 'base', amount_in_cents: 777, updated_at: '2026-03-02T00:00:00.000Z' });
    const row = syncedLocal(base, { id: 'a', notes: 'local edit', amountCents: 100, syncState: 'pending' });
    const plan = planLocalApply(result({ pulled: { upserts: [server], clientRefs: {}, deletedRemoteIds: [], complete: true, full: false } }), {
      expenses: [row],
      outbox: [{ seq: 4, expenseId: 'a', kind: 'update', changes: { notes: 'local edit' }, at: 10 }],
    });
    expect(plan.puts[0]).toMatchObject({ notes: 'local edit', amountCents: 777, base: server, syncState: 'pending' });
    expect(plan.outboxSeqsToRemove).toEqual([]);
    expect(plan.conflictLog).toHaveLength(1);
    expect(plan.conflictLog[0]).toMatchObject({ kind: 'merge', overwrote: false });
  });

  it('a remote delete removes a quiet row but never one with a pending change', () => {
    const a = syncedLocal(apiExpense({ id: '1' }), { id: 'a' });
    const b = syncedLocal(apiExpense({ id: '2' }), { id: 'b', notes: 'pending' });
    const plan = planLocalApply(result({ pulled: { upserts: [], clientRefs: {}, deletedRemoteIds: ['1', '2'], complete: true, full: false } }), {
      expenses: [a, b],
      outbox: [{ seq: 1, expenseId: 'b', kind: 'update', changes: { notes: 'pending' }, at: 1 }],
    });
    expect(plan.deletes).toEqual(['a']);
    expect(plan.puts).toEqual([]);
  });

  it('applying the same result twice gives the same plan (replay-safe)', () => {
    const row = localExpense({ id: 'a' });
    const server = apiExpense({ id: '55' });
    const r = result({ settlements: [settlement({ expenseId: 'a', outcome: 'created', seqs: [1], server, remoteId: '55' })] });
    const first = planLocalApply(r, { expenses: [row], outbox: [{ seq: 1, expenseId: 'a', kind: 'create', at: 1 }] });
    const second = planLocalApply(r, { expenses: first.puts, outbox: [] });
    expect(second.puts).toEqual(first.puts);
    expect(second.outboxSeqsToRemove).toEqual([1]);
  });

  it('localKeysNeeded names the settlement rows, pulled ids and deleted ids', () => {
    const keys = localKeysNeeded(
      result({
        settlements: [settlement({ expenseId: 'a', outcome: 'deleted' })],
        pulled: { upserts: [apiExpense({ id: '9' })], clientRefs: { '9': 'c9' }, deletedRemoteIds: ['8'], complete: true, full: false },
      }),
    );
    expect(keys.expenseIds.sort()).toEqual(['a', 'c9']);
    expect(keys.remoteIds.sort()).toEqual(['8', '9']);
  });
});
