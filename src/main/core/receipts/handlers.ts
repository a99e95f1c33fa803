/** The contract calls of the receipts feature, for the composition root (app-core.ts). */
import type { CoreHandlers } from '../ipc/handlers';
import { NotConnectedError, type ReceiptUploader } from './uploader';

export function createReceiptHandlers(uploader: ReceiptUploader | undefined): Pick<CoreHandlers, 'receiptUpload'> {
  return {
    receiptUpload: async (request) => {
      if (!uploader) throw new NotConnectedError();
      return uploader.upload(request);
    },
  };
}
