/**
 * How each sync state looks and reads: icon, colour and words together, never colour alone. The
 * words are the catalogues' (`expenseState.<state>.label` and `.description`).
 */
import type { SyncState } from '@shared/model/expense';
import { t } from '@renderer/i18n';

export interface SyncStateLook {
  readonly label: string;
  readonly description: string;
  color: string;
  /** SVG path data in a 16x16 box. */
  icon: string;
}

export const SYNC_STATE_LOOK: Record<SyncState, SyncStateLook> = {
  pending: {
    get label() {
      return t('expenseState.pending.label');
    },
    get description() {
      return t('expenseState.pending.description');
    },
    color: 'var(--info)',
    icon: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zm.75 3v3.2l2.4 1.45-.75 1.25L7.25 8.5v-4z',
  },
  synced: {
    get label() {
      return t('expenseState.synced.label');
    },
    get description() {
      return t('expenseState.synced.description');
    },
    color: 'var(--ok)',
    icon: 'M6.3 11.6 2.7 8l1.1-1.1 2.5 2.5 5.9-5.9 1.1 1.1z',
  },
  conflict: {
    get label() {
      return t('expenseState.conflict.label');
    },
    get description() {
      return t('expenseState.conflict.description');
    },
    color: 'var(--warn)',
    icon: 'M8 1.5 15 14H1zm-.75 4.5v4h1.5V6zm0 5v1.5h1.5V11z',
  },
  error: {
    get label() {
      return t('expenseState.error.label');
    },
    get description() {
      return t('expenseState.error.description');
    },
    color: 'var(--danger)',
    icon: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zM7.25 4h1.5v5h-1.5zm0 6h1.5v1.5h-1.5z',
  },
  locked: {
    get label() {
      return t('expenseState.locked.label');
    },
    get description() {
      return t('expenseState.locked.description');
    },
    color: 'var(--neutral)',
    icon: 'M4.5 7V5a3.5 3.5 0 0 1 7 0v2H13v7.5H3V7zm1.5 0h4V5a2 2 0 0 0-4 0z',
  },
};
