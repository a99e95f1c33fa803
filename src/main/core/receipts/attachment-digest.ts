/**
 * The SHA-256 of a Kantata receipt attachment this computer does not hold, for the renderer's
 * duplicate check (contract call `receiptAttachmentDigest`). Main downloads the bytes from the
 * attachment's URL and answers only their hash: the renderer caches it, so each attachment is
 * downloaded at most once.
 *
 * A pre-signed download URL expires: when it is refused (403/404) and the caller names an expense
 * holding the attachment, that record is asked for once more with its receipt side-loaded and the
 * fresh URL is tried. One quick retry covers a transient failure; the user is waiting at Save, so
 * anything longer answers "unavailable" and the check falls back to name and size. A download
 * whose length is not the attachment's size is not the file and is never hashed.
 */
import { createHash } from 'node:crypto';
import type { AttachmentDigestRequest, AttachmentDigestResult, ReceiptAttachment } from '@shared/protocol/receipt-attachments';
import type { KantataClient } from '../kantata/client';
import { sleep as defaultSleep } from '../kantata/client';
import { KantataError, isKantataError } from '../kantata/errors';
import { receiptAttachment } from '../sync/pull';

export interface AttachmentDigestOptions {
  /** The connected account's client, or null when none is connected. */
  client: () => Promise<KantataClient | null> | KantataClient | null;
  /** Told when the server answers 401 (sync pauses, as for any request). */
  onAuthRequired?: () => void | Promise<void>;
  /** Longest one digest may take, download and look-up included (default 5 s: the user is waiting at Save). */
  timeoutMs?: number;
  /** Wait before the one retry of a transient failure (default 300 ms). */
  retryDelayMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const REFUSED_URL = new Set(['forbidden', 'not-found']);

export class AttachmentDigests {
  private readonly inFlight = new Map<string, Promise<AttachmentDigestResult>>();
  /** Downloads made (tests check that a cached hash is not fetched again). */
  downloads = 0;

  constructor(private readonly opts: AttachmentDigestOptions) {}

  /** Concurrent asks for one attachment share one download. */
  digest(request: AttachmentDigestRequest): Promise<AttachmentDigestResult> {
    const running = this.inFlight.get(request.attachmentId);
    if (running) return running;
    const job = this.run(request).finally(() => this.inFlight.delete(request.attachmentId));
    this.inFlight.set(request.attachmentId, job);
    return job;
  }

  private async run(request: AttachmentDigestRequest): Promise<AttachmentDigestResult> {
    const client = await this.opts.client();
    if (!client) return { status: 'unavailable', reason: 'not-connected', message: 'No Kantata account is connected.' };
    const signal = AbortSignal.timeout(this.opts.timeoutMs ?? 5_000);
    let fresh: ReceiptAttachment | null = null;
    let url = request.url;
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          this.downloads++;
          const bytes = await client.download(url, signal);
          const expected = fresh?.filesize ?? request.filesize;
          if (bytes.byteLength !== expected) {
            throw new KantataError('bad-response', `Attachment ${request.attachmentId}: the download has ${bytes.byteLength} bytes, Kantata lists ${expected}`);
          }
          return { status: 'ok', sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength, attachment: fresh };
        } catch (e) {
          if (!isKantataError(e) || attempt > 0) throw e;
          if (REFUSED_URL.has(e.kind) && request.expenseRemoteId !== null) {
            fresh = await this.freshAttachment(client, request, signal);
            if (!fresh) return { status: 'unavailable', reason: 'gone', message: `Kantata no longer has attachment ${request.attachmentId}.` };
            url = fresh.url;
          } else if (e.retryable) {
            await (this.opts.sleep ?? defaultSleep)(this.opts.retryDelayMs ?? 300, signal);
          } else {
            throw e;
          }
        }
      }
    } catch (e) {
      if (!isKantataError(e)) throw e;
      if (e.kind === 'auth') await this.opts.onAuthRequired?.();
      return { status: 'unavailable', reason: reasonFor(e), message: e.message };
    }
  }

  /** The attachment as the expense's record side-loads it now, or null when it no longer holds it. */
  private async freshAttachment(client: KantataClient, request: AttachmentDigestRequest, signal: AbortSignal): Promise<ReceiptAttachment | null> {
    const page = await client.expensesByIds([request.expenseRemoteId!], signal);
    const attachment = page.receipts?.get(request.attachmentId);
    return attachment ? receiptAttachment(attachment) : null;
  }
}

function reasonFor(e: KantataError): 'offline' | 'gone' | 'failed' {
  if (e.kind === 'network' || e.kind === 'timeout' || e.kind === 'aborted') return 'offline';
  if (e.kind === 'not-found') return 'gone';
  return 'failed';
}
