/** The words of the duplicate warning that depend on why the two look alike. */
import { t } from '@renderer/i18n';
import { userLocale } from '@renderer/locale';
import type { PossibleDuplicate } from './find';

/** A file size in the user's locale (SI units, as Intl names them: kB below a megabyte, MB with one decimal above). */
export function formatFileSize(bytes: number): string {
  const mb = bytes >= 1_000_000;
  return new Intl.NumberFormat(userLocale.value, {
    style: 'unit',
    unit: mb ? 'megabyte' : 'kilobyte',
    maximumFractionDigits: mb ? 1 : 0,
  }).format(mb ? bytes / 1_000_000 : Math.max(1, Math.round(bytes / 1000)));
}

export function reasonText(d: PossibleDuplicate): string {
  if (d.reason === 'same-receipt-unconfirmed' && d.remoteReceipt) {
    return t('receiptDuplicates.unconfirmed', {
      name: d.remoteReceipt.filename,
      size: formatFileSize(d.remoteReceipt.filesize),
      why: t(`receiptDuplicates.why.${d.unconfirmed ?? 'failed'}`),
    });
  }
  return t(`duplicates.reason.${d.reason === 'same-receipt-unconfirmed' ? 'same-receipt' : d.reason}`);
}

/** The other expense's receipt cell: its Kantata file when that is what was compared. */
export function otherReceiptText(d: PossibleDuplicate, hasLocalReceipt: boolean): string {
  if (d.remoteReceipt) return t('receiptDuplicates.inKantata', { name: d.remoteReceipt.filename, size: formatFileSize(d.remoteReceipt.filesize) });
  return hasLocalReceipt || d.expense.base?.receipt_id ? t('duplicates.hasReceipt') : t('duplicates.noReceipt');
}
