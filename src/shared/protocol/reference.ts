/** Reference data (contract call referenceRefresh): the pickers' data, cached for offline use. */
import { z } from 'zod';
import type { ApiExpenseBudget, ApiExpenseCategory, ApiStory, ApiUser, ApiVendor, ApiWorkspace } from '../kantata/wire';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasId = (v: unknown): boolean => isRecord(v) && typeof v.id === 'string';
export const ApiWorkspaceSchema = z.custom<ApiWorkspace>(hasId);
export const ApiCategorySchema = z.custom<ApiExpenseCategory>(hasId);
export const ApiVendorSchema = z.custom<ApiVendor>(hasId);
export const ApiBudgetSchema = z.custom<ApiExpenseBudget>(hasId);
export const ApiStorySchema = z.custom<ApiStory>(hasId);
export const ApiUserSchema = z.custom<ApiUser>(hasId);

export const ReferenceCursorsSchema = z.object({
  workspaces: z.string().nullable(),
  budgets: z.string().nullable(),
  stories: z.string().nullable(),
});
export type ReferenceCursors = z.infer<typeof ReferenceCursorsSchema>;

export const ReferenceRefreshRequestSchema = z.object({
  /** The `cursors` of the last stored snapshot; null (or absent) = download everything. */
  cursors: ReferenceCursorsSchema.nullable().optional(),
  /** Projects already cached (their budgets/tasks are refreshed incrementally too). */
  knownWorkspaceIds: z.array(z.string()).optional(),
});
export type ReferenceRefreshRequest = z.input<typeof ReferenceRefreshRequestSchema>;

/**
 * `full: true` = replace the cached set; `full: false` = upsert `upserts` and drop `removedIds`.
 * Categories and vendors have no updated_after in the API: always full.
 */
export const ReferenceSnapshotSchema = z.object({
  fetchedAt: z.string(),
  user: ApiUserSchema,
  /** Projects the user can log expenses to (can_create_line_items, not archived). */
  workspaces: z.object({ full: z.boolean(), upserts: z.array(ApiWorkspaceSchema), removedIds: z.array(z.string()) }),
  categories: z.array(ApiCategorySchema),
  vendors: z.array(ApiVendorSchema),
  /** Of the projects above (and the known ones). */
  budgets: z.object({ full: z.boolean(), upserts: z.array(ApiBudgetSchema) }),
  stories: z.object({ full: z.boolean(), upserts: z.array(ApiStorySchema) }),
  cursors: ReferenceCursorsSchema,
});
export type ReferenceSnapshot = z.infer<typeof ReferenceSnapshotSchema>;
