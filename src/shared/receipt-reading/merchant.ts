/**
 * The merchant's name: printed at the top, often the largest text, often carrying a legal form
 * (SDN BHD, S/B, LTD, GMBH, INC). Lines that are addresses, phone or tax numbers, dates, document
 * titles or greetings are passed over, and so is OCR noise (few letters, low confidence) and
 * handwriting. A company named after "owned by" is the owner, not the shop the receipt names.
 */
import type { Box, PageLine, RecognisedPage } from './page';
import { unionBox } from './page';
import { plainUpper } from './spans';

export interface FoundMerchant {
  name: string;
  box: Box;
  lineIndex: number;
}

const TOP_LINES = 10;
const MIN_CONFIDENCE = 55;
const LEGAL_FORM =
  /\b(SDN\.?\s*BHD|BHD|BERHAD|S\/B|LTD|LIMITED|LLC|INC|CORP|CORPORATION|GMBH|AG|KG|SARL|SAS|SRL|PLC|PTE|OY|AB|AS|APS)\b\.?/;
/** Words that name a business without a legal form (English, Malay, German, French). */
const TRADE_WORD =
  /\b(ENTERPRISE|ENTERPRISES|TRADING|SYARIKAT|PERNIAGAAN|KEDAI|RESTAURANT|RESTORAN|HANDELS\w*|ÉTABLISSEMENTS?)\b/;
const OWNER = /OWNED\s*BY|DIMILIKI|OPERATED\s*BY|DIVISION\s*OF|MANAGED\s*BY|EXPLOIT[EÉ]\s*PAR|BETRIEBEN\s*VON/;
const NOT_NAME =
  /TAX\s*INVOICE|\bINVOICE\b|RECEIPT|RECHNUNG|QUITTUNG|BELEG|FACTURE|\bTICKET\b|WELCOME|WILLKOMMEN|BIENVENUE|THANK|\bTEL\b|\bFAX\b|PHONE|MOBILE|\bGST\b|\bVAT\b|\bREG\b|\bDATE\b|\bTIME\b|CASHIER|\bTABLE\b|WWW\.|@|\.COM\b|HTTP|\bCOPY\b|\bMEMBER\b|\bBILL\b|\bCASH\b|HOURS|ORDER/;
const ADDRESS =
  /\bNO\s*[.:]?\s*\d|\bJALAN\b|\bJLN\b|\bSTREET\b|\bST\.|\bROAD\b|\bRD\b|\bAVE|STRASSE|STR\.|\bRUE\b|\bLOT\b|\bTAMAN\b|\bTMN\b|\bFLOOR\b|\bBLOCK\b|\bBLK\b|\bUNIT\b|\bSUITE\b|\b\d{5}\b/;
/** A registration number in brackets after a name: "(728515-M)", "(CO.REG: 860671-D)". */
const REGISTRATION = /[([{][^()[\]{}]*\d{4,}[^()[\]{}]*[)\]}]?\s*$/;

function letters(text: string): number {
  return (text.match(/\p{L}/gu) ?? []).length;
}

function clean(text: string): string {
  return text
    .replace(REGISTRATION, '')
    .replace(/^[^\p{L}\p{N}(]+/u, '')
    .replace(/[^\p{L}\p{N}.)]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function meanConfidence(line: PageLine): number {
  return line.words.reduce((sum, word) => sum + word.confidence, 0) / line.words.length;
}

interface Candidate {
  line: PageLine;
  lineIndex: number;
  name: string;
  legal: boolean;
}

function candidate(line: PageLine, lineIndex: number): Candidate | null {
  const name = clean(line.text);
  const upper = plainUpper(name);
  const count = letters(name);
  if (count < 3 || meanConfidence(line) < MIN_CONFIDENCE) return null;
  // Handwritten notes and stamps OCR as lowercase; printed names are capitalised.
  if (name === name.toLowerCase()) return null;
  if (NOT_NAME.test(upper)) return null;
  const legal = LEGAL_FORM.test(upper);
  if (!legal) {
    if (ADDRESS.test(upper)) return null;
    if (count / name.replace(/\s/g, '').length < 0.6) return null;
    // OCR noise reads as many one- or two-letter words.
    const words = upper.split(/\s+/).filter((word) => letters(word) > 0);
    if (words.length >= 3 && words.filter((word) => letters(word) <= 2).length / words.length > 0.5) return null;
  }
  return { line, lineIndex, name, legal };
}

/** Text height of a line: the median word height, robust to one tall glyph. */
function textHeight(line: PageLine): number {
  const heights = line.words.map((word) => word.box.y1 - word.box.y0).sort((a, b) => a - b);
  return heights[Math.floor(heights.length / 2)] ?? 0;
}

export function findMerchant(page: RecognisedPage): FoundMerchant | null {
  const top = page.lines.slice(0, TOP_LINES);
  const ownerLine = top.findIndex((line) => OWNER.test(plainUpper(line.text)));
  const names = top
    .map((line, lineIndex) => candidate(line, lineIndex))
    .filter((entry): entry is Candidate => entry !== null);
  if (names.length === 0) return null;

  const legal = names.find((entry) => entry.legal && (ownerLine < 0 || entry.lineIndex < ownerLine));
  if (legal) {
    // "SDN BHD" alone on its line belongs to the name on the line above.
    const previous = names.find((entry) => entry.lineIndex === legal.lineIndex - 1 && !entry.legal);
    if (letters(legal.name.replace(LEGAL_FORM, '').replace(/\(M\)/g, '')) < 3 && previous) {
      return {
        name: `${previous.name} ${legal.name}`,
        box: unionBox([previous.line.box, legal.line.box]),
        lineIndex: previous.lineIndex,
      };
    }
    return { name: legal.name, box: legal.line.box, lineIndex: legal.lineIndex };
  }
  const trade = names.find((entry) => TRADE_WORD.test(plainUpper(entry.name)));
  if (trade) return { name: trade.name, box: trade.line.box, lineIndex: trade.lineIndex };
  // No legal form: the first name line, unless a clearly larger one follows closely (a logo
  // line or a branch name printed above the shop's name).
  const first = names[0]!;
  let chosen = first;
  for (const next of names.slice(1)) {
    if (next.lineIndex - first.lineIndex > 3) break;
    if (textHeight(next.line) > textHeight(chosen.line) * 1.3) chosen = next;
  }
  return { name: chosen.name, box: chosen.line.box, lineIndex: chosen.lineIndex };
}
