import { randomBytes } from 'node:crypto';
import { systemError, validationError, type ApiRequest, type ApiResponse, type SimContext } from './context';
import { EnvelopeBuilder, attachmentToWire } from './serialize';
import type { SimAttachment } from './store';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Letters, digits, `_` and `-`, then one extension. */
const FILENAME_RULE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9]+$/;
const PREVIEWABLE = /\.(png|jpe?g|gif|webp)$/i;

const badFilename = (): ApiResponse => validationError([
  { type: 'validation', field: 'filename', message: 'File name may only contain letters, digits, _ and - and one extension' },
]);

async function formOf(req: { url: string; headers: Record<string, string | string[] | undefined>; rawBody: Buffer }): Promise<FormData | null> {
  const type = String(req.headers['content-type'] ?? '');
  if (!type.startsWith('multipart/form-data')) return null;
  try {
    return await new Request(req.url, { method: 'POST', headers: { 'content-type': type }, body: req.rawBody }).formData();
  } catch {
    return null;
  }
}

/** Reads `attachment[x]` from a multipart form or a JSON body `{"attachment": {...}}`. */
function fieldsOf(req: ApiRequest, form: FormData | null): (name: string) => unknown {
  if (form) return (name) => form.get(`attachment[${name}]`);
  const body = (req.body as { attachment?: Record<string, unknown> } | undefined)?.attachment ?? {};
  return (name) => body[name];
}

/**
 * Kantata serves attachments from its CDN through pre-signed URLs: the simulator's stand-in is
 * `/cdn/attachments/{id}/{filename}?signature=…`, answered without auth, with the bytes, while the
 * signature is current (403 once `expireAttachmentUrls` changed it, 404 once deleted).
 */
export function signedUrl(origin: string, a: Pick<SimAttachment, 'id' | 'filename' | 'signature'>): string {
  return `${origin}/cdn/attachments/${a.id}/${encodeURIComponent(a.filename)}?signature=${a.signature}`;
}

export function newAttachment(
  ctx: SimContext, origin: string, userId: string, filename: string, type: SimAttachment['type'], data: Buffer,
): SimAttachment {
  const stamp = ctx.clock.stamp();
  const id = ctx.store.nextId('attachment');
  const signature = randomBytes(8).toString('hex');
  return {
    id, filename, filesize: data.length, url: signedUrl(origin, { id, filename, signature }), signature,
    previewable: PREVIEWABLE.test(filename), view_in_new_tab: /\.pdf$/i.test(filename),
    created_at: stamp, updated_at: stamp, deleted_at: null, type, user_id: userId, data,
  };
}

/** GET /cdn/attachments/{id}/{filename}?signature=…: the CDN's side of a download (see signedUrl). */
export function serveAttachment(ctx: SimContext, url: URL): ApiResponse | null {
  const match = /^\/cdn\/attachments\/(\d+)\/[^/]+$/.exec(url.pathname);
  if (!match) return null;
  const a = ctx.store.attachments.get(match[1]!);
  if (!a || a.deleted_at || a.direct) return { status: 404, body: 'NoSuchKey' };
  if (url.searchParams.get('signature') !== a.signature) return { status: 403, body: 'AccessDenied: Request has expired' };
  return { status: 200, body: a.data };
}

/**
 * POST /attachments: a multipart upload (`attachment[data]`, ≤ 10 MB), or the first step of a
 * direct upload (`attachment[direct]=true` with `attachment[filename]`), answered with the
 * action URL and fields to POST the file to, then `PUT /attachments/{id}/sync`.
 */
export async function createAttachment(ctx: SimContext, req: ApiRequest): Promise<ApiResponse> {
  const form = await formOf(req);
  if (!form && req.body === undefined) return systemError(400, 'Attachments are uploaded as multipart/form-data');
  const field = fieldsOf(req, form);
  const kind = field('type');
  if (kind !== 'receipt' && kind !== 'post_attachment') {
    return validationError([{ type: 'validation', field: 'type', message: 'Type must be receipt or post_attachment' }]);
  }
  const direct = field('direct');
  if (direct === 'true' || direct === true) {
    const filename = field('filename');
    if (typeof filename !== 'string' || filename === '') {
      return validationError([{ type: 'validation', field: 'filename', message: "Filename can't be blank for a direct upload" }]);
    }
    if (!FILENAME_RULE.test(filename)) return badFilename();
    const attachment = newAttachment(ctx, new URL(req.url).origin, req.user.id, filename, kind, Buffer.alloc(0));
    attachment.direct = 'awaiting-file';
    ctx.store.attachments.set(attachment.id, attachment);
    const origin = new URL(req.url).origin;
    return {
      status: 200,
      body: {
        id: Number(attachment.id),
        action: `${origin}/__sim/direct-upload/${attachment.id}`,
        fields: { key: `uploads/${attachment.id}/${filename}`, policy: 'simulated', signature: randomBytes(8).toString('hex') },
      },
    };
  }
  if (!form) return systemError(400, 'Attachments are uploaded as multipart/form-data');
  const data = form.get('attachment[data]');
  if (!data || typeof data === 'string') {
    return validationError([{ type: 'validation', field: 'data', message: "Data can't be blank" }]);
  }
  if (data.size > MAX_ATTACHMENT_BYTES) {
    return validationError([{ type: 'validation', field: 'data', message: 'File is larger than 10 MB: use a direct upload' }]);
  }
  if (!FILENAME_RULE.test(data.name)) return badFilename();
  const attachment = newAttachment(ctx, new URL(req.url).origin, req.user.id, data.name, kind, Buffer.from(await data.arrayBuffer()));
  ctx.store.attachments.set(attachment.id, attachment);
  return { status: 200, body: new EnvelopeBuilder('attachments').primary([attachment], null, attachmentToWire).build() };
}

/** The storage side of a direct upload (no auth, like a pre-signed CDN form): 201 when accepted. */
export async function receiveDirectUpload(
  ctx: SimContext, id: string, req: { url: string; headers: Record<string, string | string[] | undefined>; rawBody: Buffer },
): Promise<ApiResponse> {
  const attachment = ctx.store.attachments.get(id);
  if (!attachment || attachment.direct !== 'awaiting-file') return { status: 404, body: { error: 'No pending direct upload' } };
  const form = await formOf(req);
  const file = form?.get('file');
  if (!form || !file || typeof file === 'string') return { status: 400, body: { error: 'Expected the fields and a file part named "file"' } };
  if (form.get('key') !== `uploads/${id}/${attachment.filename}`) return { status: 403, body: { error: 'Fields do not match the upload' } };
  attachment.data = Buffer.from(await file.arrayBuffer());
  attachment.filesize = attachment.data.length;
  attachment.signature = randomBytes(8).toString('hex');
  attachment.url = signedUrl(new URL(attachment.url).origin, attachment);
  attachment.direct = 'uploaded';
  return { status: 201 };
}

/** PUT /attachments/{id}/sync: finishes a direct upload; only then can it be a receipt. */
export function syncAttachment(ctx: SimContext, req: ApiRequest, id: string): ApiResponse {
  const a = ctx.store.attachments.get(id);
  if (!a || a.user_id !== req.user.id) return systemError(404, `Attachment ${id} not found`);
  if (a.direct === 'awaiting-file') {
    return validationError([{ type: 'validation', field: 'base', message: 'The file has not been uploaded yet' }]);
  }
  delete a.direct;
  a.updated_at = ctx.clock.stamp();
  return { status: 200, body: new EnvelopeBuilder('attachments').primary([a], null, attachmentToWire).build() };
}

export function deleteAttachment(ctx: SimContext, req: ApiRequest, id: string): ApiResponse {
  const a = ctx.store.attachments.get(id);
  if (!a || a.deleted_at || a.user_id !== req.user.id) return systemError(404, `Attachment ${id} not found`);
  removeAttachment(ctx, id);
  return { status: 204 };
}

/** Deletes an attachment; the receipt link of any expense goes with it (API and admin interface). */
export function removeAttachment(ctx: SimContext, id: string): boolean {
  if (!ctx.store.attachments.delete(id)) return false;
  for (const e of ctx.store.expenses.values()) {
    if (e.receipt_id === id) {
      e.receipt_id = null;
      e.updated_at = ctx.clock.stamp();
    }
  }
  return true;
}
