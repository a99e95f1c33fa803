import { randomBytes } from 'node:crypto';
import type {
  ApiAttachment, ApiError, ApiExpense, ApiExpenseBudget, ApiExpenseCategory, ApiExternalReference, ApiStory, ApiUser,
  ApiSubmission, ApiVendor, ApiWorkspace,
} from '@shared/kantata/wire';
import { newAttachment, removeAttachment, signedUrl } from './api-attachments';
import { submissionToWire } from './api-submissions';
import { checkSwitches, type ApiRequestInfo, type ApiResponseInfo, type RequestLogEntry, type SimContext, type SimSwitches } from './context';
import type { ExpenseInput } from './expenses';
import type { ActiveFault, FaultSpec } from './faults';
import { attachmentToWire, currencyBaseUnit, currencySymbol, expenseToWire, userToWire } from './serialize';
import { loadOperationIndex } from './openapi-params';
import type { SimExpense, SimSubmission, SimUser, SimWorkspace } from './store';
import type { ResolutionType } from './submissions';

const ALL_SUBMISSION_INCLUDES: ReadonlySet<string> = new Set(['expenses', 'resolutions', 'external_references', 'workspace', 'user']);

export type SeedName = 'demo' | 'empty';

export type LockKind = 'submit' | 'approve' | 'invoice';

/** Thrown by admin calls that the API would refuse (bad seed data, unknown ids). */
export class SimAdminError extends Error {
  constructor(message: string, readonly errors: ApiError[] = []) {
    super(errors.length > 0 ? `${message}: ${errors.map((e) => `${e.field ?? ''} ${e.message}`).join('; ')}` : message);
  }
}

export interface WorkspaceSeed {
  title: string;
  currency?: string;
  archived?: boolean;
  expenseTracking?: 'tasks' | 'budgets';
  canCreateLineItems?: boolean;
  requireExpenseApprovals?: boolean;
  /**
   * Default true: an internal project. False: a client's project on another account, whose
   * expenses GET /expenses lists only with `on_my_account=false` (Kantata's documented default).
   */
  onMyAccount?: boolean;
}

/** A project as the admin interface shows it: the API fields plus the simulator-side flag. */
export type AdminWorkspace = ApiWorkspace & { onMyAccount: boolean };

/** Acting as a given user: what "someone else" does through Kantata's web UI. */
export interface ExpenseActor {
  createExpense(fields: ExpenseInput): ApiExpense;
  /** Edits any expense (locks do not stop an admin/approver); bumps updated_at. */
  updateExpense(id: string, fields: ExpenseInput): ApiExpense;
  deleteExpense(id: string): void;
  lockExpense(id: string, how: LockKind): ApiExpense;
  unlockExpense(id: string): ApiExpense;
  /** Approves, rejects (as an approver) or cancels (as the submitter) a submission, as the API does. */
  resolveSubmission(id: string, type: ResolutionType, description?: string): ApiSubmission;
}

export interface SimStateDump {
  users: ApiUser[];
  workspaces: AdminWorkspace[];
  categories: ApiExpenseCategory[];
  vendors: ApiVendor[];
  budgets: ApiExpenseBudget[];
  stories: ApiStory[];
  expenses: ApiExpense[];
  attachments: ApiAttachment[];
  externalReferences: ApiExternalReference[];
  clockOffsetMs: number;
  switches: SimSwitches;
}

/** The in-process control interface: seed, act as another user, inject faults, inspect. */
export class SimAdmin {
  /** The user whose token the simulator was started with. */
  demoUserId = '';

  constructor(
    private readonly ctx: SimContext,
    private readonly seeder: (admin: SimAdmin, seed: SeedName, token: string) => void = () => {},
  ) {}

  /** Wipes all data and applies a named seed; the demo user keeps `token`. Faults, log and switches stay. */
  reset(seed: SeedName, token: string): void {
    this.ctx.store.clear();
    this.seeder(this, seed, token);
  }

  /** Every admin action may edit records in place, so each one counts as a write. */
  private get store() {
    this.ctx.store.touch();
    return this.ctx.store;
  }

  // ---- seeding ---------------------------------------------------------------------------

  addUser(name: string, opts: { token?: string; email?: string } = {}): { user: ApiUser; token: string } {
    const token = opts.token ?? randomBytes(16).toString('hex');
    const id = this.store.nextId('user');
    const email = opts.email ?? `${name.toLowerCase().replace(/[^a-z]+/g, '.').replace(/^\.|\.$/g, '')}@example.com`;
    const user: SimUser = { id, full_name: name, email_address: email, tokens: [token] };
    this.store.users.set(id, user);
    return { user: userToWire(user), token };
  }

  addToken(userId: string, token: string): void {
    this.user(userId).tokens.push(token);
  }

  revokeToken(token: string): void {
    for (const u of this.store.users.values()) u.tokens = u.tokens.filter((t) => t !== token);
  }

  addWorkspace(seed: WorkspaceSeed): AdminWorkspace {
    const stamp = this.ctx.clock.stamp();
    const currency = seed.currency ?? 'USD';
    const ws: SimWorkspace = {
      id: this.store.nextId('workspace'), title: seed.title, archived: seed.archived ?? false,
      can_create_line_items: seed.canCreateLineItems ?? true, currency, currency_symbol: currencySymbol(currency),
      currency_base_unit: currencyBaseUnit(currency), require_expense_approvals: seed.requireExpenseApprovals ?? false,
      expense_tracking: seed.expenseTracking ?? 'tasks', created_at: stamp, updated_at: stamp,
      permissions: { can_create_line_items: seed.canCreateLineItems ?? true }, onMyAccount: seed.onMyAccount ?? true,
    };
    this.store.workspaces.set(ws.id, ws);
    return { ...ws };
  }

  updateWorkspace(id: string, patch: Partial<WorkspaceSeed>): AdminWorkspace {
    const ws = this.store.workspaces.get(id);
    if (!ws) throw new SimAdminError(`No workspace ${id}`);
    if (patch.title !== undefined) ws.title = patch.title;
    if (patch.archived !== undefined) ws.archived = patch.archived;
    if (patch.canCreateLineItems !== undefined) ws.can_create_line_items = patch.canCreateLineItems;
    if (patch.expenseTracking !== undefined) ws.expense_tracking = patch.expenseTracking;
    if (patch.requireExpenseApprovals !== undefined) ws.require_expense_approvals = patch.requireExpenseApprovals;
    if (patch.onMyAccount !== undefined) ws.onMyAccount = patch.onMyAccount;
    if (patch.currency !== undefined) {
      ws.currency = patch.currency;
      ws.currency_symbol = currencySymbol(patch.currency);
      ws.currency_base_unit = currencyBaseUnit(patch.currency);
    }
    ws.updated_at = this.ctx.clock.stamp();
    return { ...ws };
  }

  addCategory(name: string, opts: { deleted?: boolean } = {}): ApiExpenseCategory {
    const c: ApiExpenseCategory = {
      id: this.store.nextId('category'), name, deleted_at: opts.deleted ? this.ctx.clock.stamp() : null,
    };
    this.store.categories.set(c.id, c);
    return { ...c };
  }

  deleteCategory(id: string): void {
    const c = this.store.categories.get(id);
    if (!c) throw new SimAdminError(`No category ${id}`);
    c.deleted_at = this.ctx.clock.stamp();
  }

  addVendor(name: string, opts: { archived?: boolean } = {}): ApiVendor {
    const v: ApiVendor = { id: this.store.nextId('vendor'), name, archived: opts.archived ?? false, in_use: false };
    this.store.vendors.set(v.id, v);
    return { ...v };
  }

  addBudget(seed: { workspaceId: string; title: string }): ApiExpenseBudget {
    const b: ApiExpenseBudget = {
      id: this.store.nextId('budget'), workspace_id: seed.workspaceId, title: seed.title, updated_at: this.ctx.clock.stamp(),
    };
    this.store.budgets.set(b.id, b);
    return { ...b };
  }

  addStory(seed: { workspaceId: string; title: string; storyType?: string }): ApiStory {
    const s: ApiStory = {
      id: this.store.nextId('story'), workspace_id: seed.workspaceId, title: seed.title,
      story_type: seed.storyType ?? 'task', updated_at: this.ctx.clock.stamp(),
    };
    this.store.stories.set(s.id, s);
    return { ...s };
  }

  /** Creates an expense owned by `userId`, validated as the API would validate it. */
  addExpense(userId: string, fields: ExpenseInput): ApiExpense {
    return this.actAs(userId).createExpense(fields);
  }

  // ---- acting as someone else ------------------------------------------------------------

  actAs(userId: string): ExpenseActor {
    const user = this.user(userId);
    const { rules } = this.ctx;
    return {
      createExpense: (fields) => {
        const errors = rules.validate(user, fields, null);
        if (errors.length > 0) throw new SimAdminError('Invalid expense', errors);
        return this.wire(rules.create(user, fields));
      },
      updateExpense: (id, fields) => {
        const e = this.expense(id);
        const errors = rules.validate(this.user(e.user_id), fields, e);
        if (errors.length > 0) throw new SimAdminError('Invalid expense update', errors);
        return this.wire(rules.update(e, fields));
      },
      deleteExpense: (id) => rules.delete(this.expense(id)),
      lockExpense: (id, how) => this.wire(rules.lock(this.expense(id), how)),
      unlockExpense: (id) => this.wire(rules.unlock(this.expense(id))),
      resolveSubmission: (id, type, description) => {
        const out = this.ctx.submissionRules.resolve(this.submission(id), user, type, description ?? null);
        if ('message' in out) throw new SimAdminError(out.message);
        return submissionToWire(this.ctx, out, ALL_SUBMISSION_INCLUDES, user.id);
      },
    };
  }

  lockExpense(id: string, how: LockKind): ApiExpense {
    return this.wire(this.ctx.rules.lock(this.expense(id), how));
  }

  unlockExpense(id: string): ApiExpense {
    return this.wire(this.ctx.rules.unlock(this.expense(id)));
  }

  // ---- inspection ------------------------------------------------------------------------

  getExpense(id: string): ApiExpense | undefined {
    const e = this.store.expenses.get(id);
    return e ? this.wire(e) : undefined;
  }

  listExpenses(filter: { userId?: string } = {}): ApiExpense[] {
    return [...this.store.expenses.values()]
      .filter((e) => !filter.userId || e.user_id === filter.userId)
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map((e) => this.wire(e));
  }

  /** All attachments; `direct` is the state of an unfinished direct upload, null when complete. */
  /** Every submission (of any user) as the API shows it with every include, oldest first. */
  listSubmissions(): ApiSubmission[] {
    return [...this.store.submissions.values()]
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map((s) => submissionToWire(this.ctx, s, ALL_SUBMISSION_INCLUDES, s.user_id));
  }

  /** Submission external references (kept apart from the expenses' ones: see SimSubmission.references). */
  listSubmissionReferences(): ApiExternalReference[] {
    return [...this.store.submissions.values()].flatMap((s) => s.references.map((r) => ({ ...r })));
  }

  listAttachments(): Array<ApiAttachment & { type: string; user_id: string; direct: string | null }> {
    return [...this.store.attachments.values()].map((a) => ({
      ...attachmentToWire(a), type: a.type, user_id: a.user_id, direct: a.direct ?? null,
    }));
  }

  /** Deletes an attachment as someone on the web could (its receipt links go too); false when there is none. */
  deleteAttachment(id: string): boolean {
    return removeAttachment(this.ctx, id);
  }

  /**
   * A receipt attachment uploaded by `userId` elsewhere (another device, Kantata's web UI), to be
   * named as an expense's `receipt_id`. `origin` is the simulator's (its download URL's host).
   */
  addReceipt(userId: string, filename: string, bytes: Uint8Array, origin: string): ApiAttachment {
    this.user(userId);
    const attachment = newAttachment(this.ctx, origin, userId, filename, 'receipt', Buffer.from(bytes));
    this.store.attachments.set(attachment.id, attachment);
    return attachmentToWire(attachment);
  }

  /** Every attachment gets a new download signature: URLs handed out before are refused (403), as expired pre-signed URLs are. */
  expireAttachmentUrls(): void {
    for (const a of this.store.attachments.values()) {
      a.signature = randomBytes(8).toString('hex');
      a.url = signedUrl(new URL(a.url).origin, a);
    }
  }

  attachmentData(id: string): Buffer | undefined {
    return this.store.attachments.get(id)?.data;
  }

  listExternalReferences(): ApiExternalReference[] {
    return [...this.store.externalReferences.values()].map((r) => ({ ...r }));
  }

  state(): SimStateDump {
    const s = this.store;
    return {
      users: [...s.users.values()].map(userToWire),
      workspaces: [...s.workspaces.values()].map((w) => ({ ...w })),
      categories: [...s.categories.values()].map((c) => ({ ...c })),
      vendors: [...s.vendors.values()].map((v) => ({ ...v })),
      budgets: [...s.budgets.values()].map((b) => ({ ...b })),
      stories: [...s.stories.values()].map((st) => ({ ...st })),
      expenses: this.listExpenses(),
      attachments: this.listAttachments(),
      externalReferences: this.listExternalReferences(),
      clockOffsetMs: this.ctx.clock.offsetMs,
      switches: { ...this.ctx.switches },
    };
  }

  requestLog(): RequestLogEntry[] {
    return this.ctx.requestLog.map((e) => ({ ...e, query: { ...e.query }, undocumentedParams: [...e.undocumentedParams] }));
  }

  /**
   * The logged requests that used a query parameter Kantata's OpenAPI files do not document for
   * their operation (`undocumentedParams` names them). Throws when the files could not be read,
   * so a test asserting "none" cannot pass for want of a spec.
   */
  undocumentedParamUses(): RequestLogEntry[] {
    if (!loadOperationIndex()) throw new SimAdminError('Kantata\'s OpenAPI files could not be read: undocumented parameters are not checked');
    return this.requestLog().filter((e) => e.undocumentedParams.length > 0);
  }

  clearRequestLog(): void {
    this.ctx.requestLog.length = 0;
  }

  // ---- clock, faults, limits, switches ---------------------------------------------------

  /** Puts the server clock `offsetMs` ahead of (positive) or behind (negative) real time. */
  setClock(offsetMs: number): void {
    this.ctx.clock.offsetMs = offsetMs;
  }

  clockOffset(): number {
    return this.ctx.clock.offsetMs;
  }

  /** The server's current time (ms since epoch, offset applied). */
  now(): number {
    return this.ctx.clock.now();
  }

  injectFault(spec: FaultSpec): ActiveFault {
    return this.ctx.faults.add(spec);
  }

  clearFaults(): void {
    this.ctx.faults.clear();
  }

  listFaults(): ActiveFault[] {
    return this.ctx.faults.list();
  }

  /** Restarts the fault generator: the same seed gives the same sequence of rate-based faults. */
  seedFaults(seed: number): void {
    this.ctx.faults.reseed(seed);
  }

  setRateLimit(perMinute: number | null, retryAfterSeconds: number | null = null): void {
    this.ctx.rateLimiter.set(perMinute, retryAfterSeconds);
  }

  setOption<K extends keyof SimSwitches>(name: K, value: SimSwitches[K]): void {
    this.setOptions({ [name]: value } as Partial<SimSwitches>);
  }

  /** Throws a RangeError (and changes nothing) when a value is not one the switch takes. */
  setOptions(options: Partial<SimSwitches>): void {
    checkSwitches(options);
    Object.assign(this.ctx.switches, options);
  }

  options(): SimSwitches {
    return { ...this.ctx.switches };
  }

  // ---- request hooks ---------------------------------------------------------------------

  /**
   * Calls `hook` synchronously for every API request that reaches its route handler: after auth
   * (and rate limit, faults), just before the handler runs; not for /__sim. For adversarial tests
   * that change data between two pages or between a pull and a push: whatever the hook changes is
   * seen by the request that follows. A late-commit request calls it when it is applied. null removes it.
   */
  onApiRequest(hook: ((info: ApiRequestInfo) => void) | null): void {
    this.ctx.hooks.beforeApiRequest = hook;
  }

  /**
   * Calls `hook` once a request's response is computed, before it is sent (also when a fault then
   * drops it, and for a late commit's unheard answer), with its `status` and `body`. null removes it.
   */
  afterApiRequest(hook: ((info: ApiResponseInfo) => void) | null): void {
    this.ctx.hooks.afterApiRequest = hook;
  }

  // ---- helpers ---------------------------------------------------------------------------

  private user(id: string): SimUser {
    const u = this.store.users.get(String(id));
    if (!u) throw new SimAdminError(`No user ${id}`);
    return u;
  }

  private expense(id: string): SimExpense {
    const e = this.store.expenses.get(String(id));
    if (!e) throw new SimAdminError(`No expense ${id}`);
    return e;
  }

  private submission(id: string): SimSubmission {
    const s = this.store.submissions.get(String(id));
    if (!s) throw new SimAdminError(`No submission ${id}`);
    return s;
  }

  private wire(e: SimExpense): ApiExpense {
    return expenseToWire(this.store, e, {
      userCanEdit: true, withExternalReferenceIds: true, foreignAmountValueAs: this.ctx.switches.foreignAmountValueAs,
    });
  }
}
