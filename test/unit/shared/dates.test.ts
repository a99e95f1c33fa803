import { describe, expect, it } from 'vitest';
import { formatDay, formatMonth, isIsoDate, monthKeyOf, todayIso } from '@shared/dates';

describe('ISO calendar dates', () => {
  it('accepts real dates only', () => {
    expect(isIsoDate('2026-11-21')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-4-1')).toBe(false);
    expect(isIsoDate('21/11/2026')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });
  it('gives the local day, month keys and labels without shifting across midnight', () => {
    expect(todayIso(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
    expect(monthKeyOf('2026-11-21')).toBe('2026-11');
    expect(formatMonth('2026-11', 'en-US')).toBe('November 2026');
    expect(formatMonth('2026-01', 'de-DE')).toBe('Januar 2026');
    expect(formatDay('2026-11-01', 'en-US')).toBe('Nov 1, 2026');
  });
});
