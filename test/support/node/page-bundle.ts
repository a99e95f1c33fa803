/**
 * Bundles a browser-side bench page (test/support/browser/*-page.ts) into one IIFE script that a
 * bench injects with page.addScriptTag: real app modules, resolved with the app's aliases.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Rollup } from 'vite';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** `entry` is relative to the repository root; `globalName` is the IIFE's global. */
export async function bundleBrowserPage(entry: string, globalName: string): Promise<string> {
  const result = await build({
    configFile: false,
    // pdf.js (loaded on demand, unused by the benches) warns about import.meta in an iife bundle.
    logLevel: 'error',
    root,
    resolve: { alias: { '@shared': join(root, 'src/shared'), '@renderer': join(root, 'src/renderer/src') } },
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      write: false,
      emptyOutDir: false,
      minify: false,
      target: 'es2022',
      lib: { entry: join(root, entry), formats: ['iife'], name: globalName, fileName: () => 'page.js' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((item) => item.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error(`no page bundle for ${entry}`);
  return chunk.code;
}
