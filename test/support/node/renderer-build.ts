/**
 * The e2e harness, the screenshot and the benchmarks run the BUILT renderer (out/renderer), as
 * the app does. `npm test` builds before vitest; run on their own they build it when it is missing
 * or stale (a file under src/ or the build config is newer than it), so nothing measures old code.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const rendererDir = join(projectRoot, 'out', 'renderer');

let checked = false;

function newestMtimeMs(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  return newest;
}

/** Why the build in out/ cannot be used as it is, or null when it is current. */
function staleReason(): string | null {
  const index = join(rendererDir, 'index.html');
  if (!existsSync(index)) return 'out/renderer is missing';
  const builtAt = statSync(index).mtimeMs;
  const inputs = ['src', 'electron.vite.config.ts', 'package.json'].map((p) => join(projectRoot, p)).filter(existsSync);
  const newest = Math.max(...inputs.map(newestMtimeMs));
  return newest > builtAt ? 'out/renderer is older than its sources' : null;
}

export function ensureRendererBuilt(options: { force?: boolean } = {}): string {
  if (checked && !options.force) return rendererDir;
  const reason = options.force ? 'a build was asked for' : staleReason();
  if (reason) {
    process.stderr.write(`harness: ${reason}; running electron-vite build\n`);
    execFileSync('npx', ['electron-vite', 'build'], { cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  }
  checked = true;
  return rendererDir;
}
