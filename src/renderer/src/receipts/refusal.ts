/** Why a file was not attached, in words the user can act on; always names the file. */
import { t } from '@renderer/i18n';

export type RefusalReason =
  | 'empty'
  | 'unsupported'
  | 'corrupt'
  | 'too-large'
  | 'duplicate'
  | 'locked'
  | 'storage';

export interface ReceiptRefusal {
  fileName: string;
  reason: RefusalReason;
  message: string;
}

export function refusal(fileName: string, reason: RefusalReason, why: string): ReceiptRefusal {
  return { fileName, reason, message: t('receipts.notAttached', { file: fileName, why }) };
}
