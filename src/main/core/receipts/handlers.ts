/** The contract calls of the receipts feature, for the composition root (app-core.ts). */
import type { CoreHandlers } from '../ipc/handlers';
import type { AttachmentDigests } from './attachment-digest';
import { NotConnectedError, type ReceiptUploader } from './uploader';

export function createReceiptHandlers(
  uploader: ReceiptUploader | undefined,
  digests?: AttachmentDigests,
): Pick<CoreHandlers, 'receiptUpload' | 'receiptAttachmentDigest'> {
  return {
    receiptUpload: async (request) => {
      if (!uploader) throw new NotConnectedError();
      return uploader.upload(request);
    },
    receiptAttachmentDigest: async (request) => {
      if (!digests) return { status: 'unavailable', reason: 'not-connected', message: 'No Kantata account is connected.' };
      return digests.digest(request);
    },
  };
}
