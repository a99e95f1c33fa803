import { describe, expect, it } from 'vitest';
import {
  createBody,
  differingFields,
  fieldFromApi,
  fieldValuesEqual,
  localFromApi,
  syncedFieldsFromApi,
  updateBody,
} from '@shared/kantata/mapping';
import type { ApiExpense } from '@shared/kantata/wire';
import type { ForeignAmount } from '@shared/model/expense';
import { ConflictEntrySchema, RoundOutboxEntrySchema, SyncRoundRequestSchema } from '@shared/protocol/round';
import { LocalExpenseSchema } from '@shared/model/expense';
import { apiExpense, localExpense } from '../sync/fixtures';

/** A server record with a foreign amount whose `source_value` is as Kantata's schema types it (a number) or as a string. */
function withForeign(sourceValue: string | number, currency = 'EUR'): ApiExpense {
  return apiExpense({
    amount_in_cents: 1363,
    foreign_exchange_amount: { date: '2026-03-01', rate: 1.09, source_currency: currency, source_value: sourceValue },
  });
}

const foreignOf = (api: ApiExpense) => fieldFromApi('foreignAmount', api);
/** A value as an older row may hold it: the number stored before decoding existed. */
const asStored = (value: number, currency = 'EUR'): ForeignAmount => ({ value: value as unknown as string, currency });

describe('foreign amounts from the server', () => {
  it('decodes a number source_value to the same decimal string as the string form', () => {
    expect(foreignOf(withForeign(12.5))).toEqual({ value: '12.5', currency: 'EUR' });
    expect(foreignOf(withForeign(12.5))).toEqual(foreignOf(withForeign('12.5')));
    expect(foreignOf(withForeign(189))).toEqual(foreignOf(withForeign('189')));
    expect(foreignOf(withForeign(0.1))).toEqual({ value: '0.1', currency: 'EUR' });
    expect(foreignOf(withForeign(4.35))).toEqual({ value: '4.35', currency: 'EUR' });
    expect(foreignOf(withForeign(3500, 'JPY'))).toEqual({ value: '3500', currency: 'JPY' });
  });

  it('writes exact digits for numbers JavaScript prints in exponent form, and keeps the sign', () => {
    expect(foreignOf(withForeign(1e21))!.value).toBe('1000000000000000000000');
    expect(foreignOf(withForeign(1.5e-7))!.value).toBe('0.00000015');
    expect(foreignOf(withForeign(-12.5))!.value).toBe('-12.5');
    expect(foreignOf(withForeign(-0))!.value).toBe('0');
  });

  it('keeps a string source_value as the server sent it', () => {
    expect(foreignOf(withForeign('12.50'))).toEqual({ value: '12.50', currency: 'EUR' });
    expect(foreignOf(withForeign('189.00', 'GBP'))).toEqual({ value: '189.00', currency: 'GBP' });
  });

  it('holds a string in every synced value and local row', () => {
    const api = withForeign(12.5);
    expect(typeof syncedFieldsFromApi(api).foreignAmount?.value).toBe('string');
    expect(typeof localFromApi(api, null, 'c-1').foreignAmount?.value).toBe('string');
  });
});

describe('foreign amount equality', () => {
  it('treats "12.50" and 12.5 as the same amount', () => {
    expect(fieldValuesEqual('foreignAmount', { value: '12.50', currency: 'EUR' }, foreignOf(withForeign(12.5)))).toBe(true);
    expect(fieldValuesEqual('foreignAmount', { value: '12.50', currency: 'EUR' }, asStored(12.5))).toBe(true);
    expect(fieldValuesEqual('foreignAmount', asStored(12.5), { value: '12.5', currency: 'eur' })).toBe(true);
    expect(fieldValuesEqual('foreignAmount', { value: '12.50', currency: 'EUR' }, asStored(12.51))).toBe(false);
    expect(fieldValuesEqual('foreignAmount', { value: '12.50', currency: 'EUR' }, asStored(12.5, 'USD'))).toBe(false);
    expect(fieldValuesEqual('foreignAmount', { value: '12.50', currency: 'EUR' }, null)).toBe(false);
  });

  it('compares exactly, not through a float', () => {
    const a = { value: '12345678901234567.5', currency: 'EUR' };
    const b = { value: '12345678901234567.4', currency: 'EUR' };
    expect(fieldValuesEqual('foreignAmount', a, b)).toBe(false);
    expect(fieldValuesEqual('foreignAmount', { value: '1000000000000000000000', currency: 'EUR' }, asStored(1e21))).toBe(true);
  });

  it('finds no difference between a local "12.50" and the server number 12.5', () => {
    const server = withForeign(12.5);
    const local = localExpense({ amountCents: 0, foreignAmount: { value: '12.50', currency: 'EUR' } });
    expect(differingFields(local, server, ['foreignAmount'])).toEqual([]);
    expect(differingFields({ ...local, foreignAmount: { value: '12.60', currency: 'EUR' } }, server, ['foreignAmount'])).toEqual(['foreignAmount']);
  });

  it('writes bodies with the decimal string, as before', () => {
    const fields = syncedFieldsFromApi(withForeign(12.5));
    expect(updateBody(fields, ['foreignAmount'])).toEqual({ foreign_exchange_amount: { source_value: '12.5', source_currency: 'EUR' } });
    const local = localExpense({ amountCents: 0, foreignAmount: { value: '12.50', currency: 'EUR' } });
    expect(createBody(local).foreign_exchange_amount).toEqual({ source_value: '12.50', source_currency: 'EUR' });
  });
});

describe('IPC schemas with a number source_value', () => {
  it('a LocalExpense built from such a record passes LocalExpenseSchema and a round request', () => {
    const api = withForeign(12.5);
    const row = localFromApi(api, null, 'c-1');
    const parsed = LocalExpenseSchema.safeParse(row);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data?.foreignAmount).toEqual({ value: '12.5', currency: 'EUR' });
    // The server record rides along unchanged as the merge base.
    expect(parsed.data?.base?.foreign_exchange_amount?.source_value).toBe(12.5);
    const request = SyncRoundRequestSchema.safeParse({
      roundId: 'r1',
      outbox: [{ seq: 1, expenseId: 'c-1', kind: 'update', changes: { notes: 'x' }, at: 1 }],
      expenses: [row],
      cursor: null,
    });
    expect(request.success, JSON.stringify(request.error?.issues)).toBe(true);
  });

  it('a conflict entry with those values as its local side passes ConflictEntrySchema', () => {
    const api = withForeign(12.5);
    const row = localFromApi(api, null, 'c-1');
    const entry = {
      id: 'r1:c-1',
      roundId: 'r1',
      expenseId: 'c-1',
      remoteId: api.id,
      kind: 'merge',
      winner: 'server',
      decidedAt: api.updated_at,
      message: 'Changed in both places',
      fields: [{ field: 'foreignAmount', base: null, local: row.foreignAmount, server: api.foreign_exchange_amount, winner: 'server', reason: 'server-newer' }],
      local: syncedFieldsFromApi(api),
      localEditedAt: 1,
      server: api,
      overwrote: true,
    };
    const parsed = ConflictEntrySchema.safeParse(entry);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data?.local?.foreignAmount).toEqual({ value: '12.5', currency: 'EUR' });
  });

  it('a row or outbox change stored with a number before this fix is read as the decimal string', () => {
    const stale = { ...localExpense({ amountCents: 0 }), foreignAmount: { value: 12.5, currency: 'EUR' } };
    const parsed = LocalExpenseSchema.safeParse(stale);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data?.foreignAmount).toEqual({ value: '12.5', currency: 'EUR' });
    const entry = RoundOutboxEntrySchema.parse({ seq: 1, expenseId: 'c-1', kind: 'update', changes: { foreignAmount: { value: 1e21, currency: 'EUR' } }, at: 1 });
    expect(entry.changes?.foreignAmount).toEqual({ value: '1000000000000000000000', currency: 'EUR' });
    expect(LocalExpenseSchema.safeParse({ ...stale, foreignAmount: { value: true, currency: 'EUR' } }).success).toBe(false);
  });
});
