/**
 * What to tell the user when a write to the local database fails. The app never silently stops
 * saving: every failure becomes a message that says what happened and what to do.
 */
import { ExpenseLockedError, ExpenseNotFoundError } from './expenses-repo';
import { InvalidExpenseError } from '@shared/validation';
import { t } from '@renderer/i18n';

export type WriteErrorKind = 'quota' | 'closed' | 'locked' | 'missing' | 'invalid' | 'other';

export interface WriteErrorReport {
  kind: WriteErrorKind;
  title: string;
  message: string;
  /** Whether pressing Retry can help. */
  retryable: boolean;
  /** The technical text, for "Details" (null when the message says it all). */
  detail: string | null;
}

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

function technical(err: unknown): string | null {
  return err instanceof Error && err.message ? `${err.name}: ${err.message}` : null;
}

export function describeWriteError(err: unknown): WriteErrorReport {
  const kept = t('writeError.kept');
  if (isQuotaError(err)) {
    return { kind: 'quota', title: t('writeError.quota.title'), message: t('writeError.quota.message', { kept }), retryable: true, detail: technical(err) };
  }
  if (err instanceof ExpenseLockedError) {
    return { kind: 'locked', title: t('writeError.locked.title'), message: t('writeError.locked.message'), retryable: false, detail: null };
  }
  if (err instanceof ExpenseNotFoundError) {
    return { kind: 'missing', title: t('writeError.missing.title'), message: t('writeError.missing.message'), retryable: false, detail: null };
  }
  if (err instanceof InvalidExpenseError) {
    return { kind: 'invalid', title: t('writeError.invalid.title'), message: t('writeError.invalid.message'), retryable: false, detail: err.message };
  }
  const names = nameChain(err);
  if (names.some((n) => n === 'DatabaseClosedError' || n === 'InvalidStateError')) {
    return { kind: 'closed', title: t('writeError.closed.title'), message: t('writeError.closed.message', { kept }), retryable: true, detail: technical(err) };
  }
  return { kind: 'other', title: t('writeError.other.title'), message: t('writeError.other.message', { kept }), retryable: true, detail: technical(err) };
}
