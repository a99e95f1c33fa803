/**
 * The e2e harness, the screenshot and the benchmarks run the BUILT renderer (out/renderer), as
 * the app does. `npm test` builds before vitest; run on their own they build it once if missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const rendererDir = join(projectRoot, 'out', 'renderer');

let checked = false;

export function ensureRendererBuilt(options: { force?: boolean } = {}): string {
  if (checked && !options.force) return rendererDir;
  if (options.force || !existsSync(join(rendererDir, 'index.html'))) {
    process.stderr.write('harness: out/renderer is missing; running electron-vite build once\n');
    execFileSync('npx', ['electron-vite', 'build'], { cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  }
  checked = true;
  return rendererDir;
}
