/**
 * Every user-facing string of submitting expenses for approval and of the Reports view, in one
 * place (they move into the message catalogues in one step when vue-i18n arrives).
 */
import type { LocalSubmission } from '@shared/model/submission';
import type { SubmissionStatus } from '@shared/submissions/status';
import type { SubmitBlocker } from '@shared/submissions/checks';

const quoted = (title: string): string => `“${title}”`;

export const submissionMessages = {
  status: {
    queued: 'Waiting to be sent',
    pending: 'Pending approval',
    approved: 'Approved',
    rejected: 'Rejected',
    cancelled: 'Cancelled',
    refused: 'Refused by Kantata',
  } satisfies Record<SubmissionStatus, string>,

  /** Shown on an expense once its report no longer holds it. */
  released(s: Pick<LocalSubmission, 'title' | 'status' | 'resolution' | 'syncMessage'>): string {
    switch (s.status) {
      case 'rejected':
        return `Report ${quoted(s.title)} was rejected${s.resolution ? `: ${s.resolution}` : ''}. You can edit this expense again.`;
      case 'cancelled':
        return `Report ${quoted(s.title)} was cancelled${s.resolution ? `: ${s.resolution}` : ''}. You can edit this expense again.`;
      default:
        return `Report ${quoted(s.title)} was not submitted${s.syncMessage ? `: ${s.syncMessage}` : ''}. You can edit this expense again.`;
    }
  },

  /** Shown on a locked expense: which report holds it. */
  heldBy(s: Pick<LocalSubmission, 'title' | 'status'>): string {
    return s.status === 'approved' ? `Approved in report ${quoted(s.title)}` : `In report ${quoted(s.title)} (${submissionMessages.status[s.status].toLowerCase()})`;
  },

  blocker(b: SubmitBlocker, describe: (expenseId: string) => string): string {
    const which = (): string => b.expenseIds.map(describe).join(', ');
    switch (b.reason) {
      case 'nothing-selected':
        return 'Select the expenses to submit first.';
      case 'several-projects':
        return `Kantata takes one project per report; these expenses belong to ${b.count} projects. Select the expenses of one project.`;
      case 'project-not-allowed':
        return 'This project does not take expense reports (it is archived, or it takes no new expenses in Kantata).';
      case 'deleted':
        return `Deleted and not yet removed from Kantata: ${which()}.`;
      case 'unconfirmed-edit':
        return `A change Kantata has not confirmed yet waits on ${which()}; submit once it has reached Kantata.`;
      case 'refused':
        return `Kantata refused ${which()}; fix it first.`;
      case 'conflict':
        return `A sync conflict needs you on ${which()}; review it first.`;
      case 'already-submitted':
        return `Already in a report (submitted, approved or invoiced): ${which()}.`;
    }
  },

  titleRequired: 'Give the report a title.',
  cancelNotPossible: 'Kantata no longer allows cancelling this report.',
  cancelWhileSending: 'This report is being sent to Kantata right now; cancel it once it has arrived.',
  submitted: (count: number, offline: boolean): string =>
    offline ? `Report queued with ${count} expense${count === 1 ? '' : 's'}; it is sent when you are online.` : `Report submitted with ${count} expense${count === 1 ? '' : 's'}.`,
  notice: (n: { title: string; status: 'approved' | 'rejected'; resolution: string | null }): string =>
    n.status === 'approved'
      ? `Report ${quoted(n.title)} was approved${n.resolution ? `: ${n.resolution}` : '.'}`
      : `Report ${quoted(n.title)} was rejected${n.resolution ? `: ${n.resolution}` : '.'} Its expenses can be edited again.`,
};
