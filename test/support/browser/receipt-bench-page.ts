/**
 * Runs in the receipts bench's Chromium page (bundled by test/bench/receipts.bench.ts): the renderer's own code
 * stores receipts (capture pipeline: sniff, decode, thumbnail, SHA-256, one Dexie transaction
 * with the expense update and outbox entry) and uploads them (uploadPendingReceipts) through a
 * `receiptUpload` that reaches the main-core process.
 */
import type { ExpenseFields } from '@shared/model/expense';
import type { CourierApi } from '@shared/contract';
import { CourierDatabase } from '@renderer/db/database';
import { useDatabase } from '@renderer/db/current';
import { saveExpense } from '@renderer/db/expenses-repo';
import { captureFiles } from '@renderer/receipts/capture';
import { uploadPendingReceipts } from '@renderer/receipts/upload';
import { taxiFields } from './seed';
import { noiseImage } from './receipt-files';

declare global {
  interface Window {
    receiptBench: typeof receiptBench;
  }
}

/** `receiptUpload` to the bench's main-core process (same-origin loopback HTTP, binary body). */
async function receiptUpload(request: Parameters<CourierApi['receiptUpload']>[0]): Promise<{ attachmentId: string; reused: boolean }> {
  const { bytes, ...rest } = request;
  const response = await fetch(`/receiptUpload?${new URLSearchParams(rest)}`, { method: 'POST', body: bytes as BlobPart });
  const body = (await response.json()) as { attachmentId: string; reused: boolean } | { error: string };
  if ('error' in body) throw new Error(body.error);
  return body;
}

const fields: ExpenseFields = { ...taxiFields, notes: 'Bench', billable: false };

let db: CourierDatabase;
let base: Uint8Array;

/** A real photo-like JPEG (noise compresses badly, as camera sensor noise does). */
async function baseJpeg(width: number, height: number): Promise<Uint8Array> {
  return new Uint8Array(await (await noiseImage(width, height, 'image/jpeg', 0.9)).arrayBuffer());
}

/** Receipt number `i`: the base JPEG, then bytes after its end marker (ignored by decoders) to make it unique and exactly `size`. */
function receiptFile(i: number, size: number): File {
  const bytes = new Uint8Array(size);
  bytes.set(base);
  const tag = new TextEncoder().encode(`receipt-${i}-`);
  for (let at = base.length; at < size; at += tag.length) bytes.set(tag.subarray(0, Math.min(tag.length, size - at)), at);
  return new File([bytes], `receipt ${i}.jpg`, { type: 'image/jpeg' });
}

export const receiptBench = {
  async prepare(size: number): Promise<number> {
    db = useDatabase(new CourierDatabase(`receipt-bench-${crypto.randomUUID()}`));
    await db.open();
    let side = 1200;
    base = await baseJpeg(side, Math.round(side * 0.75));
    while (base.length > size * 0.95) {
      side = Math.floor(side * 0.9);
      base = await baseJpeg(side, Math.round(side * 0.75));
    }
    return base.length;
  },

  /** Stores `count` receipts of `size` bytes, one per expense; answers ms. Each file is made, stored and dropped in turn. */
  async store(count: number, size: number): Promise<number> {
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const expense = await saveExpense({ fields: { ...fields, notes: `Bench ${i}` } }, db);
      const report = await captureFiles([receiptFile(i, size)], { kind: 'expense', expenseId: expense.id }, {}, db);
      if (report.refused.length > 0) throw new Error(report.refused[0]!.message);
    }
    return performance.now() - started;
  },

  async upload(): Promise<{ ms: number; callMs: number; uploaded: number; failed: number; firstError: string | null }> {
    const started = performance.now();
    let callMs = 0;
    const result = await uploadPendingReceipts(db, {
      receiptUpload: async (request) => {
        const t = performance.now();
        try {
          return await receiptUpload(request);
        } finally {
          callMs += performance.now() - t;
        }
      },
      on: () => () => {},
    });
    return {
      ms: performance.now() - started,
      callMs,
      uploaded: result.uploaded.length,
      failed: result.failed.length,
      firstError: result.failed[0]?.message ?? null,
    };
  },

  async linked(): Promise<number> {
    return db.receipts.filter((r) => r.attachmentId !== null).count();
  },
};

window.receiptBench = receiptBench;
