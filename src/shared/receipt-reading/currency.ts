/**
 * The receipt's currency from what it prints: ISO codes (EUR, CHF), symbols (€, £, ¥, ₹), local
 * forms (RM, Fr., kr, zł, Kč, Ft) and the symbol's prefix (S$, A$, HK$, US$). A bare "$" or "kr"
 * is shared by several countries: the receipt's other evidence (country names, company forms, tax
 * names) picks one, else the most common reading. The most frequent sign on the page wins.
 */
import type { Box, RecognisedPage } from './page';
import { boxOfSpan, plainUpper } from './spans';

export interface FoundCurrency {
  code: string;
  box: Box | null;
  lineIndex: number | null;
}

const ISO_CODE = /\b(MYR|EUR|GBP|USD|CHF|SEK|NOK|DKK|SGD|AUD|CAD|NZD|HKD|JPY|CNY|INR|PLN|CZK|HUF|IDR|THB|PHP|ZAR|AED)\b/;
const SIGNS: Array<[RegExp, string | ((page: string) => string)]> = [
  [/\bRM\s?(?=\d)|\(RM\)|\bRM\b/, 'MYR'],
  [/€/, 'EUR'],
  [/£/, 'GBP'],
  [/¥|円/, 'JPY'],
  [/₹|\bRS\.?\s?(?=\d)/, 'INR'],
  [/ZŁ|\bPLN\b/, 'PLN'],
  [/KČ/, 'CZK'],
  [/\d\s?FT\b/, 'HUF'],
  [/\bS\$/, 'SGD'],
  [/\bA\$/, 'AUD'],
  [/\bC\$|\bCA\$/, 'CAD'],
  [/\bHK\$/, 'HKD'],
  [/\bNZ\$/, 'NZD'],
  [/\bUS\$/, 'USD'],
  [/\bSFR\.?|\bFR\.\s?(?=\d)/, 'CHF'],
  [/\d\s?KR\.?\b|\bKR\.?\s?(?=\d)|\bKR\b/, (text) => kronaFor(text)],
  [/\$/, (text) => dollarFor(text)],
];

function kronaFor(page: string): string {
  if (/NORGE|NORWAY|\bMVA\b|\bNOK\b/.test(page)) return 'NOK';
  if (/DANMARK|DENMARK|\bCVR\b|\bDKK\b/.test(page)) return 'DKK';
  if (/ÍSLAND|ICELAND|\bISK\b/.test(page)) return 'ISK';
  return 'SEK';
}

/** "$" alone: the country the receipt names, else USD; Malaysian receipts also print "$" for RM. */
function dollarFor(page: string): string {
  if (/SINGAPORE/.test(page)) return 'SGD';
  if (/AUSTRALIA|\bABN\b/.test(page)) return 'AUD';
  if (/CANADA|\bHST\b|\bGST\/HST/.test(page)) return 'CAD';
  if (/HONG KONG/.test(page)) return 'HKD';
  if (/NEW ZEALAND/.test(page)) return 'NZD';
  if (MALAYSIA.test(page)) return 'MYR';
  return 'USD';
}

const MALAYSIA = /MALAYSIA|SDN\.?\s*BHD|\bBHD\b|JOHOR|SELANGOR|KUALA LUMPUR|PETALING|\bJALAN\b|\bJLN\b/;

/** Evidence of the country when no currency sign was read at all. */
const COUNTRY_HINTS: Array<[RegExp, string]> = [
  [MALAYSIA, 'MYR'],
  [/SINGAPORE/, 'SGD'],
  // Switzerland and Quebec also print TVA and "à payer": their own marks are looked for first.
  [/SCHWEIZ|SUISSE|\bMWST-NR|\bCHE-\d/, 'CHF'],
  [/QU[EÉ]BEC|\bTPS\b|\bTVQ\b/, 'CAD'],
  [/\bGMBH\b|\bMWST\b|\bUST\b|DEUTSCHLAND|ÖSTERREICH|\bIVA\b/, 'EUR'],
  // French receipts that print no € at all: their tax, company register and payment words.
  [/\bTVA\b|FRANCE|\bTTC\b|\bSARL\b|\bSIRE[TN]\b|\bESP[EÈ]CES\b|[AÀ] PAYER\b|[AÀ] RENDRE\b|\bRENDU MONNAIE\b/, 'EUR'],
  [/UNITED KINGDOM|\bVAT REG|\bLTD\b/, 'GBP'],
];

export function findCurrency(page: RecognisedPage): FoundCurrency | null {
  const whole = plainUpper(page.lines.map((line) => line.text).join('\n'));
  const votes = new Map<string, { count: number; box: Box; lineIndex: number }>();
  page.lines.forEach((line, lineIndex) => {
    const text = plainUpper(line.text);
    const iso = ISO_CODE.exec(text);
    for (const [pattern, code] of iso ? [[ISO_CODE, iso[0]] as const] : SIGNS) {
      const match = pattern.exec(text);
      if (!match) continue;
      const resolved = typeof code === 'string' ? code : code(whole);
      const vote = votes.get(resolved);
      if (vote) vote.count += 1;
      else votes.set(resolved, { count: 1, box: boxOfSpan(line, match.index, match.index + match[0].length), lineIndex });
      break;
    }
  });
  const best = [...votes.entries()].sort((a, b) => b[1].count - a[1].count)[0];
  if (best) return { code: best[0], box: best[1].box, lineIndex: best[1].lineIndex };
  const hint = COUNTRY_HINTS.find(([pattern]) => pattern.test(whole));
  return hint ? { code: hint[1], box: null, lineIndex: null } : null;
}
