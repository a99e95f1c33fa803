/**
 * `npm run receipts:read -- [--lang eng|fra|eng+fra] <files or folders>`: reads receipts with the
 * app's own reading code (src/shared/receipt-reading through the Node reader, with the language data
 * the app's setting names) and prints one JSON line per file:
 * {"file", "total", "currency", "date", "merchant", "ms"}, null for a field not found.
 * A file that cannot be read prints {"file", "error"} and the run goes on.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { RECEIPT_READING_LANGUAGES, type ReceiptReadingLanguage } from '../../../shared/settings';
import { readReceiptFile, startNodeReader, type NodeReader } from './node-reader';

const RECEIPT_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.bmp', '.heic', '.pdf']);

async function expand(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory()) {
      const entries = (await readdir(path)).sort();
      files.push(...entries.filter((entry) => RECEIPT_EXTENSIONS.has(extname(entry).toLowerCase())).map((entry) => join(path, entry)));
    } else {
      files.push(path);
    }
  }
  return files;
}

export async function readLine(reader: NodeReader, file: string): Promise<string> {
  const started = performance.now();
  try {
    const { fields } = await readReceiptFile(reader, file);
    return JSON.stringify({
      file: basename(file),
      total: fields.total?.value ?? null,
      currency: fields.currency?.value ?? null,
      date: fields.date?.value ?? null,
      merchant: fields.merchant?.value ?? null,
      ms: Math.round(performance.now() - started),
    });
  } catch (error) {
    return JSON.stringify({ file: basename(file), error: error instanceof Error ? error.message : String(error) });
  }
}

const USAGE = `usage: npm run receipts:read -- [--lang ${RECEIPT_READING_LANGUAGES.join('|')}] <files or folders>`;

/** The arguments: `--lang <code>` (or `--lang=<code>`, the app's language setting; English by default) and the paths. */
export function parseArgs(args: readonly string[]): { language: ReceiptReadingLanguage; paths: string[] } | { error: string } {
  let language: string = 'eng';
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--lang' || arg.startsWith('--lang=')) {
      const value = arg === '--lang' ? args[++i] : arg.slice('--lang='.length);
      if (value === undefined || value === '') return { error: `--lang needs a language: ${RECEIPT_READING_LANGUAGES.join(', ')}` };
      language = value;
    } else paths.push(arg);
  }
  if (!isReceiptReadingLanguage(language)) {
    return { error: `no language data for "${language}": the app packages ${RECEIPT_READING_LANGUAGES.join(', ')}` };
  }
  if (paths.length === 0) return { error: USAGE };
  return { language, paths };
}

const isReceiptReadingLanguage = (value: string): value is ReceiptReadingLanguage => (RECEIPT_READING_LANGUAGES as readonly string[]).includes(value);

async function main(): Promise<void> {
  const parsed = parseArgs(process.argv.slice(2));
  if ('error' in parsed) {
    console.error(parsed.error);
    process.exitCode = 2;
    return;
  }
  const files = await expand(parsed.paths);
  const reader = await startNodeReader({ language: parsed.language });
  try {
    for (const file of files) console.log(await readLine(reader, file));
  } finally {
    await reader.close();
  }
}

await main();
