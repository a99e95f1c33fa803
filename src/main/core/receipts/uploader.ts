/**
 * Receipt uploads in the main-process core: `POST /attachments` (multipart, type receipt, a safe
 * file name), at most `concurrency` at a time, with progress, retried with backoff when the
 * failure is transient, and exactly once per content hash thanks to the ledger: the renderer may
 * ask again (it never heard the answer, or crashed) and gets the same attachment id back.
 *
 * An upload whose answer is lost (dropped connection after the server stored it) is sent again:
 * the first copy becomes an orphan on the server, which is harmless because no expense refers to
 * it (expenses only ever get ids that reached the ledger).
 */
import { createHash } from 'node:crypto';
import type { ApiAttachment } from '@shared/kantata/wire';
import type { KantataClient } from '../kantata/client';
import { sleep as defaultSleep } from '../kantata/client';
import { decodeEnvelope } from '../kantata/envelope';
import { KantataError, isKantataError } from '../kantata/errors';
import { DEFAULT_RETRY, Limiter, withBackoff, type RetryPolicy } from '../sync/retry';
import { receiptMultipart } from './multipart';
import { safeFileName } from './safe-file-name';
import type { UploadLedger } from './ledger';

export interface ReceiptUploadInput {
  receiptId: string;
  hash: string;
  fileName: string;
  mime: string;
  bytes: Uint8Array;
  /** An id Kantata refused for these bytes (deleted there): never handed out again. */
  refusedAttachmentId?: string;
}

export interface ReceiptUploadOutput {
  attachmentId: string;
  reused: boolean;
}

export interface ReceiptUploadProgress {
  receiptId: string;
  sentBytes: number;
  totalBytes: number;
}

export interface ReceiptUploaderOptions {
  /** The connected account's client, or null when no account is connected (AccountService.client). */
  client: () => Promise<KantataClient | null> | KantataClient | null;
  /** Told when the server answers 401 (AccountService.markAuthRequired: sync pauses). */
  onAuthRequired?: () => void | Promise<void>;
  ledger: UploadLedger;
  /** Uploads in flight at once, whatever number the renderer asks for (default 3). */
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  onProgress?: (progress: ReceiptUploadProgress) => void;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

export class NotConnectedError extends Error {
  constructor() {
    super('No Kantata account is connected: the receipt stays on this computer until you connect.');
    this.name = 'NotConnectedError';
  }
}

export class ReceiptUploader {
  private readonly slots: Limiter;
  private readonly policy: RetryPolicy;
  private readonly inFlight = new Map<string, Promise<ReceiptUploadOutput>>();
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  /** Uploads sent to the server by this process (stats, tests). */
  sent = 0;

  constructor(private readonly opts: ReceiptUploaderOptions) {
    this.slots = new Limiter(opts.concurrency ?? 3);
    this.policy = { ...DEFAULT_RETRY, ...opts.retry };
    this.random = opts.random ?? Math.random;
    this.sleep = opts.sleep ?? defaultSleep;
    this.now = opts.now ?? Date.now;
  }

  async upload(input: ReceiptUploadInput, signal?: AbortSignal): Promise<ReceiptUploadOutput> {
    const actual = createHash('sha256').update(input.bytes).digest('hex');
    if (actual !== input.hash) {
      // The ledger is keyed by the hash: a wrong one would hand out another file's attachment.
      throw new Error(`Receipt ${input.fileName}: its content does not match its hash (the local copy may be damaged).`);
    }
    const client = await this.opts.client();
    if (!client) throw new NotConnectedError();
    const account = client.baseUrl;
    if (input.refusedAttachmentId !== undefined && this.opts.ledger.get(account, input.hash)?.attachmentId === input.refusedAttachmentId) {
      this.opts.ledger.forget(account, input.hash);
    }
    const known = this.opts.ledger.get(account, input.hash);
    if (known) {
      this.report(input.receiptId, input.bytes.byteLength, input.bytes.byteLength);
      return { attachmentId: known.attachmentId, reused: true };
    }
    // Two receipts with the same bytes asked at once share one upload.
    const key = `${account} ${input.hash}`;
    const running = this.inFlight.get(key);
    if (running) return { ...(await running), reused: true };
    const job = this.slots
      .run(() => this.send(client, account, input, signal))
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, job);
    try {
      return await job;
    } catch (e) {
      if (isKantataError(e) && e.kind === 'auth') await this.opts.onAuthRequired?.();
      throw e;
    }
  }

  private report(receiptId: string, sentBytes: number, totalBytes: number): void {
    this.opts.onProgress?.({ receiptId, sentBytes, totalBytes });
  }

  private async send(client: KantataClient, account: string, input: ReceiptUploadInput, signal?: AbortSignal): Promise<ReceiptUploadOutput> {
    // A concurrent caller may have finished the same bytes while this one waited for a slot.
    const known = this.opts.ledger.get(account, input.hash);
    if (known) return { attachmentId: known.attachmentId, reused: true };
    const fileName = safeFileName(input.fileName, input.mime);
    return withBackoff(
      { policy: this.policy, random: this.random, sleep: this.sleep },
      async () => {
        const attachment = await this.post(client, input, fileName, signal);
        this.opts.ledger.record(account, input.hash, {
          attachmentId: attachment.id,
          fileName,
          bytes: input.bytes.byteLength,
          uploadedAt: this.now(),
        });
        this.sent++;
        return { attachmentId: attachment.id, reused: false };
      },
      // A lost answer is simply sent again (see the top of this file): no look-up first.
      { signal, onWait: () => this.report(input.receiptId, 0, input.bytes.byteLength) },
    );
  }

  private async post(client: KantataClient, input: ReceiptUploadInput, fileName: string, signal?: AbortSignal): Promise<ApiAttachment> {
    const body = receiptMultipart(
      { 'attachment[type]': 'receipt' },
      { field: 'attachment[data]', fileName, mime: input.mime, bytes: input.bytes },
      // Progress in file bytes (the multipart framing is a few hundred bytes more).
      (sent, total) => this.report(input.receiptId, Math.floor((input.bytes.byteLength * sent) / total), input.bytes.byteLength),
    );
    const raw = await client.request('POST', '/attachments', {
      raw: { body: body.stream, contentType: body.contentType },
      signal,
    });
    const attachment = decodeEnvelope<ApiAttachment>(raw.body, 'attachments').items[0];
    if (!attachment) throw new KantataError('bad-response', 'POST /attachments returned no attachment');
    this.report(input.receiptId, input.bytes.byteLength, input.bytes.byteLength);
    return attachment;
  }
}

/** The part of the account service (account/account-service.ts) the uploader needs. */
export interface UploadAccount {
  client(): Promise<KantataClient | null>;
  markAuthRequired(): Promise<void>;
}

/**
 * The uploader as the app wires it: the connected account's client, a 401 pauses sync like any
 * other request, progress goes out as `receiptUploadProgress` events.
 */
export function receiptUploaderFor(
  account: UploadAccount,
  deps: { ledger: UploadLedger; onProgress?: (progress: ReceiptUploadProgress) => void; concurrency?: number },
): ReceiptUploader {
  return new ReceiptUploader({
    client: () => account.client(),
    onAuthRequired: () => account.markAuthRequired(),
    ledger: deps.ledger,
    onProgress: deps.onProgress,
    concurrency: deps.concurrency,
  });
}
