/**
 * Typed dates in the renderer: the pattern in force (the user's locale and Settings → Date
 * format), and the words around it. Every date field uses these, so the form, quick-add and
 * Filters read, write and explain dates the same way.
 */
import { computed } from 'vue';
import { todayIso } from '@shared/dates';
import { datePattern, formatDateInput, parseDateInput, type DateInputParse, type DatePattern } from '@shared/date-input';
import { userDateFormat, userLocale } from '@renderer/locale';
import { t } from './index';

export const inputPattern = computed<DatePattern>(() => datePattern(userLocale.value, userDateFormat.value));

/** "25/12/2026" for "2026-12-25" in the pattern in force. */
export function formatForInput(iso: string, pattern: DatePattern = inputPattern.value): string {
  return formatDateInput(iso, pattern);
}

export function parseTyped(text: string, pattern: DatePattern = inputPattern.value): DateInputParse {
  return parseDateInput(text, pattern, todayIso());
}

/** Today, written the way the user types dates: the example in messages. */
export function todayExample(pattern: DatePattern = inputPattern.value): string {
  return formatDateInput(todayIso(), pattern);
}

/** "Type the date as 04/12/2026", with today's date in the user's format. */
export function invalidDateMessage(pattern: DatePattern = inputPattern.value): string {
  return t('dateInput.invalid', { example: todayExample(pattern) });
}

/** "DD/MM/YYYY", "TT.MM.JJJJ", "JJ/MM/AAAA": the pattern in the user's language. */
export function patternHint(pattern: DatePattern = inputPattern.value): string {
  const [l0, l1, l2, l3] = pattern.literals;
  const [a, b, c] = pattern.order.map((part) => t(`dateInput.letters.${part}`));
  return `${l0}${a}${l1}${b}${l2}${c}${l3}`.trim();
}
