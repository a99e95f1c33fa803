/**
 * What to tell the user when a write to the local database fails. The app never silently stops
 * saving: every failure becomes a message that says what happened and what to do.
 */
import { ExpenseLockedError, ExpenseNotFoundError } from './expenses-repo';
import { InvalidExpenseError } from '@shared/validation';

export type WriteErrorKind = 'quota' | 'closed' | 'locked' | 'missing' | 'invalid' | 'other';

export interface WriteErrorReport {
  kind: WriteErrorKind;
  title: string;
  message: string;
  /** Whether pressing Retry can help. */
  retryable: boolean;
}

const KEPT = 'Nothing you entered was lost: the form is still filled.';

/** Walk Dexie's wrapping (`inner`) and DOMException causes to find a quota failure. */
export function isQuotaError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const { name, message, inner, cause } = e as { name?: string; message?: string; inner?: unknown; cause?: unknown };
    if (name === 'QuotaExceededError' || (typeof message === 'string' && /quota/i.test(message) && name !== 'ConstraintError')) {
      return true;
    }
    e = inner ?? cause;
  }
  return false;
}

function nameChain(err: unknown): string[] {
  const names: string[] = [];
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const { name, inner, cause } = e as { name?: string; inner?: unknown; cause?: unknown };
    if (name) names.push(name);
    e = inner ?? cause;
  }
  return names;
}

export function describeWriteError(err: unknown): WriteErrorReport {
  if (isQuotaError(err)) {
    return {
      kind: 'quota',
      title: 'Could not save: your disk is full',
      message: `Your disk is full: free some space, then press Retry. ${KEPT}`,
      retryable: true,
    };
  }
  if (err instanceof ExpenseLockedError) {
    return { kind: 'locked', title: 'This expense is locked', message: err.message, retryable: false };
  }
  if (err instanceof ExpenseNotFoundError) {
    return {
      kind: 'missing',
      title: 'This expense was deleted',
      message: `It was deleted in another window or by a sync. Close the form, or press Duplicate to save your values as a new expense.`,
      retryable: false,
    };
  }
  if (err instanceof InvalidExpenseError) {
    return { kind: 'invalid', title: 'Some fields need attention', message: err.message, retryable: false };
  }
  const names = nameChain(err);
  if (names.some((n) => n === 'DatabaseClosedError' || n === 'InvalidStateError')) {
    return {
      kind: 'closed',
      title: 'Could not save: the local database is closed',
      message: `The local database was closed (the app may be updating or shutting down). Press Retry; if it keeps failing, restart Expense Courier. ${KEPT}`,
      retryable: true,
    };
  }
  const detail = err instanceof Error && err.message ? ` (${err.message})` : '';
  return {
    kind: 'other',
    title: 'Could not save',
    message: `Saving to this computer failed${detail}. Press Retry; if it keeps failing, restart Expense Courier. ${KEPT}`,
    retryable: true,
  };
}
