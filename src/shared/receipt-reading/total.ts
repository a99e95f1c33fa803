/**
 * The total paid: the amount on the line a receipt labels as its (grand, rounded, nett) total,
 * never a subtotal, tax, cash tendered or change. When several lines claim to be the total, the
 * amount the receipt itself confirms wins: the same amount on another total line, as the cash
 * paid with no change, as cash minus change, or as a total plus its rounding adjustment.
 */
import { amountsInLine, centsToDecimal, type FoundAmount } from './amounts';
import type { RecognisedPage } from './page';
import { plainUpper } from './spans';

export type LineKind = 'total' | 'subtotal' | 'payment' | 'change' | 'rounding' | 'other' | 'none';

// OCR mangles TOTAL often enough (T0TAL, TOTA1, TOTAI, T OTAL) that the label allows it.
const TOTAL = String.raw`T\s?[O0]\s?T\s?A\s?[L1I]`;
const NOT_TOTAL = new RegExp(
  String.raw`SUB\s*-?\s*${TOTAL}|(TAX|GST|VAT|SST|ITEMS?|QTY)\s*${TOTAL}|${TOTAL}\s*(QTY|QUANTITY|ITEMS?|PCS|UNITS|DISC|SAVING|TAX|GST|VAT|SST|EXCL|BEFORE|NO\b|POINTS?)|` +
    String.raw`\b(EXCL\w*|BEFORE|OHNE|HORS|HT\b)\s*\.?\s*(GST|TAX|VAT|SST|MWST|TVA|TAXES)?|GST\s*SUMMARY|TAX\s*SUMMARY|NET\s*AMOUNT|\bQTY\b`,
);
const STRONG_TOTAL = new RegExp(
  String.raw`ROUND\w*\s*(D\s*)?${TOTAL}|${TOTAL}\s*ROUND|GRAND\s*${TOTAL}|NETT?\s*${TOTAL}|${TOTAL}\s*(AMOUNT|AMT|SALES|PAYABLE|DUE|TTC)?\s*\(?\s*(INCL|INCLUSIVE|INC\b|TTC)|` +
    String.raw`AMOUNT\s*(DUE|PAYABLE)|${TOTAL}\s*(PAYABLE|DUE)|BALANCE\s*DUE|ZU\s*ZAHLEN|GESAMT|SUMME|(NET\s*)?[AÀ]\s*PAYER|MONTANT\s*TTC`,
);
const PLAIN_TOTAL = new RegExp(String.raw`${TOTAL}|\bAMOUNT\s*:`);
const CHANGE = /\bCHANGE\b|\bCHG\b|\bBAKI\b|\bKEMBALI|RUCKGELD|RÜCKGELD|RENDU|MONNAIE/;
const PAYMENT = /\bCASH\b|TENDER|\bPAID\b|PAYMENT|\bVISA\b|MASTER|\bCARD\b|CREDIT|DEBIT|BAYAR|WALLET|GEGEBEN|BAR\b|ESP[EÈ]CES|\bCB\b|AMEX/;
const ROUNDING = /ROUND|ADJ/;
/** Currency words next to an amount, which do not make a line a labelled one. */
const CURRENCY_WORD = /\b(RM|MYR|EUR|USD|GBP|CHF|SGD|KR|SEK|NOK|DKK|FR)\b/g;
const OTHER = /\bGST\b|\bTAX\b|\bVAT\b|\bSST\b|MWST|\bTVA\b|SERVICE|DISC|SAVING|DEPOSIT/;

export function kindOf(label: string): { kind: LineKind; score: number } {
  if (CHANGE.test(label)) return { kind: 'change', score: 0 };
  if (NOT_TOTAL.test(label)) return { kind: label.match(/SUB/) ? 'subtotal' : 'other', score: 0 };
  if (STRONG_TOTAL.test(label)) return { kind: 'total', score: 4 };
  if (PLAIN_TOTAL.test(label)) return { kind: 'total', score: 3 };
  if (PAYMENT.test(label)) return { kind: 'payment', score: 0 };
  if (ROUNDING.test(label)) return { kind: 'rounding', score: 0 };
  if (OTHER.test(label)) return { kind: 'other', score: 0 };
  return { kind: 'none', score: 0 };
}

interface LabelledAmount {
  amount: FoundAmount;
  kind: LineKind;
  score: number;
}

/** Each line's amount (the largest on it) with the kind of line it sits on. */
function labelledAmounts(page: RecognisedPage): LabelledAmount[] {
  const result: LabelledAmount[] = [];
  let pending: { kind: LineKind; score: number } | null = null;
  page.lines.forEach((line, index) => {
    const amounts = amountsInLine(line, index);
    let label = plainUpper(line.text);
    for (const amount of [...amounts].reverse()) label = label.slice(0, amount.start) + ' ' + label.slice(amount.end);
    const own = kindOf(label);
    const hasWords = /[A-Z]{2,}/.test(label.replace(CURRENCY_WORD, ' '));
    if (amounts.length === 0) {
      // A label whose amount was printed (or recognised) on the next line.
      pending = own.kind === 'none' ? null : own;
      return;
    }
    const kind = own.kind === 'none' && !hasWords && pending ? pending : own;
    pending = null;
    const amount = amounts.reduce((best, next) => (Math.abs(next.cents) > Math.abs(best.cents) ? next : best));
    result.push({ amount, ...kind });
  });
  return result;
}

export function findTotal(page: RecognisedPage): FoundAmount | null {
  const all = labelledAmounts(page);
  const totals = all.filter((entry) => entry.kind === 'total' && entry.amount.cents > 0);
  const payments = all.filter((entry) => entry.kind === 'payment' && entry.amount.cents > 0);
  const changes = all.filter((entry) => entry.kind === 'change' && entry.amount.cents >= 0);
  const roundings = all.filter((entry) => entry.kind === 'rounding');

  const confirmed = new Map<number, number>();
  const confirm = (cents: number, weight: number): void => {
    confirmed.set(cents, (confirmed.get(cents) ?? 0) + weight);
  };
  for (const payment of payments) {
    if (changes.length === 0) confirm(payment.amount.cents, 1);
  }
  // A total, then its rounding adjustment: the rounded total is their sum.
  for (const rounding of roundings) {
    for (const total of totals) {
      if (total.amount.lineIndex < rounding.amount.lineIndex) confirm(total.amount.cents + rounding.amount.cents, 1.5);
    }
  }

  const best = totals.length > 0 ? bestTotal(totals, confirmed) : null;
  // Cash tendered minus the change given is the amount paid, read from two lines; it overrides
  // a total that nothing else on the receipt confirms (one line, likely a misread digit).
  const paid = paidAmount(all, payments, changes);
  if (paid && (!best || best.evidence < 1)) return paid;
  if (best) return best.amount;
  const tendered = payments.find(() => changes.length === 0);
  if (tendered) return tendered.amount;
  const plain = all.filter((entry) => entry.kind === 'none' && entry.amount.cents > 0);
  if (plain.length === 0) return null;
  return plain.reduce((a, b) => (b.amount.cents > a.amount.cents ? b : a)).amount;
}

function bestTotal(totals: LabelledAmount[], confirmed: Map<number, number>): { amount: FoundAmount; evidence: number } {
  const lines = new Map<number, number>();
  for (const entry of totals) lines.set(entry.amount.cents, (lines.get(entry.amount.cents) ?? 0) + 1);
  const evidenceOf = (entry: LabelledAmount): number =>
    (lines.get(entry.amount.cents) ?? 1) - 1 + (confirmed.get(entry.amount.cents) ?? 0);
  // Equal evidence: the later line, as a rounded or final total follows the one it corrects.
  const best = totals.reduce((a, b) => (b.score + evidenceOf(b) >= a.score + evidenceOf(a) ? b : a));
  return { amount: best.amount, evidence: evidenceOf(best) };
}

function paidAmount(all: LabelledAmount[], payments: LabelledAmount[], changes: LabelledAmount[]): FoundAmount | null {
  for (const payment of payments) {
    const change = changes.find((entry) => entry.amount.lineIndex > payment.amount.lineIndex);
    if (!change || change.amount.cents >= payment.amount.cents) continue;
    const cents = payment.amount.cents - change.amount.cents;
    const shown = all.find((entry) => entry.amount.cents === cents && entry.kind !== 'change');
    return shown?.amount ?? { ...payment.amount, cents, decimal: centsToDecimal(cents) };
  }
  return null;
}
