import { describe, expect, it } from 'vitest';
import type { ApiSubmission } from '@shared/kantata/wire';
import type { LocalSubmission } from '@shared/model/submission';
import type { SyncRoundResult } from '@shared/protocol/round';
import { defaultReportTitle } from '@shared/submissions/checks';
import { submissionStatusOf } from '@shared/submissions/status';
import { planSubmissionApply } from '@shared/sync/plan-submission-apply';

describe('defaultReportTitle', () => {
  it('names the project and the dates, the year only when it is not this one', () => {
    expect(defaultReportTitle('Berlin', ['2026-11-05', '2026-11-03', '2026-11-07'], 2026)).toBe('Berlin, 3-7 Nov');
    expect(defaultReportTitle('Berlin', ['2026-11-03'], 2026)).toBe('Berlin, 3 Nov');
    expect(defaultReportTitle('Berlin', ['2026-10-28', '2026-11-03'], 2026)).toBe('Berlin, 28 Oct-3 Nov');
    expect(defaultReportTitle('Berlin', ['2025-12-30', '2026-01-02'], 2026)).toBe('Berlin, 30 Dec 2025-2 Jan 2026');
    expect(defaultReportTitle('Berlin', ['2025-11-03', '2025-11-04'], 2026)).toBe('Berlin, 3-4 Nov 2025');
    expect(defaultReportTitle('Berlin', [], 2026)).toBe('Berlin');
  });
});

describe('submission status', () => {
  it("reads Kantata's 'pending' and the filter's 'new' as one open status", () => {
    expect(submissionStatusOf({ status: 'pending' })).toBe('pending');
    expect(submissionStatusOf({ status: 'new' })).toBe('pending');
    expect(submissionStatusOf({ status: 'rejected' })).toBe('rejected');
  });
});

function server(over: Partial<ApiSubmission>): ApiSubmission {
  return {
    id: '60001', title: 'Berlin, 3-7 Nov', comment: null, status: 'pending', currency: 'EUR', currency_base_unit: 100,
    line_item_total_in_cents: 4200, expense_ids: ['1001'], created_at: '2026-11-08T10:00:00-07:00', updated_at: '2026-11-08T10:00:00-07:00',
    permissions: { can_cancel_submission: true }, ...over,
  };
}

function local(over: Partial<LocalSubmission> = {}): LocalSubmission {
  return {
    id: 'client-1', remoteId: '60001', workspaceId: '301', title: 'Berlin, 3-7 Nov', comment: '', expenseIds: ['e1'], status: 'pending',
    currency: 'EUR', totalCents: 4200, resolution: null, resolvedAt: null, canCancel: true, syncMessage: null, cancelling: false,
    createdAt: 1, updatedAt: 1, server: server({}), ...over,
  };
}

function pulled(...upserts: ApiSubmission[]): SyncRoundResult {
  return {
    roundId: 'r', status: 'ok', settlements: [], pulled: { upserts: [], clientRefs: {}, deletedRemoteIds: [], complete: true, full: false },
    cursor: null, clockSkewMs: 0, conflicts: [], nextAttemptAt: null, stats: { requests: 0, startedAt: 0, finishedAt: 0 },
    pulledSubmissions: { upserts, clientRefs: Object.fromEntries(upserts.map((u) => [u.id, 'client-1'])), complete: true },
  };
}

const state = (rows: LocalSubmission[]) => ({ submissions: rows, outbox: [], localExpenseId: (id: string) => (id === '1001' ? 'e1' : undefined) });

describe('planSubmissionApply', () => {
  it('a rejection pulled: the status, the reason, one notice', () => {
    const rejected = server({ status: 'rejected', updated_at: '2026-11-09T10:00:00-07:00', current_resolution_description: 'Missing receipt', permissions: { can_cancel_submission: false } });
    const plan = planSubmissionApply(pulled(rejected), state([local()]), 5);
    expect(plan.puts).toEqual([expect.objectContaining({ id: 'client-1', status: 'rejected', resolution: 'Missing receipt', canCancel: false, expenseIds: ['e1'] })]);
    expect(plan.notices).toEqual([{ submissionId: 'client-1', title: 'Berlin, 3-7 Nov', status: 'rejected', resolution: 'Missing receipt' }]);
  });

  it('an older record seen again through the overlap changes nothing', () => {
    const approved = server({ status: 'approved', updated_at: '2026-11-09T10:00:00-07:00' });
    const plan = planSubmissionApply(pulled(server({})), state([local({ status: 'approved', server: approved })]), 5);
    expect(plan.puts).toEqual([]);
    expect(plan.notices).toEqual([]);
  });

  it('a report made in Kantata is stored under its own id, with the expenses this device knows', () => {
    const result = pulled(server({ id: '60009', status: 'new' }));
    result.pulledSubmissions!.clientRefs = {};
    const plan = planSubmissionApply(result, state([]), 5);
    expect(plan.puts).toEqual([expect.objectContaining({ id: 'kantata-sub-60009', status: 'pending', expenseIds: ['e1'] })]);
    expect(plan.notices).toEqual([]);
  });
});
