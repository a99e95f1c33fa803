import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';

/**
 * Kantata's OpenAPI files (read-only, beside the repository in shared/reference). Located from this
 * file's URL rather than `__dirname`, which tsx (`npm run sim`, the benchmark) does not define in
 * an ES module; vitest gives both.
 */
export const SPEC_DIR = fileURLToPath(new URL('../../../shared/reference/kantata-openapi/', import.meta.url));

const parsed = new Map<string, Record<string, unknown>>();

/** One OpenAPI file as parsed YAML, read once per process (the files are large; parsing takes ~0.1 s). */
export function readSpecFile(file: string): Record<string, unknown> {
  let doc = parsed.get(file);
  if (!doc) {
    doc = load(readFileSync(`${SPEC_DIR}${file}`, 'utf8')) as Record<string, unknown>;
    parsed.set(file, doc);
  }
  return doc;
}

/** The API description files (`mavenlink-*-api-openapi.yml`); empty when the directory is missing. */
export function specFileNames(): string[] {
  if (!existsSync(SPEC_DIR)) return [];
  return readdirSync(SPEC_DIR).filter((f) => /-api-openapi\.ya?ml$/.test(f)).sort();
}
