import type {
  ApiAttachment,
  ApiExpenseBudget,
  ApiExpenseCategory,
  ApiExternalReference,
  ApiStory,
  ApiUser,
  ApiVendor,
  ApiWorkspace,
} from '@shared/kantata/wire';

/** The simulator's records. Wire-shaped where possible; extra fields are internal bookkeeping. */

export interface SimUser extends ApiUser {
  tokens: string[];
}

export type SimWorkspace = ApiWorkspace;
export type SimCategory = ApiExpenseCategory;
export type SimVendor = ApiVendor;
export type SimBudget = ApiExpenseBudget;
export type SimStory = ApiStory;

export interface SimAttachment extends ApiAttachment {
  type: 'receipt' | 'post_attachment';
  user_id: string;
  data: Buffer;
  /** Direct upload: 'awaiting-file' until POSTed to the action URL, 'uploaded' until synced. */
  direct?: 'awaiting-file' | 'uploaded';
}

export type SimExternalReference = ApiExternalReference;

export type SubmissionStatus = 'pending' | 'approved';

/** An expense as stored. currency fields are derived from the workspace when serialized. */
export interface SimExpense {
  id: string;
  created_at: string;
  updated_at: string;
  date: string;
  notes: string | null;
  category: string;
  amount_in_cents: number;
  is_invoiced: boolean;
  is_billable: boolean;
  reimbursable: boolean;
  taxable: boolean;
  receipt_id: string | null;
  vendor_id: string | null;
  story_id: string | null;
  expense_category_id: string | null;
  expense_budget_id: string | null;
  role_id: string | null;
  workspace_id: string;
  user_id: string;
  active_submission_id: string | null;
  recent_submission_id: string | null;
  submission_status: SubmissionStatus | null;
  foreign_exchange_amount: { date: string | null; rate: number | null; source_currency: string; source_value: string } | null;
}

export class SimStore {
  users = new Map<string, SimUser>();
  workspaces = new Map<string, SimWorkspace>();
  categories = new Map<string, SimCategory>();
  vendors = new Map<string, SimVendor>();
  budgets = new Map<string, SimBudget>();
  stories = new Map<string, SimStory>();
  expenses = new Map<string, SimExpense>();
  attachments = new Map<string, SimAttachment>();
  externalReferences = new Map<string, SimExternalReference>();
  private nextIds = new Map<string, number>();

  /** Ids are per-kind counters starting at distinct bases, so an id of the wrong kind rarely matches. */
  nextId(kind: string): string {
    const base: Record<string, number> = {
      user: 7, workspace: 301, category: 11, vendor: 51, budget: 701, story: 901, expense: 1001,
      attachment: 5001, external_reference: 8001, submission: 60001,
    };
    const next = this.nextIds.get(kind) ?? base[kind] ?? 1;
    this.nextIds.set(kind, next + 1);
    return String(next);
  }

  /** Forgets every record and restarts the id counters. */
  clear(): void {
    for (const map of [this.users, this.workspaces, this.categories, this.vendors, this.budgets, this.stories,
      this.expenses, this.attachments, this.externalReferences, this.referencesBySubject] as Array<Map<string, unknown>>) map.clear();
    this.nextIds.clear();
  }

  userByToken(token: string): SimUser | undefined {
    for (const user of this.users.values()) if (user.tokens.includes(token)) return user;
    return undefined;
  }

  /** Reference ids by expense id: listing thousands of expenses must not rescan every reference. */
  private readonly referencesBySubject = new Map<string, string[]>();

  addReference(ref: SimExternalReference): void {
    this.externalReferences.set(ref.id, ref);
    const ids = this.referencesBySubject.get(ref.subject_id) ?? [];
    ids.push(ref.id);
    this.referencesBySubject.set(ref.subject_id, ids);
  }

  deleteReferencesOf(expenseId: string): void {
    for (const id of this.referencesBySubject.get(expenseId) ?? []) this.externalReferences.delete(id);
    this.referencesBySubject.delete(expenseId);
  }

  referencesOf(expenseId: string): SimExternalReference[] {
    return (this.referencesBySubject.get(expenseId) ?? []).map((id) => this.externalReferences.get(id)!);
  }
}
