/**
 * Likely duplicates of an expense about to be saved, found through indexes (never a scan of all
 * expenses). Local expenses and those downloaded from Kantata are in the same table.
 *
 * Same receipt bytes:
 * - the same local file row (`receiptId`), or another row with the same SHA-256 (receipts `hash`);
 * - a Kantata expense (`base.receipt_id`) whose attachment is known to hold these bytes: uploaded
 *   from one of those rows (`attachmentId`), or downloaded once and hashed (`remoteReceipts.hash`);
 * - a Kantata attachment of the same byte size (`remoteReceipts.filesize`) whose hash is not known
 *   yet: main downloads it and answers its SHA-256, which is kept, so it is downloaded at most once.
 *   When that cannot be done (offline, refused), the same size AND file name still warn, saying the
 *   files could not be compared.
 * Same amount: the [currency+amountCents+date] and [foreignAmount.currency+foreignAmount.value+date]
 * indexes within a day, then a similar place (src/shared/duplicates/rules.ts).
 */
import type { LocalExpense } from '@shared/model/expense';
import { comparableFileName, describesSamePlace, shiftDate, type DuplicateReason } from '@shared/duplicates/rules';
import type { AttachmentDigestRequest, AttachmentDigestResult } from '@shared/protocol/receipt-attachments';
import type { CourierDatabase } from '@renderer/db/database';
import type { ReceiptRow, RemoteReceiptRow } from '@renderer/db/schema';
import { getDb } from '@renderer/db/current';

export interface PossibleDuplicate {
  expense: LocalExpense;
  reason: DuplicateReason;
  /** For 'same-receipt-unconfirmed': why the Kantata file could not be compared. */
  unconfirmed?: Extract<AttachmentDigestResult, { status: 'unavailable' }>['reason'];
  /** The other expense's receipt in Kantata, when it was compared with (or matched by) that file. */
  remoteReceipt?: { filename: string; filesize: number };
}

type Extra = Pick<PossibleDuplicate, 'unconfirmed' | 'remoteReceipt'>;

export type DuplicateProbe = Pick<
  LocalExpense,
  'date' | 'amountCents' | 'currency' | 'foreignAmount' | 'notes' | 'vendorId' | 'receiptId'
> & { id?: string | null };

/** Main's download-and-hash of a Kantata attachment (contract call receiptAttachmentDigest). */
export type AttachmentDigester = (request: AttachmentDigestRequest) => Promise<AttachmentDigestResult>;

/**
 * Attachments downloaded for one check at most: same-size files are rare, and the user is waiting
 * at Save. Any beyond are judged by name and size, as when offline.
 */
const MAX_DOWNLOADS_PER_CHECK = 3;

export async function findPossibleDuplicates(
  probe: DuplicateProbe,
  vendorName: (id: string) => string | null,
  /** In the app: digestViaMain (./digest-via-main.ts). */
  digest: AttachmentDigester,
  db: CourierDatabase = getDb(),
): Promise<PossibleDuplicate[]> {
  const found = new Map<string, PossibleDuplicate>();
  const keep: Keep = (expense, reason, extra = {}) => {
    if (expense.id === probe.id || expense.deleted || found.has(expense.id)) return;
    found.set(expense.id, { expense, reason, ...extra });
  };
  if (probe.receiptId) {
    for (const expense of await db.expenses.where('receiptId').equals(probe.receiptId).toArray()) keep(expense, 'same-receipt');
    const receipt = await db.receipts.get(probe.receiptId);
    if (receipt) await findSameBytes(db, receipt, keep, digest);
  }
  const from = shiftDate(probe.date, -1);
  const to = shiftDate(probe.date, 1);
  const sameAmount = probe.foreignAmount
    ? await db.expenses
        .where('[foreignAmount.currency+foreignAmount.value+date]')
        .between([probe.foreignAmount.currency, probe.foreignAmount.value, from], [probe.foreignAmount.currency, probe.foreignAmount.value, to], true, true)
        .toArray()
    : await db.expenses
        .where('[currency+amountCents+date]')
        .between([probe.currency, probe.amountCents, from], [probe.currency, probe.amountCents, to], true, true)
        .toArray();
  const self = { id: probe.id ?? '', date: probe.date, notes: probe.notes, vendorId: probe.vendorId, receiptId: probe.receiptId };
  for (const expense of sameAmount) {
    if (describesSamePlace(self, expense, vendorName)) keep(expense, 'same-amount');
  }
  return [...found.values()];
}

type Keep = (expense: LocalExpense, reason: DuplicateReason, extra?: Extra) => void;

async function findSameBytes(db: CourierDatabase, receipt: ReceiptRow, keep: Keep, digest: AttachmentDigester): Promise<void> {
  const sameHash = await db.receipts.where('hash').equals(receipt.hash).toArray();
  const otherRows = sameHash.filter((r) => r.id !== receipt.id).map((r) => r.id);
  if (otherRows.length > 0) for (const expense of await db.expenses.where('receiptId').anyOf(otherRows).toArray()) keep(expense, 'same-receipt');

  const sameAttachments = new Set(sameHash.map((r) => r.attachmentId).filter((id): id is string => id !== null));
  const hashed = await db.remoteReceipts.where('hash').equals(receipt.hash).toArray();
  for (const remote of hashed) sameAttachments.add(remote.id);
  if (sameAttachments.size > 0) {
    for (const expense of await db.expenses.where('base.receipt_id').anyOf([...sameAttachments]).toArray()) {
      const remote = hashed.find((r) => r.id === String(expense.base?.receipt_id));
      keep(expense, 'same-receipt', remote ? { remoteReceipt: fileOf(remote) } : {});
    }
  }

  const sameSize = (await db.remoteReceipts.where('filesize').equals(receipt.size).toArray()).filter((r) => r.hash === null);
  let downloads = 0;
  for (const candidate of sameSize) {
    const holders = (await db.expenses.where('base.receipt_id').equals(candidate.id).toArray()).filter((e) => !e.deleted);
    if (holders.length === 0) continue;
    const known = await knownHash(db, candidate);
    if (known !== null) {
      if (known === receipt.hash) holders.forEach((e) => keep(e, 'same-receipt'));
      continue;
    }
    const file = { remoteReceipt: fileOf(candidate) };
    const answer: AttachmentDigestResult =
      downloads++ < MAX_DOWNLOADS_PER_CHECK
        ? await digest({ attachmentId: candidate.id, url: candidate.url, filesize: candidate.filesize, expenseRemoteId: holders.find((e) => e.remoteId !== null)?.remoteId ?? null })
        : { status: 'unavailable', reason: 'failed', message: 'Too many files of the same size to compare at once.' };
    if (answer.status === 'ok') {
      await rememberHash(db, candidate, answer);
      if (answer.sha256 === receipt.hash) holders.forEach((e) => keep(e, 'same-receipt', file));
    } else {
      if (answer.reason === 'gone') continue;
      if (comparableFileName(candidate.filename) === comparableFileName(receipt.name)) {
        holders.forEach((e) => keep(e, 'same-receipt-unconfirmed', { ...file, unconfirmed: answer.reason }));
      }
    }
  }
}

const fileOf = (r: RemoteReceiptRow): { filename: string; filesize: number } => ({ filename: r.filename, filesize: r.filesize });

/** The hash of an attachment this computer uploaded itself (its receipt row knows it), kept for next time. */
async function knownHash(db: CourierDatabase, candidate: RemoteReceiptRow): Promise<string | null> {
  const uploaded = await db.receipts.where('attachmentId').equals(candidate.id).first();
  if (!uploaded) return null;
  await db.remoteReceipts.update(candidate.id, { hash: uploaded.hash });
  return uploaded.hash;
}

async function rememberHash(db: CourierDatabase, candidate: RemoteReceiptRow, answer: Extract<AttachmentDigestResult, { status: 'ok' }>): Promise<void> {
  // The size checked is the one downloaded: a file that changed under its id is kept as it is now.
  const fresh = answer.attachment ?? candidate;
  await db.remoteReceipts.put({ ...candidate, ...fresh, filesize: answer.size, hash: answer.sha256, fetchedAt: candidate.fetchedAt });
}
