/**
 * The log files never hold the Kantata token, a proxy password or receipt content. electron-log
 * (its Node build, the same logger and file transport as electron-log/main) is configured exactly
 * as the app does (configureLogFiles), then fed what the app really logs and worse: a failed
 * connect with the token, a rejected IPC call carrying a proxy password, headers, URLs with
 * credentials, receipt bytes, and renderer lines arriving over IPC. The files on disk are read back.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodeLog from 'electron-log/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLogFiles, rotateLogFile } from '../../../src/main/core/logging/log-files';
import { log } from '../../../src/main/core/logging/log';
import { REDACTED, redact } from '../../../src/main/core/logging/redact';
import { createInvokeDispatcher } from '../../../src/main/core/ipc/dispatch';
import { createAppCore } from '../../../src/main/core/app-core';
import { createSyncCore } from '../../../src/main/core/sync/sync-core';
import { MemoryTokenStore } from '../../../src/main/core/account/token-store';
import { createProxyLoginBroker } from '../../../src/main/core/network/proxy-login';
import { APP_ENTRY_URL } from '@shared/app-origin';
import { startSimulator, type RunningSimulator } from '../../kantata-sim/index';

const TOKEN = 'kantata-token-5f1c9e0b7d2a4c68';
const PROXY_PASSWORD = 'Pr0xy-Passw0rd-!x9';
const RECEIPT_TEXT = 'RECEIPT-CONTENT-TOTAL-CHF-84.20';

let dir: string;
let sim: RunningSimulator;
const files = (): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'courier-logs-'));
  configureLogFiles(nodeLog, { dir, consoleLevel: false });
  sim = await startSimulator({ seed: 'demo', token: TOKEN });
});
afterAll(() => sim.close());

describe('log redaction', () => {
  it('keeps the token, proxy passwords and receipt content out of the log files', async () => {
    const sync = createSyncCore({ tokenStore: new MemoryTokenStore() });
    const broker = createProxyLoginBroker({ ask: () => {} });
    const handlers = createAppCore({ appInfo: { name: 'x', version: '1', platform: 'linux' }, sync, proxyLogin: broker });
    const dispatch = createInvokeDispatcher(handlers, {
      trustedOrigins: ['courier://app'],
      onError: (name, error) => log.warn(`[ipc] ${name}: ${error.code}: ${error.message}`),
    });
    const frame = { url: APP_ENTRY_URL, parent: null };

    // A connect that works, then one against a server that is down: its error is logged.
    expect(await dispatch('accountConnect', { baseUrl: sim.baseUrl, token: TOKEN }, frame)).toMatchObject({ ok: true });
    await dispatch('accountConnect', { baseUrl: 'http://127.0.0.1:9/api/v1', token: TOKEN }, frame);
    // A proxy password in a refused IPC call, and in a good one.
    broker.challenge({ isProxy: true, scheme: 'basic', host: 'proxy.example', port: 3128, realm: 'r' }, () => {});
    await dispatch('proxyLoginAnswer', { id: 'proxy-login-1', credentials: { username: '', password: PROXY_PASSWORD } }, frame);
    await dispatch('proxyLoginAnswer', { id: 'proxy-login-1', credentials: { username: 'jdoe', password: PROXY_PASSWORD } }, frame);

    // What careless code might log.
    const receipt = new TextEncoder().encode(`%PDF-1.4 ${RECEIPT_TEXT}`);
    log.info('request headers', { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' });
    log.info(`GET ${sim.baseUrl}/users/me with Authorization: Bearer ${TOKEN}`);
    log.warn('proxy', { url: `http://jdoe:${PROXY_PASSWORD}@proxy.example:3128/`, password: PROXY_PASSWORD });
    log.error('upload failed', { receiptId: 'r1', fileName: 'taxi.pdf', bytes: receipt, body: `--b\r\n${RECEIPT_TEXT}` });
    log.error('wrapped', new Error(`token ${TOKEN} refused`, { cause: new Error(`password=${PROXY_PASSWORD}`) }));
    log.info('raw buffer', Buffer.from(receipt));
    // The renderer's lines arrive over IPC and pass the same hooks (electron-log/main's IPC handler).
    nodeLog.processMessage({
      data: ['renderer said', { token: TOKEN }, `Bearer ${TOKEN}`, { bytes: Array.from(receipt).length }],
      date: new Date(),
      level: 'warn',
      variables: { processType: 'renderer' },
    } as never);

    const written = files();
    const all = Object.values(written).join('\n');
    expect(Object.keys(written)).toEqual(['main.log']);
    for (const secret of [TOKEN, PROXY_PASSWORD, RECEIPT_TEXT]) expect(all).not.toContain(secret);
    // The lines themselves are there, with the secrets masked.
    expect(written['main.log']).toContain(`[account] connected to ${sim.baseUrl}`);
    expect(written['main.log']).toContain('[account] connecting to http://127.0.0.1:9/api/v1 failed');
    expect(written['main.log']).toContain('[ipc] proxyLoginAnswer: invalid-request');
    expect(written['main.log']).toContain('[network] proxy login proxy-login-1 answered');
    expect(written['main.log']).toContain(`Bearer ${REDACTED}`);
    expect(written['main.log']).toContain(`http://${REDACTED}@proxy.example:3128/`);
    expect(written['main.log']).toContain(`[${receipt.byteLength} bytes]`);
    expect(written['main.log']).toMatch(/\[renderer\] \[warn\]\s+renderer said/);
  });

  it('masks a registered secret wherever it appears, and leaves ordinary text alone', () => {
    expect(redact({ note: `token is ${TOKEN}.`, nested: [{ Password: 'x' }], amount: 12.5, when: null })).toEqual({
      note: `token is ${REDACTED}.`,
      nested: [{ Password: REDACTED }],
      amount: 12.5,
      when: null,
    });
    expect(redact('Taxi to the airport, 42.00 EUR')).toBe('Taxi to the airport, 42.00 EUR');
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    expect(redact(circular)).toEqual({ a: 1, self: '[circular]' });
  });
});

describe('log files', () => {
  it('rotates main.log into main.1.log … main.3.log, dropping the oldest', () => {
    const rotating = mkdtempSync(join(tmpdir(), 'courier-rotate-'));
    const path = join(rotating, 'main.log');
    for (const n of [1, 2, 3, 4, 5]) {
      writeFileSync(path, `generation ${n}`);
      rotateLogFile(path);
    }
    expect(readdirSync(rotating).sort()).toEqual(['main.1.log', 'main.2.log', 'main.3.log']);
    expect(readFileSync(join(rotating, 'main.1.log'), 'utf8')).toBe('generation 5');
    expect(readFileSync(join(rotating, 'main.3.log'), 'utf8')).toBe('generation 3');
  });
});
