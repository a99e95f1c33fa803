/**
 * Benchmark runner: `npm run bench` runs every test/bench/*.bench.ts, `npm run bench -- NAME`
 * (or several names) only those. Each bench module exports `bench: Bench` (or a default export
 * of that shape). Figures are printed as a table and MERGED into bench-results.json
 * (`{"figure.name": {"value": n, "unit": "ms"}}`), so running one bench keeps the others' figures.
 *
 * Benchmarks measure; they never assert a time (targets are compared by people, in the closing note).
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isBench, type Bench, type Figure } from './bench';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const resultsFile = fileURLToPath(new URL('../../bench-results.json', import.meta.url));

type Results = Record<string, { value: number; unit: string }>;

async function discover(): Promise<Bench[]> {
  const files = (await readdir(benchDir)).filter((file) => file.endsWith('.bench.ts')).sort();
  const benches: Bench[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(benchDir, file)).href)) as Record<string, unknown>;
    const candidate = module.bench ?? module.default;
    if (!isBench(candidate)) throw new Error(`${file} exports no bench ({ name, run() })`);
    benches.push(candidate);
  }
  return benches;
}

async function readResults(): Promise<Results> {
  try {
    return JSON.parse(await readFile(resultsFile, 'utf8')) as Results;
  } catch {
    return {};
  }
}

function printTable(rows: Array<{ bench: string } & Figure>): void {
  const header = { bench: 'bench', figure: 'figure', value: 'value', unit: 'unit' };
  const cells = [header, ...rows.map((row) => ({ ...row, value: formatValue(row.value) }))];
  const width = (key: keyof typeof header): number => Math.max(...cells.map((cell) => String(cell[key]).length));
  const line = (cell: (typeof cells)[number]): string =>
    [
      String(cell.bench).padEnd(width('bench')),
      String(cell.figure).padEnd(width('figure')),
      String(cell.value).padStart(width('value')),
      String(cell.unit),
    ].join('  ');
  console.log(line(header));
  console.log('-'.repeat(line(header).length + 4));
  rows.forEach((row) => console.log(line({ ...row, value: formatValue(row.value) })));
}

const formatValue = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(1));

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const all = await discover();
  const unknown = wanted.filter((name) => !all.some((bench) => bench.name === name));
  if (unknown.length > 0) {
    console.error(`unknown bench: ${unknown.join(', ')}; available: ${all.map((bench) => bench.name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const selected = wanted.length > 0 ? all.filter((bench) => wanted.includes(bench.name)) : all;

  const rows: Array<{ bench: string } & Figure> = [];
  let failed = false;
  for (const bench of selected) {
    console.error(`bench ${bench.name}: running`);
    try {
      const figures = await bench.run();
      rows.push(...figures.map((figure) => ({ bench: bench.name, ...figure })));
    } catch (error) {
      failed = true;
      console.error(`bench ${bench.name} failed:`, error);
    }
  }

  if (rows.length > 0) {
    const results = await readResults();
    for (const row of rows) results[row.figure] = { value: row.value, unit: row.unit };
    await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    printTable(rows);
    console.log(`\nmerged into ${resultsFile}`);
  }
  if (failed) process.exitCode = 1;
}

await main();
