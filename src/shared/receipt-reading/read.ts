/**
 * Reading a receipt image, the same way in the app's worker and in the Node CLI: prepare the
 * image, recognise the page, extract the fields; then re-read, enlarged, the few lines that
 * should hold a field the first pass could not read (a date line without a date, a total line
 * without an amount), and extract again. Enlarging only those lines costs a fraction of reading
 * the whole page at a higher scale, which measured better for dates but took twice as long.
 * A page whose date is still missing or doubtful gets a second look with adaptive binarisation.
 * A page skewed past a degree is turned straight first (deskew.ts).
 */
import { amountsInLine } from './amounts';
import { extractReceiptFields, type ExtractOptions, type ReadField, type ReceiptFields } from './extract';
import { estimateSkew, MIN_DESKEW_DEGREES, rotateBack } from './deskew';
import { mapPage, scaleBox, scalePage, type Box, type PageLine, type RecognisedPage } from './page';
import { crop, prepareForOcr, upscale, type GrayImage } from './preprocess';
import { plainUpper } from './spans';
import { kindOf } from './total';

/**
 * `page`: a whole receipt; `page-adaptive`: the same with binarisation adapted to each part of
 * the page (the second look); `strip`: a few lines cut from one.
 */
export type OcrMode = 'page' | 'page-adaptive' | 'strip';

export interface OcrEngine {
  /** Boxes in the given image's pixels. */
  recognise(image: GrayImage, mode: OcrMode): Promise<RecognisedPage>;
}

export interface ReadResult {
  /** Boxes in the pixels of the original image. */
  page: RecognisedPage;
  fields: ReceiptFields;
}

const REREAD_SCALE = 2;
const MAX_REREAD_LINES = 4;
/** Below this mean word confidence a line's reading is doubtful enough to read again. */
const DOUBTFUL = 75;
const DATEISH = /DATE|DATUM|TARIKH|\d{1,4}\s?[/.-]\s?\d{1,2}\s?[/.-]?\s?\d{0,4}/;

function confidence(line: PageLine): number {
  return line.words.reduce((sum, word) => sum + word.confidence, 0) / line.words.length;
}

/** Lines worth a second look, by index: where a missing or doubtful field should be. */
function linesToReread(page: RecognisedPage, fields: ReceiptFields): number[] {
  const wanted = new Set<number>();
  const doubtful = (index: number): boolean => confidence(page.lines[index]!) < DOUBTFUL;
  page.lines.forEach((line, index) => {
    const text = plainUpper(line.text);
    if (fields.date === null && DATEISH.test(text) && /DATE|DATUM|TARIKH|\d/.test(text)) {
      if (/DATE|DATUM|TARIKH/.test(text) || doubtful(index)) wanted.add(index);
    }
    const kind = kindOf(text).kind;
    if ((kind === 'total' || kind === 'payment' || kind === 'change') && (fields.total === null || doubtful(index))) {
      if (amountsInLine(line, index).length === 0 || doubtful(index)) wanted.add(index);
    }
  });
  return [...wanted].sort((a, b) => a - b).slice(0, MAX_REREAD_LINES);
}

async function reread(engine: OcrEngine, image: GrayImage, page: RecognisedPage, indices: number[]): Promise<RecognisedPage> {
  const lines = [...page.lines];
  for (const index of indices.reverse()) {
    const box = lines[index]!.box;
    const height = box.y1 - box.y0;
    const pad = Math.round(height * 0.4);
    const area = {
      x0: 0,
      y0: Math.max(0, box.y0 - pad),
      x1: image.width,
      y1: Math.min(image.height, box.y1 + pad),
    };
    if (area.y1 - area.y0 < 4) continue;
    const strip = upscale(crop(image, area), REREAD_SCALE);
    const read = await engine.recognise(strip, 'strip');
    const back = scalePage(read, 1 / REREAD_SCALE, { x: area.x0, y: area.y0 });
    // Keep the re-read lines that sit on the original line (the padding may catch neighbours).
    const middle = (box.y0 + box.y1) / 2;
    const replacement = back.lines.filter((line) => line.box.y0 <= middle && line.box.y1 >= middle);
    if (replacement.length > 0) lines.splice(index, 1, ...replacement);
  }
  return { ...page, lines };
}

/**
 * How sure the OCR was of a field: its least confident word. -1 for a field not found, so any
 * reading beats none.
 */
export function fieldConfidence(page: RecognisedPage, field: ReadField<string> | null): number {
  if (!field?.box) return -1;
  const { box } = field;
  const inside = page.lines
    .flatMap((line) => line.words)
    .filter((word) => word.box.x0 >= box.x0 && word.box.x1 <= box.x1 && word.box.y0 >= box.y0 && word.box.y1 <= box.y1);
  return inside.length > 0 ? Math.min(...inside.map((word) => word.confidence)) : 0;
}

/**
 * A date read with less confidence than this (or none) earns the page a second look with
 * adaptive binarisation: dates are printed small and faint, often in dot matrix, and measured on
 * scanned receipts that look reads about a third of the dates the first one missed or misread.
 */
export const DOUBTFUL_DATE = 70;

/** The page recognised in `mode`, with doubtful date and total lines re-read enlarged. */
async function recognisePage(engine: OcrEngine, image: GrayImage, mode: OcrMode, options: ExtractOptions): Promise<RecognisedPage> {
  const page = await engine.recognise(image, mode);
  const again = linesToReread(page, extractReceiptFields(page, options));
  return again.length > 0 ? reread(engine, image, page, again) : page;
}

export interface ReadOptions extends ExtractOptions {
  /** Straighten a page skewed past MIN_DESKEW_DEGREES (default on; the bench measures both). */
  deskew?: boolean;
}

function mapFields(fields: ReceiptFields, map: (box: Box) => Box): ReceiptFields {
  const field = (read: ReadField<string> | null): ReadField<string> | null => read && { ...read, box: read.box && map(read.box) };
  return { total: field(fields.total), currency: field(fields.currency), date: field(fields.date), merchant: field(fields.merchant) };
}

export async function readReceiptImage(
  engine: OcrEngine,
  decoded: GrayImage,
  decodedScale: number,
  options: ReadOptions = {},
): Promise<ReadResult> {
  const prepared = prepareForOcr(decoded, decodedScale);
  const skew = options.deskew === false ? null : estimateSkew(prepared.image);
  const turned = skew && Math.abs(skew.degrees) >= MIN_DESKEW_DEGREES ? rotateBack(prepared.image, skew.degrees) : null;
  const image = turned?.image ?? prepared.image;
  const original = { width: Math.round(decoded.width * decodedScale), height: Math.round(decoded.height * decodedScale) };
  // The rules read the page in original pixels: as the viewer shows it (margins included), or,
  // for a page turned straight, still straight (its lines level) and mapped back at the end.
  const forRules = (page: RecognisedPage): RecognisedPage =>
    turned ? scalePage(page, prepared.scale, { x: 0, y: 0 }) : { ...scalePage(page, prepared.scale, prepared.offset), ...original };
  const toOriginal = (box: Box): Box => {
    if (!turned) return box;
    const inPrepared = turned.back({
      x0: box.x0 / prepared.scale,
      y0: box.y0 / prepared.scale,
      x1: box.x1 / prepared.scale,
      y1: box.y1 / prepared.scale,
    });
    return scaleBox(inPrepared, prepared.scale, prepared.offset);
  };
  const result = (page: RecognisedPage, fields: ReceiptFields): ReadResult =>
    turned ? { page: { ...mapPage(page, toOriginal), ...original }, fields: mapFields(fields, toOriginal) } : { page, fields };

  const page = forRules(await recognisePage(engine, image, 'page', options));
  const fields = extractReceiptFields(page, options);
  if (fieldConfidence(page, fields.date) >= DOUBTFUL_DATE) return result(page, fields);

  const second = forRules(await recognisePage(engine, image, 'page-adaptive', options));
  const secondFields = extractReceiptFields(second, options);
  // The first look keeps every field it read; the second adds what it lacked and a surer date.
  const merged: ReceiptFields = {
    total: fields.total ?? secondFields.total,
    currency: fields.currency ?? secondFields.currency,
    date: fieldConfidence(second, secondFields.date) > fieldConfidence(page, fields.date) ? secondFields.date : fields.date,
    merchant: fields.merchant ?? secondFields.merchant,
  };
  return result(page.lines.length > 0 ? page : second, merged);
}
