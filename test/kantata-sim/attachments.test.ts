import { describe, expect, it } from 'vitest';
import type { ApiAttachment, ApiEnvelope, ApiErrorBody, ApiExpense } from '@shared/kantata/wire';
import type { SimClient } from './helpers';
import type { World } from './world';
import { withTestSim } from './test-sim';

let c: SimClient;
let w: World;
withTestSim({ seed: 'empty' }, (started) => void ({ c, w } = started));

type AttachmentEnvelope = ApiEnvelope & { attachments: Record<string, ApiAttachment> } & ApiErrorBody;

function upload(filename: string, bytes: Uint8Array, type = 'receipt') {
  const form = new FormData();
  form.set('attachment[type]', type);
  form.set('attachment[data]', new Blob([bytes], { type: 'application/octet-stream' }), filename);
  return c.json<AttachmentEnvelope>('/attachments', { method: 'POST', body: form });
}

describe('attachments', () => {
  it('uploads a receipt, which an expense can then reference and side-load', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.4 fake receipt');
    const r = await upload('taxi_receipt-2026.pdf', bytes);
    expect(r.status).toBe(200);
    const id = r.body.results[0]!.id;
    expect(r.body.results).toEqual([{ key: 'attachments', id }]);
    expect(r.body.attachments[id]).toMatchObject({ id, filename: 'taxi_receipt-2026.pdf', filesize: bytes.length, view_in_new_tab: true, deleted_at: null });
    const data = await fetch(r.body.attachments[id]!.url);
    expect(Buffer.from(await data.arrayBuffer()).toString()).toBe('%PDF-1.4 fake receipt');

    const created = await c.json<ApiEnvelope & { expenses: Record<string, ApiExpense>; attachments: Record<string, ApiAttachment> }>(
      '/expenses?include=receipt', { method: 'POST', body: JSON.stringify({ expense: w.fields({ receipt_id: id }) }) },
    );
    expect(created.status).toBe(200);
    const e = created.body.expenses[created.body.results[0]!.id]!;
    expect(e.receipt_id).toBe(id);
    expect(created.body.attachments[id]!.filename).toBe('taxi_receipt-2026.pdf');
  });

  it('accepts a receipt on PUT and rejects a non-receipt attachment', async () => {
    const receipt = await upload('r1.jpg', new Uint8Array([1, 2, 3]));
    const post = await upload('p1.jpg', new Uint8Array([1, 2, 3]), 'post_attachment');
    const e = w.add();
    const put = (receiptId: string) => c.json<ApiErrorBody>(`/expenses/${e.id}`, { method: 'PUT', body: JSON.stringify({ expense: { receipt_id: receiptId } }) });
    expect((await put(receipt.body.results[0]!.id)).status).toBe(200);
    const bad = await put(post.body.results[0]!.id);
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]!.field).toBe('receipt_id');
  });

  it.each(['my receipt.pdf', 'receipt.tar.gz', 'reçu.pdf', 'noextension', 'semi;colon.png'])('refuses the file name %j', async (name) => {
    const r = await upload(name, new Uint8Array([1]));
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toMatchObject({ type: 'validation', field: 'filename' });
  });

  it('refuses more than 10 MB and accepts exactly 10 MB', async () => {
    const over = await upload('big.pdf', new Uint8Array(10 * 1024 * 1024 + 1));
    expect(over.status).toBe(422);
    expect(over.body.errors[0]).toMatchObject({ type: 'validation', field: 'data' });
    expect((await upload('limit.pdf', new Uint8Array(10 * 1024 * 1024))).status).toBe(200);
  });

  it('requires type receipt|post_attachment and a file', async () => {
    expect((await upload('a.pdf', new Uint8Array([1]), 'selfie')).body.errors[0]!.field).toBe('type');
    const form = new FormData();
    form.set('attachment[type]', 'receipt');
    const r = await c.json<ApiErrorBody>('/attachments', { method: 'POST', body: form });
    expect(r.status).toBe(422);
    expect(r.body.errors[0]!.field).toBe('data');
  });

  it('deletes with 204; the receipt can no longer be referenced and is unlinked from expenses', async () => {
    const up = await upload('gone.png', new Uint8Array([9]));
    const id = up.body.results[0]!.id;
    const e = w.add({ receipt_id: id });
    const res = await c.api(`/attachments/${id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(c.sim.admin.getExpense(e.id)!.receipt_id).toBeNull();
    const r = await c.json<ApiErrorBody>('/expenses', { method: 'POST', body: JSON.stringify({ expense: w.fields({ receipt_id: id }) }) });
    expect(r.status).toBe(422);
    expect(r.body.errors[0]!.field).toBe('receipt_id');
    expect((await c.api(`/attachments/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('direct upload: request, POST the fields and file to the action URL (201), then sync', async () => {
    const start = await c.json<{ id: number; action: string; fields: Record<string, string> }>('/attachments', {
      method: 'POST', body: JSON.stringify({ attachment: { direct: true, filename: 'big_scan.pdf', type: 'receipt' } }),
    });
    expect(start.status).toBe(200);
    const id = String(start.body.id);
    expect(start.body.action).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);

    // Before the file and the sync, it is not a usable receipt.
    const early = await c.json<ApiErrorBody>('/expenses', { method: 'POST', body: JSON.stringify({ expense: w.fields({ receipt_id: id }) }) });
    expect(early.body.errors[0]!.field).toBe('receipt_id');
    expect((await c.json<ApiErrorBody>(`/attachments/${id}/sync`, { method: 'PUT' })).status).toBe(422);

    const big = new Uint8Array(12 * 1024 * 1024).fill(7);
    const form = new FormData();
    for (const [k, v] of Object.entries(start.body.fields)) form.set(k, v);
    form.set('file', new Blob([big]), 'big_scan.pdf');
    const stored = await fetch(start.body.action, { method: 'POST', body: form });
    expect(stored.status).toBe(201);

    const synced = await c.json<AttachmentEnvelope>(`/attachments/${id}/sync`, { method: 'PUT' });
    expect(synced.status).toBe(200);
    expect(synced.body.attachments[id]).toMatchObject({ filename: 'big_scan.pdf', filesize: big.length });
    const used = await c.json('/expenses', { method: 'POST', body: JSON.stringify({ expense: w.fields({ receipt_id: id }) }) });
    expect(used.status).toBe(200);
  });

  it('direct upload checks the file name and the upload fields', async () => {
    const bad = await c.json<ApiErrorBody>('/attachments', {
      method: 'POST', body: JSON.stringify({ attachment: { direct: true, filename: 'bad name.pdf', type: 'receipt' } }),
    });
    expect(bad.body.errors[0]!.field).toBe('filename');
    const start = await c.json<{ id: number; action: string }>('/attachments', {
      method: 'POST', body: JSON.stringify({ attachment: { direct: true, filename: 'x.pdf', type: 'receipt' } }),
    });
    const form = new FormData();
    form.set('key', 'uploads/wrong');
    form.set('file', new Blob([new Uint8Array([1])]), 'x.pdf');
    expect((await fetch(start.body.action, { method: 'POST', body: form })).status).toBe(403);
  });

  describe('downloads (the CDN)', () => {
    it('serves the bytes at the pre-signed URL without auth; an expired signature gets 403, a deleted file 404', async () => {
      const bytes = new Uint8Array([1, 2, 3, 4, 5]);
      const up = await upload('scan.png', bytes);
      const id = up.body.results[0]!.id;
      const { url } = up.body.attachments[id]!;
      expect(new URL(url).pathname).toBe(`/cdn/attachments/${id}/scan.png`);
      const got = await fetch(url);
      expect(got.status).toBe(200);
      expect(new Uint8Array(await got.arrayBuffer())).toEqual(bytes);

      c.sim.admin.expireAttachmentUrls();
      expect((await fetch(url)).status).toBe(403);
      // The expense's record side-loads the fresh URL.
      const e = w.add({ receipt_id: id });
      const listed = await c.json<ApiEnvelope & { attachments: Record<string, ApiAttachment> }>(`/expenses?only=${e.id}&include=receipt`);
      const fresh = listed.body.attachments[id]!.url;
      expect(fresh).not.toBe(url);
      expect((await fetch(fresh)).status).toBe(200);

      c.sim.admin.deleteAttachment(id);
      expect((await fetch(fresh)).status).toBe(404);
    });

    it('an attachment added as from another device is served like an uploaded one, and downloads take the injected faults', async () => {
      const origin = new URL(c.sim.baseUrl).origin;
      const a = c.sim.admin.addReceipt(c.sim.userId, 'from_web.jpg', new Uint8Array([7, 7, 7]), origin);
      expect(a).toMatchObject({ filename: 'from_web.jpg', filesize: 3 });
      c.sim.admin.injectFault({ kind: 'status', status: 503, method: 'GET', pathPattern: '^/cdn/', times: 1 });
      expect((await fetch(a.url)).status).toBe(503);
      expect(new Uint8Array(await (await fetch(a.url)).arrayBuffer())).toEqual(new Uint8Array([7, 7, 7]));
      expect(c.sim.admin.requestLog().filter((r) => r.path.startsWith('/cdn/')).slice(-2).map((r) => [r.status, r.fault ?? null])).toEqual([[503, 'status'], [200, null]]);
    });
  });
});
