/**
 * A submission's status as the app knows it. Kantata's own words are inconsistent: its response
 * schema says 'pending' for an open report, its `statuses` filter says 'new'; both are read as
 * 'pending' here, the one place that reads the field. 'queued' and 'refused' are the app's own:
 * saved here and not yet in Kantata, or refused by Kantata when it was sent (with its message).
 */
import type { ApiSubmission } from '../kantata/wire';

export type SubmissionStatus = 'queued' | 'pending' | 'approved' | 'rejected' | 'cancelled' | 'refused';

export function submissionStatusOf(api: Pick<ApiSubmission, 'status'>): Exclude<SubmissionStatus, 'queued' | 'refused'> {
  switch (api.status) {
    case 'new':
    case 'pending':
      return 'pending';
    case 'approved':
    case 'rejected':
    case 'cancelled':
      return api.status;
    default:
      // An unknown word: still open as far as the app can tell (the expenses stay locked until Kantata says otherwise).
      return 'pending';
  }
}

/** A report that holds its expenses: they cannot be edited, deleted or submitted again. */
export function holdsExpenses(status: SubmissionStatus): boolean {
  return status === 'queued' || status === 'pending' || status === 'approved';
}
