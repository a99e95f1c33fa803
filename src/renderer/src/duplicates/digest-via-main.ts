/** The duplicate check's way to a Kantata file's hash in the app: main downloads and hashes it. */
import { courier, hasCourier } from '@renderer/bridge';
import type { AttachmentDigester } from './find';

export const digestViaMain: AttachmentDigester = (request) =>
  hasCourier()
    ? courier().receiptAttachmentDigest(request)
    : Promise.resolve({ status: 'unavailable', reason: 'not-connected', message: 'No main process.' });
