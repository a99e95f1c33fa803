/**
 * Submitting expenses for approval and cancelling a report, offline too. Each is one Dexie
 * transaction writing the submission row AND its outbox row (as expenses-repo does for expenses):
 * once the promise resolves the request survives a crash, and the next round sends it after the
 * creates and updates of its expenses (protocol: src/shared/protocol/submissions.ts).
 */
import type { LocalExpense } from '@shared/model/expense';
import type { LocalSubmission } from '@shared/model/submission';
import { checkSubmission, type SubmitBlocker } from '@shared/submissions/checks';
import { holdsExpenses } from '@shared/submissions/status';
import type { CourierDatabase } from '@renderer/db/database';
import { getDb } from '@renderer/db/current';
import { formatDayLocal, t } from '@renderer/i18n';
import { blockerText } from './submission-text';

export class SubmitBlockedError extends Error {
  constructor(
    readonly blockers: SubmitBlocker[],
    message: string,
  ) {
    super(message);
    this.name = 'SubmitBlockedError';
  }
}

export class SubmissionNotCancellableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SubmissionNotCancellableError';
  }
}

export interface SubmitInput {
  expenseIds: string[];
  title: string;
  comment?: string;
}

export interface SelectionCheck {
  expenses: LocalExpense[];
  blockers: SubmitBlocker[];
}

const describeBy = (expenses: readonly LocalExpense[]) => (id: string): string => {
  const e = expenses.find((x) => x.id === id);
  return e ? t('submissions.expenseOn', { what: e.notes || e.category, date: formatDayLocal(e.date) }) : id;
};

/** The blockers as one message for the user, one reason a line. */
export function blockersMessage(blockers: readonly SubmitBlocker[], expenses: readonly LocalExpense[]): string {
  return blockers.map((b) => blockerText(b, describeBy(expenses))).join('\n');
}

/** What stops these expenses from going into one report (empty: nothing). Reads only. */
export async function checkSelection(expenseIds: readonly string[], db: CourierDatabase = getDb()): Promise<SelectionCheck> {
  return db.transaction('r', [db.expenses, db.outbox, db.submissions, db.workspaces], () => readCheck(db, expenseIds));
}

async function readCheck(db: CourierDatabase, expenseIds: readonly string[]): Promise<SelectionCheck> {
  const expenses = (await db.expenses.bulkGet([...new Set(expenseIds)])).filter((e): e is LocalExpense => e !== undefined);
  const ids = expenses.map((e) => e.id);
  const outbox = ids.length > 0 ? await db.outbox.where('expenseId').anyOf(ids).toArray() : [];
  const holding = ids.length > 0 ? await db.submissions.where('expenseIds').anyOf(ids).toArray() : [];
  const held = new Set(holding.filter((s) => holdsExpenses(s.status)).flatMap((s) => s.expenseIds));
  const projectIds = [...new Set(expenses.map((e) => e.workspaceId))];
  const projectsKnown = (await db.workspaces.count()) > 0;
  const project = projectIds.length === 1 && projectsKnown ? ((await db.workspaces.get(projectIds[0]!)) ?? null) : undefined;
  return { expenses, blockers: checkSubmission({ expenses, outbox, held, project }) };
}

/**
 * Queues a report of these expenses. Throws SubmitBlockedError (with every reason) when the
 * checks stop it, and nothing is written.
 */
export async function submitExpenses(input: SubmitInput, db: CourierDatabase = getDb(), now: number = Date.now()): Promise<LocalSubmission> {
  const title = input.title.trim();
  return db.transaction('rw', [db.expenses, db.outbox, db.submissions, db.submissionOutbox, db.workspaces], async () => {
    const { expenses, blockers } = await readCheck(db, input.expenseIds);
    if (blockers.length > 0) throw new SubmitBlockedError(blockers, blockersMessage(blockers, expenses));
    if (title === '') throw new SubmitBlockedError([], t('submissions.titleRequired'));
    const submission: LocalSubmission = {
      id: crypto.randomUUID(),
      remoteId: null,
      workspaceId: expenses[0]!.workspaceId,
      title,
      comment: input.comment?.trim() ?? '',
      expenseIds: expenses.map((e) => e.id),
      status: 'queued',
      currency: expenses[0]!.currency,
      totalCents: expenses.reduce((sum, e) => sum + e.amountCents, 0),
      resolution: null,
      resolvedAt: null,
      canCancel: true,
      syncMessage: null,
      cancelling: false,
      createdAt: now,
      updatedAt: now,
      server: null,
    };
    await db.submissions.add(submission);
    await db.submissionOutbox.add({ submissionId: submission.id, kind: 'submit', at: now });
    // Held from now on: an edit would change what the approver sees.
    await db.expenses.bulkPut(expenses.map((e) => ({ ...e, userCanEdit: false })));
    return submission;
  });
}

/**
 * Cancels a report. One still queued here (never handed to a round) is taken back at once; one in
 * Kantata is cancelled there by the next round, with `reason` as the resolution's description.
 */
export async function cancelSubmission(id: string, reason: string, db: CourierDatabase = getDb(), now: number = Date.now()): Promise<LocalSubmission> {
  return db.transaction('rw', [db.expenses, db.submissions, db.submissionOutbox], async () => {
    const sub = await db.submissions.get(id);
    if (!sub) throw new SubmissionNotCancellableError(t('submissions.cancelNotPossible'));
    if (sub.status === 'queued') {
      const rows = await db.submissionOutbox.where('submissionId').equals(id).toArray();
      // Handed to a round already: it may be reaching Kantata now.
      if (sub.remoteId !== null || rows.some((r) => (r.attempts ?? 0) > 0)) throw new SubmissionNotCancellableError(t('submissions.cancelWhileSending'));
      await db.submissionOutbox.bulkDelete(rows.map((r) => r.seq!));
      const next: LocalSubmission = { ...sub, status: 'cancelled', canCancel: false, resolution: reason.trim() || null, updatedAt: now };
      await db.submissions.put(next);
      const expenses = (await db.expenses.bulkGet(sub.expenseIds)).filter((e): e is LocalExpense => e !== undefined);
      await db.expenses.bulkPut(expenses.map((e) => ({ ...e, userCanEdit: e.base ? e.base.user_can_edit !== false : true })));
      return next;
    }
    if (sub.status !== 'pending' || !sub.canCancel || sub.cancelling) throw new SubmissionNotCancellableError(t('submissions.cancelNotPossible'));
    await db.submissionOutbox.add({ submissionId: id, kind: 'cancel', at: now, reason: reason.trim() });
    const next: LocalSubmission = { ...sub, cancelling: true, updatedAt: now };
    await db.submissions.put(next);
    return next;
  });
}
