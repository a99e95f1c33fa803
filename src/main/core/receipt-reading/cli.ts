/**
 * `npm run receipts:read -- <files or folders>`: reads receipts with the app's own reading code
 * (src/shared/receipt-reading through the Node reader) and prints one JSON line per file:
 * {"file", "total", "currency", "date", "merchant", "ms"}, null for a field not found.
 * A file that cannot be read prints {"file", "error"} and the run goes on.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
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

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length === 0) {
    console.error('usage: npm run receipts:read -- <files or folders>');
    process.exitCode = 2;
    return;
  }
  const files = await expand(args);
  const reader = await startNodeReader();
  try {
    for (const file of files) console.log(await readLine(reader, file));
  } finally {
    await reader.close();
  }
}

await main();
