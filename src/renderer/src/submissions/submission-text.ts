/**
 * The words about expense reports, from the catalogues' `submissions` section: a report's status,
 * what holds or released an expense, and what stops a selection from being submitted.
 */
import type { LocalSubmission } from '@shared/model/submission';
import type { SubmissionStatus } from '@shared/submissions/status';
import type { SubmitBlocker } from '@shared/submissions/checks';
import { t, tc } from '@renderer/i18n';

export function submissionStatusLabel(status: SubmissionStatus): string {
  return t(`submissions.status.${status}`);
}

/** Shown on an expense once its report no longer holds it. */
export function releasedText(s: Pick<LocalSubmission, 'title' | 'status' | 'resolution' | 'syncMessage'>): string {
  // The sentence ends with its own period: a reason that ends with one loses it.
  const why = (s.status === 'rejected' || s.status === 'cancelled' ? s.resolution : s.syncMessage)?.trim().replace(/[.!?]+$/, '');
  const which = s.status === 'rejected' || s.status === 'cancelled' ? s.status : 'notSubmitted';
  return why ? t(`submissions.released.${which}Because`, { title: s.title, reason: why }) : t(`submissions.released.${which}`, { title: s.title });
}

/** Shown on a locked expense: which report holds it. */
export function heldByText(s: Pick<LocalSubmission, 'title' | 'status'>): string {
  return s.status === 'approved'
    ? t('submissions.heldApproved', { title: s.title })
    : t('submissions.heldBy', { title: s.title, status: t(`submissions.statusInline.${s.status}`) });
}

export function blockerText(b: SubmitBlocker, describe: (expenseId: string) => string): string {
  const which = b.expenseIds.map(describe).join(', ');
  switch (b.reason) {
    case 'nothing-selected':
      return t('submissions.blocker.nothingSelected');
    case 'several-projects':
      return tc('submissions.blocker.severalProjects', b.count ?? 2);
    case 'project-not-allowed':
      return t('submissions.blocker.projectNotAllowed');
    case 'deleted':
      return t('submissions.blocker.deleted', { which });
    case 'unconfirmed-edit':
      return t('submissions.blocker.unconfirmedEdit', { which });
    case 'refused':
      return t('submissions.blocker.refused', { which });
    case 'conflict':
      return t('submissions.blocker.conflict', { which });
    case 'already-submitted':
      return t('submissions.blocker.alreadySubmitted', { which });
  }
}

export function submittedText(count: number, offline: boolean): string {
  return offline ? tc('submissions.queued', count) : tc('submissions.submitted', count);
}
