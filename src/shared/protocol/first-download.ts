import { z } from 'zod';
import { ApiExpenseSchema } from '../model/expense';
import { ReceiptAttachmentSchema } from './receipt-attachments';

/**
 * The first (full) download in chunks, so the renderer applies chunk k while main fetches chunk
 * k+1. Main is stateless between chunks: the renderer asks for a page range and checks that the
 * total did not change between chunks; it stores the cursor of the first chunk only after the last
 * chunk is applied (an interrupted download starts again; applying a chunk twice is harmless).
 */
export const PullChunkRequestSchema = z.object({
  /** Names the progress events (the round the download belongs to). */
  roundId: z.string().min(1),
  /** First page (1-based) of this chunk; pages of `pageSize` in created_at order. */
  fromPage: z.number().int().min(1),
  /** How many pages (at most 100). */
  pages: z.number().int().min(1).max(100),
  /**
   * The download's `updated_before` bound (ISO): the first chunk's `cursor`, given with every
   * later chunk so all pages list the same shrink-only set (see main's sync/pull.ts).
   */
  until: z.string().optional(),
});
export type PullChunkRequest = z.infer<typeof PullChunkRequestSchema>;

export const PullChunkResultSchema = z.object({
  /** 'ok': every page of the range arrived; anything else: nothing usable, run a normal round. */
  status: z.enum(['ok', 'auth-required', 'offline', 'not-connected']),
  upserts: z.array(ApiExpenseSchema),
  clientRefs: z.record(z.string(), z.string()),
  /** The receipt attachments of `upserts` (side-loaded with them). */
  receipts: z.array(ReceiptAttachmentSchema).optional(),
  /** Expenses on the server, and pages in all, as the chunk's pages reported them (-1: not all the same). */
  total: z.number().int(),
  pageCount: z.number().int(),
  /** The download's upper bound (ISO): its cursor once complete, and the `until` of its later chunks; null when failed. */
  cursor: z.string().nullable(),
  message: z.string().nullable(),
});
export type PullChunkResult = z.infer<typeof PullChunkResultSchema>;
