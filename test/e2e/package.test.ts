/**
 * The packaged app, built the way a release is (electron-builder with electron-builder.yml), but
 * with the `dir` target and a stand-in Electron distribution (build/stand-in-electron.mjs): the real
 * Electron zip cannot be downloaded here. The stand-in binary carries Electron's fuse sentinel and
 * wire, so electron-builder flips the fuses on it with @electron/fuses exactly as on the real one.
 * Needs `out/` (npm run build; `npm test` builds first).
 */
import { execFile } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(__dirname, '../..');
const FUSE_ON = '1'.charCodeAt(0);
const FUSE_OFF = '0'.charCodeAt(0);

let output: string;
let unpacked: string;

beforeAll(async () => {
  if (!existsSync(join(root, 'out/main/index.js'))) throw new Error('out/ is missing: run `npm run build` before the package test.');
  const { stdout } = await run(process.execPath, [join(root, 'build/stand-in-electron.mjs')], { cwd: root });
  const electronDist = stdout.trim();
  output = mkdtempSync(join(tmpdir(), 'courier-pack-'));
  await run(
    process.execPath,
    [join(root, 'node_modules/electron-builder/cli.js'), '--linux', 'dir', '--publish', 'never', `-c.electronDist=${electronDist}`, `-c.directories.output=${output}`],
    { cwd: root, env: { ...process.env, CI: '1' }, maxBuffer: 16 * 1024 * 1024 },
  );
  rmSync(electronDist, { recursive: true, force: true });
  unpacked = join(output, 'linux-unpacked');
}, 180_000);

afterAll(() => {
  if (output) rmSync(output, { recursive: true, force: true });
});

describe('packaged app (electron-builder --dir, stand-in Electron)', () => {
  it('app.asar holds out/main, out/preload, out/renderer and package.json, and nothing else', () => {
    const entries = listPackage(join(unpacked, 'resources/app.asar'), { isPack: false }).map((entry) => entry.replaceAll('\\', '/'));
    const topLevel = [...new Set(entries.map((entry) => entry.split('/').slice(0, 3).join('/')))].sort();
    expect(topLevel).toEqual(['/out', '/out/main', '/out/preload', '/out/renderer', '/package.json']);
    for (const forbidden of ['node_modules', '/src/', '/test/', '.ts', '.map']) {
      expect(entries.filter((entry) => entry.includes(forbidden) && !entry.startsWith('/out/renderer/assets/pdf'))).toEqual([]);
    }
    expect(entries).toContain('/out/main/index.js');
    expect(entries).toContain('/out/preload/index.cjs');
    expect(entries).toContain('/out/renderer/index.html');
  });

  it('flips the fuses as electron-builder.yml says (no run-as-node, asar integrity, app only from asar)', async () => {
    const wire = await getCurrentFuseWire(join(unpacked, 'expense-courier'));
    expect({
      runAsNode: wire[FuseV1Options.RunAsNode],
      cookieEncryption: wire[FuseV1Options.EnableCookieEncryption],
      nodeOptions: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      cliInspect: wire[FuseV1Options.EnableNodeCliInspectArguments],
      asarIntegrity: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      onlyFromAsar: wire[FuseV1Options.OnlyLoadAppFromAsar],
    }).toEqual({ runAsNode: FUSE_OFF, cookieEncryption: FUSE_ON, nodeOptions: FUSE_OFF, cliInspect: FUSE_OFF, asarIntegrity: FUSE_ON, onlyFromAsar: FUSE_ON });
  });

  it('main and preload are bundled whole: no import a package would have to supply, no zod in the preload', () => {
    const main = readFileSync(join(root, 'out/main/index.js'), 'utf8');
    const bare = [...main.matchAll(/(?:from\s+|require\()["']((?:@[\w.-]+\/)?[a-z0-9][\w.-]*(?:\/[\w.-]+)*)["']/g)].map((m) => m[1]!);
    expect([...new Set(bare)].filter((name) => name !== 'electron' && !name.startsWith('node:') && !builtinModules.includes(name))).toEqual([]);
    const preload = readFileSync(join(root, 'out/preload/index.cjs'), 'utf8');
    expect(preload).not.toMatch(/ZodError|\$ZodType/);
    expect(preload.length).toBeLessThan(20_000);
  });

  it('ships the tray icons beside the asar', () => {
    expect(existsSync(join(unpacked, 'resources/tray'))).toBe(true);
  });
});

