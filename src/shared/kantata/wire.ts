/**
 * Kantata OX API v1 wire types, as Kantata's API documentation (its OpenAPI files) describes them.
 * Shared by the main-process client, the renderer (which stores server versions as merge bases)
 * and the simulator. Ids are strings everywhere; null foreign keys are null.
 */

export type ApiId = string;

export interface ApiForeignExchangeAmount {
  date: string | null;
  rate: number | null;
  source_currency: string;
  /**
   * Amount in foreign currency units. Kantata's response schema says a number (12.5); the fact
   * sheet and older answers a decimal string ("12.50"). Read it through `fieldFromApi`
   * (src/shared/kantata/mapping.ts), which gives the app's decimal string either way; write bodies
   * send a string (ApiExpenseWrite).
   */
  source_value: string | number;
}

export interface ApiExpense {
  id: ApiId;
  created_at: string;
  updated_at: string;
  /** YYYY-MM-DD */
  date: string;
  notes: string | null;
  category: string;
  amount_in_cents: number;
  currency: string;
  currency_symbol: string;
  currency_base_unit: number;
  /** Present only with optional_fields=user_can_edit. */
  user_can_edit?: boolean;
  is_invoiced: boolean;
  is_billable: boolean;
  reimbursable: boolean;
  taxable: boolean;
  receipt_id: ApiId | null;
  vendor_id: ApiId | null;
  story_id: ApiId | null;
  expense_category_id: ApiId | null;
  expense_budget_id: ApiId | null;
  role_id: ApiId | null;
  workspace_id: ApiId;
  user_id: ApiId;
  active_submission_id: ApiId | null;
  recent_submission_id: ApiId | null;
  /** Present only with include=external_references. */
  external_reference_ids?: ApiId[];
  foreign_exchange_amount: ApiForeignExchangeAmount | null;
}

export interface ApiExternalReferenceWrite {
  service_name: string;
  /** What this app's reference stands for: an expense, or an expense report submission. */
  service_model: 'Expense' | 'ExpenseReportSubmission';
  service_model_ref: string;
}

export interface ApiExternalReference {
  id: ApiId;
  subject_type: string;
  subject_id: ApiId;
  service_name: string;
  service_model: string;
  service_model_ref: string;
  created_at: string;
  updated_at: string;
}

/** Body of one expense in POST /expenses (create) or PUT /expenses/{id} (partial update). */
export interface ApiExpenseWrite {
  workspace_id?: ApiId;
  date?: string;
  expense_category_id?: ApiId;
  category?: string;
  amount_in_cents?: number;
  notes?: string | null;
  billable?: boolean;
  reimbursable?: boolean;
  receipt_id?: ApiId | null;
  vendor_id?: ApiId | null;
  story_id?: ApiId | null;
  expense_budget_id?: ApiId | null;
  user_id?: ApiId;
  foreign_exchange_amount?: { source_value: string; source_currency: string } | null;
  external_reference?: ApiExternalReferenceWrite;
}

export interface ApiWorkspace {
  id: ApiId;
  title: string;
  archived: boolean;
  can_create_line_items: boolean;
  currency: string;
  currency_symbol: string;
  currency_base_unit: number;
  require_expense_approvals: boolean;
  /**
   * [I] Kantata documents that a project takes tasks or expense budgets, never both, but not the
   * field that says which. The simulator serves it under this name; the client treats a missing
   * value as "tasks" unless the project has expense budgets.
   */
  expense_tracking?: 'tasks' | 'budgets';
  updated_at: string;
  created_at: string;
  permissions?: Record<string, unknown>;
}

export interface ApiExpenseCategory {
  id: ApiId;
  name: string;
  deleted_at: string | null;
}

export interface ApiVendor {
  id: ApiId;
  name: string;
  archived: boolean;
  in_use: boolean;
}

export interface ApiExpenseBudget {
  id: ApiId;
  workspace_id: ApiId;
  title: string;
  updated_at: string;
}

export interface ApiStory {
  id: ApiId;
  workspace_id: ApiId;
  title: string;
  story_type: string;
  updated_at: string;
}

export interface ApiUser {
  id: ApiId;
  full_name: string;
  email_address: string;
  account_id?: ApiId;
}

export interface ApiAttachment {
  id: ApiId;
  filename: string;
  filesize: number;
  url: string;
  previewable: boolean;
  view_in_new_tab: boolean;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface ApiMeta {
  count: number;
  page_count: number;
  page_number: number;
  page_size: number;
}

/** The response envelope: order from `results`, records in top-level maps keyed by string id. */
export interface ApiEnvelope {
  count: number;
  meta: ApiMeta;
  results: Array<{ key: string; id: ApiId }>;
  [key: string]: unknown;
}

export type ApiErrorType = 'validation' | 'system' | 'oauth';

export interface ApiError {
  type: ApiErrorType;
  message: string;
  field?: string;
  index?: number;
}

export interface ApiErrorBody {
  errors: ApiError[];
}

/** The service_name every external reference of this app carries (fixed: changing it loses idempotency). */
export const EXTERNAL_SERVICE_NAME = 'expense-courier';

/**
 * An expense report submission's status. The response schema says 'pending' for an open report,
 * the `statuses` filter says 'new': both mean the same (see submissionStatusOf in
 * src/shared/submissions/status.ts, the one place that reads this field).
 */
export type ApiSubmissionStatus = 'pending' | 'new' | 'approved' | 'rejected' | 'cancelled';

/** An approval, rejection or cancellation of a submission (include=resolutions). */
export interface ApiResolution {
  id: ApiId;
  type: string;
  description: string | null;
  target_id: ApiId;
  target_type: string;
  user_id: ApiId;
  created_at: string;
  updated_at: string;
}

/** GET/POST /expense_report_submissions record (with include=expenses,resolutions,workspace,external_references). */
export interface ApiSubmission {
  id: ApiId;
  title: string;
  comment: string | null;
  status: ApiSubmissionStatus;
  type?: string;
  currency: string;
  currency_symbol?: string;
  currency_base_unit: number;
  line_item_total_in_cents: number;
  line_item_total_formatted?: string;
  locked?: boolean;
  permissions?: {
    can_cancel_submission?: boolean;
    can_approve_submission?: boolean;
    can_reject_submission?: boolean;
    can_resubmit_submission?: boolean;
  };
  resolution_description?: string | null;
  current_resolution_description?: string | null;
  current_resolution_created_at_date?: string | null;
  current_resolution_creator_id?: ApiId | number | null;
  expense_ids?: ApiId[];
  resolution_ids?: ApiId[];
  external_reference_ids?: ApiId[];
  workspace_id?: ApiId;
  user_id?: ApiId;
  created_at: string;
  updated_at: string;
}

/** Body of POST /expense_report_submissions. */
export interface ApiSubmissionWrite {
  workspace_id: number;
  title: string;
  line_item_ids: number[];
  comment?: string;
  external_reference?: ApiExternalReferenceWrite;
}
