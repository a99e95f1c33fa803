/**
 * What the app learns about a Kantata receipt attachment whose bytes it does not hold (an expense
 * recorded on another device or in Kantata's web UI): its metadata, side-loaded with the pulled
 * expenses (`include=receipt`), and, when a duplicate check needs it, the SHA-256 of its bytes,
 * which main downloads and hashes (contract call `receiptAttachmentDigest`).
 */
import { z } from 'zod';

/** Kantata's attachment fields the duplicate check uses (wire names; `url` is the CDN download). */
export const ReceiptAttachmentSchema = z.object({
  id: z.string().min(1),
  filename: z.string(),
  /** Bytes (Kantata's `filesize`). */
  filesize: z.number().int().min(0),
  url: z.string(),
});
export type ReceiptAttachment = z.infer<typeof ReceiptAttachmentSchema>;

export const AttachmentDigestRequestSchema = z.object({
  attachmentId: z.string().min(1),
  /** The download URL last learned; it may have expired (pre-signed CDN URLs do). */
  url: z.string(),
  /**
   * Its size as Kantata gave it: a download of another length is not the file (a proxy's or
   * captive portal's page) and is not hashed.
   */
  filesize: z.number().int().min(0),
  /** An expense holding the attachment: its record is asked for a fresh URL when the old one is refused. */
  expenseRemoteId: z.string().min(1).nullable(),
});
export type AttachmentDigestRequest = z.infer<typeof AttachmentDigestRequestSchema>;

export const AttachmentDigestResultSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ok'),
    /** Hex SHA-256 of the downloaded bytes. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    size: z.number().int().min(0),
    /** Fresh metadata when the URL had to be asked for again. */
    attachment: ReceiptAttachmentSchema.nullable(),
  }),
  z.object({
    /** offline: no connection; not-connected: no account; gone: Kantata no longer has it; failed: anything else. */
    status: z.literal('unavailable'),
    reason: z.enum(['offline', 'not-connected', 'gone', 'failed']),
    message: z.string().max(2000),
  }),
]);
export type AttachmentDigestResult = z.infer<typeof AttachmentDigestResultSchema>;
