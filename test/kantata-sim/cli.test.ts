import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const children: ChildProcess[] = [];

function startCli(args: string[]): Promise<{ child: ChildProcess; baseUrl: string; token: string; output: () => string }> {
  // What `npm run sim` runs (tsx test/kantata-sim/cli.ts), in one process so signals reach it directly.
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/kantata-sim/cli.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolveReady, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const base = /Base URL: (\S+)/.exec(out);
      const token = /Token: (\S+)/.exec(out);
      if (base && token) resolveReady({ child, baseUrl: base[1]!, token: token[1]!, output: () => out });
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`simulator exited early (${code}): ${out}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm run sim (cli.ts)', () => {
  it('serves the demo seed with the given token and stops cleanly on SIGTERM', async () => {
    const sim = await startCli(['--port', '0', '--token', 'cli-token']);
    expect(sim.token).toBe('cli-token');
    expect(sim.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    const res = await fetch(`${sim.baseUrl}/expenses?per_page=5`, { headers: { Authorization: 'Bearer cli-token' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { count: number }).count).toBeGreaterThan(20);
    sim.child.kill('SIGTERM');
    expect(await exited(sim.child)).toBe(0);
    expect(sim.output()).toContain('stopped');
    await expect(fetch(`${sim.baseUrl}/users/me`)).rejects.toThrow();
  }, 20_000);

  it('takes the timestamp and foreign-amount switches as flags', async () => {
    const sim = await startCli(['--port', '0', '--seed', 'empty', '--token', 't', '--timestamp-precision', 'millisecond', '--timestamp-offset=+09:00', '--foreign-amount-value-as', 'string']);
    const admin = sim.baseUrl.replace(/\/api\/v1$/, '/__sim');
    const options = (await (await fetch(`${admin}/options`)).json()) as Record<string, unknown>;
    expect(options).toMatchObject({ timestampPrecision: 'millisecond', timestampOffset: '+09:00', foreignAmountValueAs: 'string' });
    const ws = (await (await fetch(`${admin}/workspaces`, { method: 'POST', body: JSON.stringify({ title: 'CLI' }) })).json()) as { created_at: string };
    expect(ws.created_at).toMatch(/\.\d{3}\+09:00$/);
    // The OpenAPI files are found under tsx too (no __dirname in an ES module there).
    await fetch(`${sim.baseUrl}/users/me?bogus=1`, { headers: { Authorization: 'Bearer t' } });
    const uses = await fetch(`${admin}/requests/undocumented-params`);
    expect(uses.status).toBe(200);
    expect(((await uses.json()) as Array<{ undocumentedParams: string[] }>).map((e) => e.undocumentedParams)).toEqual([['bogus']]);
    sim.child.kill('SIGTERM');
    expect(await exited(sim.child)).toBe(0);
  }, 20_000);

  it('makes up and prints a token when none is given; SIGINT stops it too', async () => {
    const sim = await startCli(['--port', '0', '--seed', 'empty']);
    expect(sim.token).toMatch(/^[0-9a-f]{32}$/);
    const res = await fetch(`${sim.baseUrl}/users/me`, { headers: { Authorization: `Bearer ${sim.token}` } });
    expect(res.status).toBe(200);
    sim.child.kill('SIGINT');
    expect(await exited(sim.child)).toBe(0);
  }, 20_000);
});
