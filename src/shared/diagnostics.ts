/**
 * Help → Export diagnostics: what the main window sends (the outbox lives in its database) and
 * what main answers. Expense notes travel only when the user ticked the box.
 */
import { z } from 'zod';

export const OutboxSummaryEntrySchema = z.object({
  expenseId: z.string(),
  kind: z.string(),
  /** Local ms of the change. */
  at: z.number(),
  attempts: z.number().int().min(0),
  notBefore: z.number().nullable(),
  syncState: z.string().nullable(),
  /** The server's or the engine's message on the expense, when it has one. */
  message: z.string().nullable(),
  /** Only with includeNotes. */
  notes: z.string().optional(),
});
export type OutboxSummaryEntry = z.infer<typeof OutboxSummaryEntrySchema>;

export const OutboxSummarySchema = z.object({
  entries: z.number().int().min(0),
  byKind: z.record(z.string(), z.number().int()),
  bySyncState: z.record(z.string(), z.number().int()),
  /** The oldest waiting entries (at most 200). */
  oldest: z.array(OutboxSummaryEntrySchema).max(200),
});
export type OutboxSummary = z.infer<typeof OutboxSummarySchema>;

export const DiagnosticsExportRequestSchema = z.object({
  includeNotes: z.boolean(),
  outbox: OutboxSummarySchema,
});
export type DiagnosticsExportRequest = z.infer<typeof DiagnosticsExportRequestSchema>;

export const DiagnosticsExportResultSchema = z.object({
  /** False when the user closed the save dialog. */
  saved: z.boolean(),
  filePath: z.string().nullable(),
});
export type DiagnosticsExportResult = z.infer<typeof DiagnosticsExportResultSchema>;
