/**
 * Bundles ./in-page/entry.ts (and the contract code it pulls in) into one classic script
 * that the harness installs with `context.addInitScript`, so every page gets `window.courier`
 * before the renderer's own code runs.
 */
import { join } from 'node:path';
import { build, type Rollup } from 'vite';
import { projectRoot } from './renderer-build';

let bundled: Promise<string> | undefined;

export function pageBridgeScript(): Promise<string> {
  bundled ??= bundle();
  return bundled;
}

async function bundle(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    root: projectRoot,
    resolve: {
      alias: {
        '@shared': join(projectRoot, 'src/shared'),
        '@renderer': join(projectRoot, 'src/renderer/src'),
      },
    },
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      write: false,
      emptyOutDir: false,
      minify: false,
      sourcemap: false,
      target: 'es2022',
      lib: {
        entry: join(projectRoot, 'test/support/node/in-page/entry.ts'),
        formats: ['iife'],
        name: 'courierPageBridge',
        fileName: () => 'page-bridge.js',
      },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunk = outputs.flatMap((output) => output.output).find((item) => item.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('page bridge: the bundle produced no script');
  return chunk.code;
}
