/**
 * Help → Export diagnostics end to end without Electron: the renderer's real outbox summary over
 * a real Dexie database (fake-indexeddb) with a receipt and notes, main's zip builder with real
 * log files, the zip opened again with fflate. It holds what support needs and nothing it must not.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { DiagnosticsExportRequestSchema } from '@shared/diagnostics';
import { summariseOutbox } from '@renderer/diagnostics/outbox-summary';
import { buildDiagnosticsZip, exportDiagnostics, type DiagnosticsSources } from '../../../src/main/core/diagnostics/diagnostics';
import { Device, closeDevices } from '../../support/node/device';

const TOKEN = 'kantata-token-d1a6c0ffee42';
const NOTE = 'Dinner with the client CFO (confidential)';
const RECEIPT_TEXT = 'RECEIPT-BYTES-HOTEL-ZURICH-412';

afterAll(closeDevices);

function sources(logDir: string, savePath: string | null): DiagnosticsSources {
  return {
    app: { name: 'Expense Courier', version: '0.1.0', packaged: true },
    versions: { electron: '45.4.1', chrome: '142.0.0.0', node: '22.20.0' },
    os: { platform: 'linux', release: '6.8.0', arch: 'x64', locale: 'de-CH' },
    logDir,
    settings: () => ({ startAtLogin: false, quickAddShortcut: 'CommandOrControl+Shift+E', defaultCurrency: 'CHF', notifications: true }),
    account: async () => ({ connected: true, baseUrl: 'https://api.mavenlink.com/api/v1', user: { id: '7', fullName: 'Alex Morgan' } }),
    syncStatus: () => ({ scheduler: { phase: 'idle', online: true, paused: false, queued: false } }),
    chooseSavePath: async () => savePath,
    now: () => new Date('2026-12-04T10:20:30Z'),
  };
}

async function deviceWithWork(): Promise<Device> {
  const device = new Device({ workspaceId: '1', categoryId: '1', category: 'Travel' });
  await device.create({ notes: NOTE });
  const second = await device.create({ notes: 'Taxi' });
  await device.addReceipt('hotel.pdf', 'application/pdf', new TextEncoder().encode(`%PDF-1.4 ${RECEIPT_TEXT}`));
  await device.edit(second, { notes: 'Taxi to the airport' });
  return device;
}

function logFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'diag-logs-'));
  writeFileSync(join(dir, 'main.log'), '[info] [sync] round r1 ok in 120 ms\n');
  // An older file written before redaction existed.
  writeFileSync(join(dir, 'main.1.log'), `[warn] GET /users/me Authorization: Bearer ${TOKEN}\n`);
  writeFileSync(join(dir, 'not-a-log.txt'), 'ignored');
  return dir;
}

describe('diagnostics zip', () => {
  it('holds logs, versions, settings, account, sync status and the outbox summary; no token, receipt or notes', async () => {
    const device = await deviceWithWork();
    const request = DiagnosticsExportRequestSchema.parse({ includeNotes: false, outbox: await summariseOutbox(device.db, false) });
    const zip = unzipSync(await buildDiagnosticsZip(sources(logFolder(), null), request));

    expect(Object.keys(zip).filter((name) => !name.endsWith('/')).sort()).toEqual(['README.txt', 'account.json', 'app.json', 'logs/main.1.log', 'logs/main.log', 'outbox.json', 'settings.json', 'sync-status.json']);
    const text = Object.values(zip).map((bytes) => strFromU8(bytes)).join('\n');
    for (const secret of [TOKEN, RECEIPT_TEXT, NOTE, 'Taxi to the airport']) expect(text).not.toContain(secret);

    expect(JSON.parse(strFromU8(zip['app.json']!))).toMatchObject({
      name: 'Expense Courier',
      version: '0.1.0',
      versions: { electron: '45.4.1', chrome: '142.0.0.0', node: '22.20.0' },
      os: { platform: 'linux', release: '6.8.0', arch: 'x64' },
    });
    const outbox = JSON.parse(strFromU8(zip['outbox.json']!)) as { includesNotes: boolean; entries: number; byKind: Record<string, number>; oldest: object[] };
    expect(outbox).toMatchObject({ includesNotes: false, entries: 3, byKind: { create: 2, update: 1 } });
    expect(outbox.oldest).toHaveLength(3);
    expect(outbox.oldest[0]).not.toHaveProperty('notes');
    expect(strFromU8(zip['logs/main.log']!)).toContain('round r1 ok');
    expect(strFromU8(zip['settings.json']!)).toContain('"defaultCurrency": "CHF"');
  });

  it('carries the notes only when the user ticked the box', async () => {
    const device = await deviceWithWork();
    const request = { includeNotes: true, outbox: await summariseOutbox(device.db, true) };
    const zip = unzipSync(await buildDiagnosticsZip(sources(logFolder(), null), request));
    const outbox = strFromU8(zip['outbox.json']!);
    expect(outbox).toContain(NOTE);
    expect(outbox).toContain('"includesNotes": true');
    expect(Object.values(zip).map((b) => strFromU8(b)).join('')).not.toContain(RECEIPT_TEXT);
  });

  it('the main side drops notes the renderer sent without the box ticked', async () => {
    const device = await deviceWithWork();
    const request = { includeNotes: false, outbox: await summariseOutbox(device.db, true) };
    const zip = unzipSync(await buildDiagnosticsZip(sources(logFolder(), null), request));
    expect(strFromU8(zip['outbox.json']!)).not.toContain(NOTE);
  });

  it('saves where the user chose, and nothing when the dialog is cancelled', async () => {
    const device = await deviceWithWork();
    const request = { includeNotes: false, outbox: await summariseOutbox(device.db, false) };
    const target = join(mkdtempSync(join(tmpdir(), 'diag-out-')), 'support.zip');
    expect(await exportDiagnostics(sources(logFolder(), target), request)).toEqual({ saved: true, filePath: target });
    expect(Object.keys(unzipSync(new Uint8Array(readFileSync(target))))).toContain('outbox.json');
    expect(await exportDiagnostics(sources(logFolder(), null), request)).toEqual({ saved: false, filePath: null });
    let offered = '';
    await exportDiagnostics({ ...sources(logFolder(), null), chooseSavePath: async (name) => ((offered = name), null) }, request);
    expect(offered).toBe('expense-courier-diagnostics-2026-12-04-10-20-30.zip');
    expect(existsSync(join(tmpdir(), offered))).toBe(false);
  });
});
