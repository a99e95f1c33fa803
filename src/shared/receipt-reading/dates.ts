/**
 * The receipt's date. Numeric dates are read day-first or month-first by the receipt's own
 * evidence: a part above 12 settles the order, and another unambiguous date on the same receipt
 * settles it for the rest; otherwise the currency's home convention (month-first for USD, else
 * day-first) decides, and among readings the one that is not in the future and not years back
 * wins. Dates next to a DATE label come first; a due date or expiry date is skipped.
 * OCR's usual confusions are mended first: letters read for digits inside a date (O for 0, S for
 * 5, ...), and a slashed zero read as 8 where the 8 makes the date impossible ("17/83/2817").
 */
import type { Box, RecognisedPage } from './page';
import { boxOfSpan, plainUpper } from './spans';

export interface FoundDate {
  iso: string;
  box: Box;
  lineIndex: number;
}

const MONTHS: Array<[RegExp, number]> = [
  [/^(JAN|JÄN|JANV)/, 1],
  [/^(FEB|FÉV|FEV)/, 2],
  [/^(MAR|MÄR|MRZ)/, 3],
  [/^(APR|AVR)/, 4],
  [/^(MAY|MAI|MEI)/, 5],
  [/^(JUN|JUIN)/, 6],
  [/^(JUL|JUIL)/, 7],
  [/^(AUG|AOÛ|AOU|OGO)/, 8],
  [/^(SEP)/, 9],
  [/^(OCT|OKT)/, 10],
  [/^(NOV)/, 11],
  [/^(DEC|DEZ|DÉC|DIS)/, 12],
];
const MONTH_WORD = String.raw`(JANV?\w*|J[ÄA]N\w*|F[EÉ]V\w*|FEB\w*|M[AÄ]R\w*|MRZ|APR\w*|AVR\w*|MA[IY]|MEI|JUI?N\w*|JUI?L\w*|AUG\w*|AO[UÛ]\w*|OGO\w*|SEPT?\w*|O[CK]T\w*|NOV\w*|D[EÉ][CZ]\w*|DIS\w*)\.?`;

const NUMERIC = /(?<![\d])(\d{1,4})\s?([/.-])\s?(\d{1,2})\s?\2\s?(\d{2,4})(?![\d])/g;
const DAY_MONTH_NAME = new RegExp(String.raw`(?<![\d])(\d{1,2})(?:ST|ND|RD|TH|ER)?[\s\-/.,]*${MONTH_WORD}[\s\-/.,]*'?(\d{4}|\d{2})(?![\d])`, 'g');
const MONTH_NAME_DAY = new RegExp(String.raw`(?<![A-Z])${MONTH_WORD}\s*(\d{1,2})(?:ST|ND|RD|TH)?,?\s+'?(\d{4}|\d{2})(?![\d])`, 'g');

const TIME_LABEL = /TIME|ZEIT|HEURE|MASA/;
const TIME_AFTER = /^\s*[,-]?\s*\d{1,2}\s?[:.]\s?\d{2}/;
const DATE_LABEL = /DATE|DATUM|\bDT\b|TARIKH|\bLE\b/;
const NOT_PURCHASE = /DUE|EXP|VALID|BEST BEFORE|BIS\b|EXPIRY|ÉCHÉANCE|ECHEANCE|F[AÄ]LLIG/;

export type DateOrder = 'day-first' | 'month-first';

interface Reading {
  year: number;
  month: number;
  day: number;
}

interface Candidate {
  readings: Array<{ order: DateOrder | 'fixed'; reading: Reading }>;
  lineIndex: number;
  box: Box;
  /** Next to a DATE label or followed by a time of day. */
  labelled: boolean;
  /** Read only after turning a slashed zero's 8 back into 0: a clean date elsewhere wins. */
  mended: boolean;
}

/** Letters OCR reads for digits in thermal and dot-matrix print. */
const DIGIT_FOR: Record<string, string> = { O: '0', D: '0', Q: '0', I: '1', L: '1', '|': '1', '!': '1', S: '5', B: '8', Z: '2' };
// Not touching a longer word: "2018-DEC-05" keeps its month.
const DIGITISH_RUN = /(?<![A-Z])[\dODQILSBZ|!/.-]+(?![A-Z])/g;

/**
 * Lone letters turned into the digits they were misread for, inside runs of digits and date
 * separators that hold at least three real digits ("I7/O3/2O17"), so words stay words. Same
 * length as the input: character offsets still map to the words' boxes.
 */
export function mendDigitConfusions(text: string): string {
  return text.replace(DIGITISH_RUN, (run) => {
    if ((run.match(/\d/g)?.length ?? 0) < 3 || !/\d[/.-]|[/.-]\d/.test(run)) return run;
    // A lone letter among digits was a digit; two letters together are more likely a word ("DIS").
    return run.replace(/(?<![A-Z|!])[ODQILSBZ|!](?![A-Z|!])/g, (letter) => DIGIT_FOR[letter]!);
  });
}

/**
 * The groups of a numeric date with every 8 read as 0 in the fewest groups that make it a
 * possible date: dot-matrix and thermal printers slash their zeros, which OCR reads as 8.
 */
function slashedZeroVariants(groups: readonly string[]): string[][] {
  const withEight = groups.map((group, index) => (group.includes('8') ? index : -1)).filter((index) => index >= 0);
  const variants: string[][] = [];
  for (let mask = 1; mask < 1 << withEight.length; mask += 1) {
    variants.push(groups.map((group, index) => (withEight.some((at, bit) => at === index && mask & (1 << bit)) ? group.replaceAll('8', '0') : group)));
  }
  const changed = (variant: string[]): number => variant.filter((group, index) => group !== groups[index]).length;
  return variants.sort((x, y) => changed(x) - changed(y));
}

function monthOf(word: string): number | null {
  return MONTHS.find(([pattern]) => pattern.test(word))?.[1] ?? null;
}

function fullYear(text: string, now: Date): number {
  const value = Number(text);
  if (text.length === 4) return value;
  // A two-digit year is this century unless that lands more than a year in the future.
  const century = Math.floor(now.getUTCFullYear() / 100) * 100;
  return century + value > now.getUTCFullYear() + 1 ? century - 100 + value : century + value;
}

function valid(reading: Reading): boolean {
  const { year, month, day } = reading;
  if (month < 1 || month > 12 || day < 1 || year < 1990 || year > 2200) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function numericReadings(a: string, b: string, c: string, now: Date): Candidate['readings'] {
  if (a.length === 4) return [{ order: 'fixed', reading: { year: Number(a), month: Number(b), day: Number(c) } }];
  if (a.length > 2 || c.length === 3) return [];
  const year = fullYear(c, now);
  return [
    { order: 'day-first', reading: { year, month: Number(b), day: Number(a) } },
    { order: 'month-first', reading: { year, month: Number(a), day: Number(b) } },
  ];
}

function candidatesIn(page: RecognisedPage, now: Date): Candidate[] {
  const found: Candidate[] = [];
  const notFuture = (reading: Reading): boolean => reading.year <= now.getUTCFullYear() + 1;
  page.lines.forEach((line, lineIndex) => {
    const text = mendDigitConfusions(plainUpper(line.text));
    if (NOT_PURCHASE.test(text)) return;
    const labelled = DATE_LABEL.test(text);
    const push = (start: number, end: number, readings: Candidate['readings'], mended = false): boolean => {
      const usable = readings.filter((entry) => valid(entry.reading));
      // A time written with dots ("11.14.00") is not a date.
      if (usable.length === 0 || TIME_LABEL.test(text.slice(Math.max(0, start - 8), start))) return false;
      const timed = TIME_AFTER.test(text.slice(end));
      found.push({ readings: usable, lineIndex, box: boxOfSpan(line, start, end), labelled: labelled || timed, mended });
      return true;
    };
    for (const match of text.matchAll(NUMERIC)) {
      const [, a = '', , b = '', c = ''] = match;
      const end = match.index + match[0].length;
      const readings = numericReadings(a, b, c, now);
      if (readings.some((entry) => valid(entry.reading) && notFuture(entry.reading))) {
        push(match.index, end, readings);
        continue;
      }
      const mended = slashedZeroVariants([a, b, c])
        .map(([x = '', y = '', z = '']) => numericReadings(x, y, z, now).filter((entry) => notFuture(entry.reading)))
        .find((variant) => variant.some((entry) => valid(entry.reading)));
      if (!(mended && push(match.index, end, mended, true))) push(match.index, end, readings);
    }
    for (const match of text.matchAll(DAY_MONTH_NAME)) {
      const [, day = '', word = '', year = ''] = match;
      const month = monthOf(word);
      if (month === null) continue;
      push(match.index, match.index + match[0].length, [{ order: 'fixed', reading: { year: fullYear(year, now), month, day: Number(day) } }]);
    }
    for (const match of text.matchAll(MONTH_NAME_DAY)) {
      const [, word = '', day = '', year = ''] = match;
      const month = monthOf(word);
      if (month === null) continue;
      push(match.index, match.index + match[0].length, [{ order: 'fixed', reading: { year: fullYear(year, now), month, day: Number(day) } }]);
    }
  });
  return found;
}

function toIso(reading: Reading): string {
  return `${reading.year}-${String(reading.month).padStart(2, '0')}-${String(reading.day).padStart(2, '0')}`;
}

/** 0 for a plausible purchase date, more the less plausible: in the future, or years back. */
function implausibility(reading: Reading, now: Date): number {
  const days = (Date.UTC(reading.year, reading.month - 1, reading.day) - now.getTime()) / 86_400_000;
  if (days > 1) return 2;
  if (days < -3 * 366) return 1;
  return 0;
}

export function findDate(page: RecognisedPage, options: { now: Date; preferredOrder: DateOrder }): FoundDate | null {
  const candidates = candidatesIn(page, options.now);
  if (candidates.length === 0) return null;
  // The receipt's own evidence: a numeric date only one order can read.
  // Only dates that look like the purchase date count as evidence, not a stray number triple.
  const settled = candidates.flatMap(({ readings: [only, ...others], labelled }) =>
    only && others.length === 0 && (labelled || only.reading.year > options.now.getUTCFullYear() - 15) ? [only.order] : [],
  );
  const evidence = settled.find((order): order is DateOrder => order !== 'fixed');
  const order = evidence ?? options.preferredOrder;

  const ranked = candidates
    .map((candidate, index) => {
      // Between two readings of one date: the plausible one, then the receipt's order.
      const [{ reading }] = [...candidate.readings].sort(
        (x, y) =>
          implausibility(x.reading, options.now) - implausibility(y.reading, options.now) ||
          Number(y.order === order) - Number(x.order === order),
      ) as [Candidate['readings'][number]];
      const rank = implausibility(reading, options.now) * 2 - (candidate.labelled ? 1 : 0) + (candidate.mended ? 0.5 : 0);
      return { candidate, reading, index, rank };
    })
    .sort((x, y) => x.rank - y.rank || x.index - y.index);
  const best = ranked[0];
  if (!best) return null;
  return { iso: toIso(best.reading), box: best.candidate.box, lineIndex: best.candidate.lineIndex };
}
