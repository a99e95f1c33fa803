/**
 * Settings, the receipt upload ledger, the sync ledger and the token file are written through
 * `writeFileDurably` (atomically): flushed to disk before the rename, and retried when Windows'
 * antivirus holds the file (EPERM, EBUSY). node:fs is wrapped to record the order of the calls and
 * to fail the first renames the way antivirus does; everything else is the real file system.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const fsLog = vi.hoisted(() => ({ calls: [] as string[], failRenames: [] as string[], alwaysFail: null as string | null }));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const fsyncSync = (fd: number): void => {
    fsLog.calls.push('fsync');
    real.fsyncSync(fd);
  };
  const renameSync = (from: string, to: string): void => {
    const code = fsLog.alwaysFail ?? fsLog.failRenames.shift();
    if (!fsLog.alwaysFail) fsLog.calls.push(code ? `rename ${code}` : 'rename');
    if (code) throw Object.assign(new Error(`${code}: operation not permitted, rename '${from}'`), { code, syscall: 'rename' });
    real.renameSync(from, to);
  };
  const wrapped = { ...real, fsyncSync, renameSync };
  return { ...wrapped, default: wrapped };
});

const { writeFileDurably } = await import('../../../src/main/core/desktop/durable-write');
const { createJsonFileStore } = await import('../../../src/main/core/desktop/json-file-store');
const { EncryptedFileTokenStore, createProcessKeyCipher } = await import('../../../src/main/core/account/token-store');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'durable-'));
  fsLog.calls.length = 0;
  fsLog.failRenames.length = 0;
  fsLog.alwaysFail = null;
});

describe('durable writes', () => {
  it('flushes the new content to disk before it replaces the old file, and leaves no temporary file', () => {
    const path = join(dir, 'settings.json');
    writeFileSync(path, '{"old":true}');
    writeFileDurably(path, '{"new":true}');
    expect(fsLog.calls).toEqual(['fsync', 'rename']);
    expect(readFileSync(path, 'utf8')).toBe('{"new":true}');
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('retries a rename that antivirus blocks (EPERM, EBUSY) and succeeds', () => {
    const path = join(dir, 'receipt-uploads.json');
    fsLog.failRenames.push('EPERM', 'EBUSY');
    const store = createJsonFileStore(path);
    store.write({ uploads: { a: 1 } });
    expect(fsLog.calls).toEqual(['fsync', 'rename EPERM', 'rename EBUSY', 'rename']);
    expect(store.read()).toEqual({ uploads: { a: 1 } });
  });

  it('a rename that keeps failing leaves the old content whole and reports the error', () => {
    const path = join(dir, 'sync-sent-creates.json');
    const store = createJsonFileStore(path);
    store.write({ sent: 1 });
    fsLog.alwaysFail = 'EBUSY';
    const started = Date.now();
    expect(() => store.write({ sent: 2 })).toThrow(/EBUSY/);
    fsLog.alwaysFail = null;
    // Retried for about a second, not forever.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(store.read()).toEqual({ sent: 1 });
  });

  it('creates the folder it writes into', () => {
    const path = join(dir, 'nested', 'deeper', 'window-state.json');
    createJsonFileStore(path).write({ bounds: null });
    expect(existsSync(path)).toBe(true);
  });

  it('the token file is written the same way, readable by its owner only', async () => {
    const path = join(dir, 'kantata-account.bin');
    const store = new EncryptedFileTokenStore(path, createProcessKeyCipher());
    fsLog.failRenames.push('EPERM');
    await store.set({ baseUrl: 'https://k.example/api/v1', token: 'tok', user: { id: '1', full_name: 'A', email_address: 'a@x' } as never });
    expect(fsLog.calls).toEqual(['fsync', 'rename EPERM', 'rename']);
    expect((await store.get())?.token).toBe('tok');
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path).includes(Buffer.from('tok'))).toBe(false);
  });
});
