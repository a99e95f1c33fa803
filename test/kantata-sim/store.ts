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

export interface SimWorkspace extends ApiWorkspace {
  /**
   * Simulator-side: an internal project (true) or a client's project on another account (false).
   * GET /expenses leaves out the latter's expenses unless asked with `on_my_account=false`.
   */
  onMyAccount: boolean;
}
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
  /** The pre-signed download URL's signature (`url`): changed by `expireAttachmentUrls`, the old URL is then refused. */
  signature: string;
}

export type SimExternalReference = ApiExternalReference;

export type SubmissionStatus = 'pending' | 'approved';

/** An approval, rejection or cancellation of a submission. */
export interface SimResolution {
  id: string;
  type: 'approval' | 'rejection' | 'cancellation';
  description: string | null;
  user_id: string;
  created_at: string;
  updated_at: string;
}

/** An expense report submission as stored (the API's status is derived: see submissionToWire). */
export interface SimSubmission {
  id: string;
  title: string;
  comment: string | null;
  workspace_id: string;
  user_id: string;
  /** The expenses it holds, in the order given. */
  expense_ids: string[];
  status: 'pending' | 'approved' | 'rejected' | 'cancelled';
  created_at: string;
  updated_at: string;
  /** Oldest first; the last is the current resolution. */
  resolutions: SimResolution[];
  /** Its external references (subject_type Submission), kept with it: expense ids and submission ids may collide. */
  references: SimExternalReference[];
}

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

/** A Map that tells its store whenever an entry is added, replaced or removed. */
class TouchingMap<K, V> extends Map<K, V> {
  constructor(private readonly onWrite: () => void) {
    super();
  }

  override set(key: K, value: V): this {
    this.onWrite?.();
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    this.onWrite?.();
    return super.delete(key);
  }

  override clear(): void {
    this.onWrite?.();
    super.clear();
  }
}

export class SimStore {
  /**
   * Bumped by every write (map entries, in-place edits through the rules and the admin interface,
   * any API write request): derived data such as a listing's sorted ids is valid for one version.
   */
  version = 0;
  private readonly bump = (): void => {
    this.version++;
  };

  users = new TouchingMap<string, SimUser>(this.bump);
  workspaces = new TouchingMap<string, SimWorkspace>(this.bump);
  categories = new TouchingMap<string, SimCategory>(this.bump);
  vendors = new TouchingMap<string, SimVendor>(this.bump);
  budgets = new TouchingMap<string, SimBudget>(this.bump);
  stories = new TouchingMap<string, SimStory>(this.bump);
  expenses = new TouchingMap<string, SimExpense>(this.bump);
  attachments = new TouchingMap<string, SimAttachment>(this.bump);
  externalReferences = new TouchingMap<string, SimExternalReference>(this.bump);
  submissions = new TouchingMap<string, SimSubmission>(this.bump);
  private nextIds = new Map<string, number>();

  /** Marks an in-place edit of a stored record. */
  touch(): void {
    this.bump();
  }

  /**
   * What a real server's indexes give: a listing's filtered and sorted records, computed once per
   * (key, store version) instead of on every page request. A few keys are kept; any write drops them.
   * A null answer (a rejected request) is not kept.
   */
  private listings = { version: -1, byKey: new Map<string, unknown[]>() };

  cachedListing<T>(key: string, compute: () => T[] | null): T[] | null {
    if (this.listings.version !== this.version) this.listings = { version: this.version, byKey: new Map() };
    const hit = this.listings.byKey.get(key);
    if (hit) return hit as T[];
    const list = compute();
    if (list === null) return null;
    if (this.listings.byKey.size >= 8) this.listings.byKey.delete(this.listings.byKey.keys().next().value!);
    this.listings.byKey.set(key, list);
    return list;
  }

  /** Ids are per-kind counters starting at distinct bases, so an id of the wrong kind rarely matches. */
  nextId(kind: string): string {
    const base: Record<string, number> = {
      user: 7, workspace: 301, category: 11, vendor: 51, budget: 701, story: 901, expense: 1001,
      attachment: 5001, external_reference: 8001, submission: 60001, resolution: 90001,
    };
    const next = this.nextIds.get(kind) ?? base[kind] ?? 1;
    this.nextIds.set(kind, next + 1);
    return String(next);
  }

  /** Forgets every record and restarts the id counters. */
  clear(): void {
    for (const map of [this.users, this.workspaces, this.categories, this.vendors, this.budgets, this.stories,
      this.expenses, this.attachments, this.externalReferences, this.submissions, this.referencesBySubject] as Array<Map<string, unknown>>) map.clear();
    this.nextIds.clear();
    this.bump();
  }

  userByToken(token: string): SimUser | undefined {
    for (const user of this.users.values()) if (user.tokens.includes(token)) return user;
    return undefined;
  }

  /** Reference ids by expense id: listing thousands of expenses must not rescan every reference. */
  private readonly referencesBySubject = new Map<string, string[]>();

  addReference(ref: SimExternalReference): void {
    this.bump();
    this.externalReferences.set(ref.id, ref);
    const ids = this.referencesBySubject.get(ref.subject_id) ?? [];
    ids.push(ref.id);
    this.referencesBySubject.set(ref.subject_id, ids);
  }

  deleteReferencesOf(expenseId: string): void {
    this.bump();
    for (const id of this.referencesBySubject.get(expenseId) ?? []) this.externalReferences.delete(id);
    this.referencesBySubject.delete(expenseId);
  }

  referencesOf(expenseId: string): SimExternalReference[] {
    return (this.referencesBySubject.get(expenseId) ?? []).map((id) => this.externalReferences.get(id)!);
  }
}
