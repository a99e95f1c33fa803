/**
 * The one place where the app's expense fields meet the API's wire names.
 *
 * Every synced field has a descriptor: how to read it from a server record, how to write it into
 * a create/update body, and how two values compare. The sync engine (diffs, three-way merge,
 * "already holds the same values") and the renderer's apply step (server record -> local row)
 * both go through these functions, so a field is never mapped twice.
 *
 * Not synced as plain fields:
 * - `currency` is decided by the server from the project; it is copied from the server record,
 *   never sent.
 * - `receiptId` is a local receipts-table id; the server holds an attachment id. Receipt upload is
 *   a later step (receipts issue): the engine sends `receipt_id` only when the round request maps
 *   the local receipt to an uploaded attachment id.
 */
import { EXPENSE_FIELD_NAMES, type ExpenseFieldName, type ExpenseFields, type LocalExpense } from '../model/expense';
import { canonicalDecimal, decimalFromApi } from '../money';
import type { ApiExpense, ApiExpenseWrite, ApiExternalReferenceWrite } from './wire';
import { EXTERNAL_SERVICE_NAME } from './wire';

/** The fields left to the server or to another channel (see above). */
const NOT_SYNCED = ['currency', 'receiptId'] as const satisfies readonly ExpenseFieldName[];

/** Fields the engine diffs, merges and writes. */
export type SyncedField = Exclude<ExpenseFieldName, (typeof NOT_SYNCED)[number]>;

export const SYNCED_FIELDS: readonly SyncedField[] = EXPENSE_FIELD_NAMES.filter(
  (name): name is SyncedField => !(NOT_SYNCED as readonly string[]).includes(name),
);

export function isSyncedField(name: string): name is SyncedField {
  return (SYNCED_FIELDS as readonly string[]).includes(name);
}

/** A field's value as read from a server record, in the app's representation. */
export function fieldFromApi<K extends SyncedField>(name: K, api: ApiExpense): ExpenseFields[K] {
  const value = ((): unknown => {
    switch (name) {
      case 'workspaceId':
        return api.workspace_id;
      case 'date':
        return api.date;
      case 'categoryId':
        return api.expense_category_id ?? '';
      case 'category':
        return api.category;
      case 'amountCents':
        return api.amount_in_cents;
      case 'foreignAmount':
        return api.foreign_exchange_amount
          ? { value: decimalFromApi(api.foreign_exchange_amount.source_value), currency: api.foreign_exchange_amount.source_currency }
          : null;
      case 'notes':
        return api.notes ?? '';
      case 'billable':
        return api.is_billable;
      case 'reimbursable':
        return api.reimbursable;
      case 'vendorId':
        return api.vendor_id;
      case 'storyId':
        return api.story_id;
      case 'expenseBudgetId':
        return api.expense_budget_id;
    }
    return undefined;
  })();
  return value as ExpenseFields[K];
}

/** Writes one field into an API body. */
function writeField(body: ApiExpenseWrite, name: SyncedField, fields: Pick<ExpenseFields, SyncedField>): void {
  switch (name) {
    case 'workspaceId':
      body.workspace_id = fields.workspaceId;
      return;
    case 'date':
      body.date = fields.date;
      return;
    case 'categoryId':
      body.expense_category_id = fields.categoryId;
      return;
    case 'category':
      body.category = fields.category;
      return;
    case 'amountCents':
      body.amount_in_cents = fields.amountCents;
      return;
    case 'foreignAmount':
      body.foreign_exchange_amount = fields.foreignAmount
        ? { source_value: fields.foreignAmount.value, source_currency: fields.foreignAmount.currency }
        : null;
      return;
    case 'notes':
      body.notes = fields.notes;
      return;
    case 'billable':
      body.billable = fields.billable;
      return;
    case 'reimbursable':
      body.reimbursable = fields.reimbursable;
      return;
    case 'vendorId':
      body.vendor_id = fields.vendorId;
      return;
    case 'storyId':
      body.story_id = fields.storyId;
      return;
    case 'expenseBudgetId':
      body.expense_budget_id = fields.expenseBudgetId;
      return;
  }
}

/** Exact, so amounts too long for a float stay apart; a number (a row stored before decoding) compares too. */
function normaliseDecimal(value: string | number): string {
  return canonicalDecimal(value) ?? String(value).trim();
}

/** Equality as the server sees it ("12.5", "12.50" and the number 12.5 are the same foreign amount). */
export function fieldValuesEqual<K extends SyncedField>(name: K, a: ExpenseFields[K], b: ExpenseFields[K]): boolean {
  if (name === 'foreignAmount') {
    const x = a as ExpenseFields['foreignAmount'];
    const y = b as ExpenseFields['foreignAmount'];
    if (x === null || y === null) return x === y;
    return x.currency.toUpperCase() === y.currency.toUpperCase() && normaliseDecimal(x.value) === normaliseDecimal(y.value);
  }
  if (name === 'amountCents') return Number(a) === Number(b);
  return (a ?? null) === (b ?? null);
}

/** The server's foreign amount overrides amount_in_cents: comparing cents then says nothing. */
function amountComparable(fields: Pick<ExpenseFields, 'foreignAmount'>): boolean {
  return fields.foreignAmount === null;
}

/** Fields whose local value differs from the server record's. */
export function differingFields(
  local: Pick<ExpenseFields, SyncedField>,
  api: ApiExpense,
  among: readonly SyncedField[] = SYNCED_FIELDS,
): SyncedField[] {
  return among.filter((name) => {
    if (name === 'amountCents' && !amountComparable(local)) return false;
    return !fieldValuesEqual(name, local[name], fieldFromApi(name, api));
  });
}

/** The app's synced fields of a server record. */
export function syncedFieldsFromApi(api: ApiExpense): Pick<ExpenseFields, SyncedField> {
  const out = {} as Record<SyncedField, unknown>;
  for (const name of SYNCED_FIELDS) out[name] = fieldFromApi(name, api);
  return out as Pick<ExpenseFields, SyncedField>;
}

/**
 * The local row after taking the server record: every synced field and the currency from the
 * server; local-only fields (id, receiptId, timestamps) kept.
 */
export function localFromApi(api: ApiExpense, previous: LocalExpense | null, localId: string): LocalExpense {
  const now = previous?.updatedAt ?? Date.parse(api.updated_at);
  return {
    id: localId,
    remoteId: api.id,
    ...syncedFieldsFromApi(api),
    currency: api.currency,
    receiptId: previous?.receiptId ?? null,
    syncState: api.user_can_edit === false ? 'locked' : 'synced',
    syncMessage: null,
    createdAt: previous?.createdAt ?? Date.parse(api.created_at),
    updatedAt: now,
    base: api,
    userCanEdit: api.user_can_edit !== false,
    deleted: false,
  };
}

export function externalReferenceFor(clientId: string): ApiExternalReferenceWrite {
  return { service_name: EXTERNAL_SERVICE_NAME, service_model: 'Expense', service_model_ref: clientId };
}

/** POST body item for a new expense; `receiptRemoteId` when its receipt has been uploaded. */
export function createBody(expense: LocalExpense, receiptRemoteId: string | null = null): ApiExpenseWrite {
  const body: ApiExpenseWrite = {};
  for (const name of SYNCED_FIELDS) {
    const value = expense[name];
    // Optional links are omitted rather than sent as null on create.
    if (value === null && (name === 'vendorId' || name === 'storyId' || name === 'expenseBudgetId' || name === 'foreignAmount')) continue;
    writeField(body, name, expense);
  }
  if (receiptRemoteId !== null) body.receipt_id = receiptRemoteId;
  body.external_reference = externalReferenceFor(expense.id);
  return body;
}

/** PUT body with only the named fields; `workspace_id` never changes on update. */
export function updateBody(fields: Pick<ExpenseFields, SyncedField>, names: readonly SyncedField[]): ApiExpenseWrite {
  const body: ApiExpenseWrite = {};
  for (const name of names) {
    if (name === 'workspaceId') continue;
    writeField(body, name, fields);
  }
  return body;
}

const API_TO_APP_FIELD: Record<string, SyncedField | 'receiptId'> = {
  workspace_id: 'workspaceId',
  date: 'date',
  expense_category_id: 'categoryId',
  category: 'category',
  amount_in_cents: 'amountCents',
  foreign_exchange_amount: 'foreignAmount',
  notes: 'notes',
  billable: 'billable',
  is_billable: 'billable',
  reimbursable: 'reimbursable',
  vendor_id: 'vendorId',
  story_id: 'storyId',
  expense_budget_id: 'expenseBudgetId',
  receipt_id: 'receiptId',
};

/** The app's field name for a field named in a server error ("base" and unknown names give null). */
export function appFieldForApiField(apiField: string | undefined): string | null {
  if (!apiField) return null;
  return API_TO_APP_FIELD[apiField] ?? null;
}
