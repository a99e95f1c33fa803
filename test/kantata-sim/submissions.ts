import type { ApiError, ApiExternalReferenceWrite } from '@shared/kantata/wire';
import type { SimClock } from './clock';
import type { SimResolution, SimStore, SimSubmission, SimUser } from './store';

/**
 * Expense report submission rules, shared by the HTTP API and the admin interface (an approver
 * acting "as another user" goes through the same checks): every expense of one project, the
 * user's own and not already submitted or invoiced; submitting locks them, approval keeps them
 * locked, rejection and cancellation unlock them.
 */

export interface SubmissionInput {
  workspace_id?: unknown;
  title?: unknown;
  comment?: unknown;
  line_item_ids?: unknown;
  external_reference?: unknown;
}

export type ResolutionType = SimResolution['type'];

/** What each resolution does to the submission's status. */
const RESOLVED_STATUS: Record<ResolutionType, SimSubmission['status']> = {
  approval: 'approved',
  rejection: 'rejected',
  cancellation: 'cancelled',
};

const ACTION: Record<ResolutionType, string> = { approval: 'approved', rejection: 'rejected', cancellation: 'cancelled' };

function err(field: string, message: string): ApiError {
  return { type: 'validation', field, message };
}

function idOf(v: unknown): string | null {
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  if (typeof v === 'string' && /^\d+$/.test(v)) return v;
  return null;
}

export class SubmissionRules {
  constructor(
    private readonly store: SimStore,
    private readonly clock: SimClock,
  ) {}

  /** Validates and creates a submission, locking its expenses; the errors when it is refused. */
  submit(user: SimUser, input: SubmissionInput): SimSubmission | ApiError[] {
    const errors: ApiError[] = [];
    const title = typeof input.title === 'string' ? input.title.trim() : '';
    if (title === '') errors.push(err('title', "Title can't be blank"));
    if (input.comment !== undefined && input.comment !== null && typeof input.comment !== 'string') errors.push(err('comment', 'Comment must be a string'));
    const wsId = idOf(input.workspace_id);
    const ws = wsId ? this.store.workspaces.get(wsId) : undefined;
    if (!ws) errors.push(err('workspace_id', 'Workspace does not exist or is not visible to you'));
    else if (ws.archived || !ws.can_create_line_items) errors.push(err('workspace_id', 'Expenses in this project cannot be submitted'));
    const rawIds = Array.isArray(input.line_item_ids) ? input.line_item_ids : [];
    if (rawIds.length === 0) errors.push(err('line_item_ids', "Line items can't be blank"));
    const ids: string[] = [];
    for (const raw of rawIds) {
      const id = idOf(raw);
      const e = id ? this.store.expenses.get(id) : undefined;
      if (!id || !e || e.user_id !== user.id) {
        errors.push(err('line_item_ids', `Expense ${String(raw)} does not exist or is not yours`));
        continue;
      }
      if (ws && e.workspace_id !== ws.id) errors.push(err('line_item_ids', `Expense ${id} is in another project: every expense of a submission belongs to the same project`));
      else if (e.active_submission_id !== null) errors.push(err('line_item_ids', `Expense ${id} has already been submitted`));
      else if (e.is_invoiced) errors.push(err('line_item_ids', `Expense ${id} has already been invoiced`));
      if (!ids.includes(id)) ids.push(id);
    }
    const ref = input.external_reference as Partial<ApiExternalReferenceWrite> | undefined | null;
    if (ref !== undefined && ref !== null) {
      for (const f of ['service_name', 'service_model', 'service_model_ref'] as const) {
        if (typeof ref[f] !== 'string' || ref[f] === '') errors.push(err('external_reference', `External reference ${f} can't be blank`));
      }
    }
    if (errors.length > 0) return errors;

    const stamp = this.clock.stamp();
    const sub: SimSubmission = {
      id: this.store.nextId('submission'), title, comment: typeof input.comment === 'string' ? input.comment : null,
      workspace_id: ws!.id, user_id: user.id, expense_ids: ids, status: 'pending', created_at: stamp, updated_at: stamp,
      resolutions: [], references: [],
    };
    if (ref) {
      sub.references.push({
        id: this.store.nextId('external_reference'), subject_type: 'Submission', subject_id: sub.id,
        service_name: ref.service_name!, service_model: ref.service_model!, service_model_ref: ref.service_model_ref!,
        created_at: stamp, updated_at: stamp,
      });
    }
    for (const id of ids) {
      const e = this.store.expenses.get(id)!;
      e.active_submission_id = sub.id;
      e.recent_submission_id = sub.id;
      e.submission_status = 'pending';
      e.updated_at = stamp;
    }
    this.store.submissions.set(sub.id, sub);
    return sub;
  }

  /**
   * Approves, rejects or cancels an open submission. `by` approves or rejects (an approver, not the
   * submitter) or cancels (the submitter). A refusal answers its status and message.
   */
  resolve(sub: SimSubmission, by: SimUser, type: ResolutionType, description: string | null): SimSubmission | { status: 403 | 422; message: string } {
    const own = sub.user_id === by.id;
    if (type === 'cancellation' && !own) return { status: 403, message: 'Only the submitter can cancel a submission' };
    if (type !== 'cancellation' && own) return { status: 403, message: `You cannot ${type === 'approval' ? 'approve' : 'reject'} your own submission` };
    if (sub.status !== 'pending') return { status: 422, message: `This submission is ${sub.status} and cannot be ${ACTION[type]}` };
    this.store.touch();
    const stamp = this.clock.stamp();
    sub.resolutions.push({ id: this.store.nextId('resolution'), type, description, user_id: by.id, created_at: stamp, updated_at: stamp });
    sub.status = RESOLVED_STATUS[type];
    sub.updated_at = stamp;
    for (const id of sub.expense_ids) {
      const e = this.store.expenses.get(id);
      if (!e || e.active_submission_id !== sub.id) continue;
      if (type === 'approval') e.submission_status = 'approved';
      else {
        // Rejection and cancellation give the expenses back to their owner.
        e.active_submission_id = null;
        e.submission_status = null;
      }
      e.updated_at = stamp;
    }
    return sub;
  }
}
