import { isoBaseUnit } from '@shared/iso-currency';
import type { ApiAttachment, ApiEnvelope, ApiExpense, ApiUser, ApiWorkspace } from '@shared/kantata/wire';
import type { SimAttachment, SimExpense, SimStore, SimUser, SimWorkspace } from './store';

// Intl formatters are costly to build; a list page serializes hundreds of expenses.
const symbols = new Map<string, string>();

/** The display symbol ($, €, £) from Intl: only a label, so the runtime's locale data is fine. */
export function currencySymbol(currency: string): string {
  let symbol = symbols.get(currency);
  if (symbol === undefined) {
    const parts = new Intl.NumberFormat('en-US', { style: 'currency', currency }).formatToParts(0);
    symbol = parts.find((p) => p.type === 'currency')?.value ?? currency;
    symbols.set(currency, symbol);
  }
  return symbol;
}

/**
 * Minor units per major unit per ISO 4217 (100 for USD and HUF, 1 for JPY, 1000 for KWD and IQD),
 * as Kantata's currency_base_unit. Not Intl's display digits: some ICU versions show HUF, IDR,
 * COP and IQD with 0 decimals, which would scale every amount in those projects wrongly.
 */
export function currencyBaseUnit(currency: string): number {
  return isoBaseUnit(currency);
}

export function isLocked(expense: SimExpense): boolean {
  return expense.active_submission_id !== null || expense.is_invoiced;
}

export interface ExpenseView {
  userCanEdit: boolean;
  withExternalReferenceIds: boolean;
  /** The foreignAmountValueAs switch: how source_value is written. */
  foreignAmountValueAs: 'number' | 'string';
}

/**
 * The stored foreign amount as sent. The response schema types source_value as a number; wire.ts
 * (the client) as a decimal string, so the type is a switch and the cast is deliberate.
 */
function foreignAmountToWire(fx: SimExpense['foreign_exchange_amount'], as: ExpenseView['foreignAmountValueAs']): ApiExpense['foreign_exchange_amount'] {
  if (!fx || as === 'string') return fx ? { ...fx } : null;
  return { ...fx, source_value: Number(fx.source_value) as unknown as string };
}

export function expenseToWire(store: SimStore, e: SimExpense, view: ExpenseView): ApiExpense {
  const ws = store.workspaces.get(e.workspace_id);
  const currency = ws?.currency ?? 'USD';
  const { submission_status: _status, foreign_exchange_amount: fx, ...rest } = e;
  const out: ApiExpense = {
    ...rest,
    foreign_exchange_amount: foreignAmountToWire(fx, view.foreignAmountValueAs),
    currency,
    currency_symbol: currencySymbol(currency),
    currency_base_unit: currencyBaseUnit(currency),
  };
  if (view.userCanEdit) out.user_can_edit = !isLocked(e);
  if (view.withExternalReferenceIds) out.external_reference_ids = store.referencesOf(e.id).map((r) => r.id);
  return out;
}

export function attachmentToWire(a: SimAttachment): ApiAttachment {
  const { type: _type, user_id: _user, data: _data, direct: _direct, signature: _signature, ...wire } = a;
  return wire;
}

export function userToWire(u: SimUser): ApiUser {
  const { tokens: _tokens, ...wire } = u;
  return wire;
}

/** The API's view of a project: without the simulator-side `onMyAccount` flag. */
export function workspaceToWire(w: SimWorkspace): ApiWorkspace {
  const { onMyAccount: _onMyAccount, ...wire } = w;
  return wire;
}

export interface Paging {
  page: number;
  perPage: number;
}

/** Reads page/per_page the way the API does: defaults 1 and 20, per_page clamped to 200. */
export function pagingFrom(query: URLSearchParams): Paging {
  const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);
  const requested = Number.parseInt(query.get('per_page') ?? '20', 10);
  const perPage = Math.min(200, Math.max(1, Number.isFinite(requested) && requested > 0 ? requested : 20));
  return { page, perPage };
}

/**
 * Builds the response envelope: count and meta over the whole match, `results` for the page in
 * order, the primary map (present even when empty) and any side-loaded maps.
 */
export class EnvelopeBuilder {
  private readonly maps = new Map<string, Record<string, unknown>>();
  private results: Array<{ key: string; id: string }> = [];
  private count = 0;
  private meta = { count: 0, page_count: 0, page_number: 0, page_size: 20 };

  constructor(private readonly primaryKey: string) {
    this.maps.set(primaryKey, {});
  }

  /** Sets the primary records. `paging` null means "no paging" (only=..., single-record answers). */
  primary<T extends { id: string }>(all: T[], paging: Paging | null, toWire: (record: T) => unknown): this {
    this.count = all.length;
    const pageSize = paging?.perPage ?? Math.max(all.length, 1);
    const pageRecords = paging ? all.slice((paging.page - 1) * paging.perPage, paging.page * paging.perPage) : all;
    this.meta = {
      count: all.length,
      page_count: all.length === 0 ? 0 : Math.ceil(all.length / pageSize),
      page_number: all.length === 0 ? 0 : (paging?.page ?? 1),
      page_size: pageSize,
    };
    const map = this.maps.get(this.primaryKey)!;
    this.results = pageRecords.map((r) => {
      map[r.id] = toWire(r);
      return { key: this.primaryKey, id: r.id };
    });
    return this;
  }

  /** The records of the current page, for side-loading. */
  pageIds(): string[] {
    return this.results.map((r) => r.id);
  }

  side(key: string, id: string, record: unknown): this {
    let map = this.maps.get(key);
    if (!map) {
      map = {};
      this.maps.set(key, map);
    }
    map[id] = record;
    return this;
  }

  build(): ApiEnvelope {
    const out: ApiEnvelope = { count: this.count, meta: this.meta, results: this.results };
    for (const [key, map] of this.maps) out[key] = map;
    return out;
  }
}
