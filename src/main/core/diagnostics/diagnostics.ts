/**
 * Help → Export diagnostics: one zip a consultant can send to support. It holds the log files,
 * the app, Electron, Chromium, Node and OS versions, the settings, the account (server and user,
 * never the token), sync status and the outbox summary the main window sent. It holds no
 * receipts, no token, and expense notes only when the user asked for them; everything passes the
 * log redaction once more on the way in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { DiagnosticsExportRequest, DiagnosticsExportResult } from '@shared/diagnostics';
import { redact } from '../logging/redact';
import { writeFileDurably } from '../desktop/durable-write';

export interface DiagnosticsSources {
  /** App name/version, and process.versions-like runtime versions (electron, chrome, node). */
  app: { name: string; version: string; packaged: boolean };
  versions: Record<string, string | undefined>;
  os: { platform: string; release: string; arch: string; locale?: string };
  /** The app's log folder; every *.log in it goes in. */
  logDir: string;
  settings(): unknown;
  account(): Promise<unknown>;
  syncStatus(): unknown;
  /** Asks where to save (Electron: a save dialog); null when the user cancels. */
  chooseSavePath(defaultName: string): Promise<string | null>;
  now?: () => Date;
}

const json = (value: unknown): Uint8Array => strToU8(`${JSON.stringify(redact(value), null, 2)}\n`);

function logFiles(dir: string): Zippable {
  const files: Zippable = {};
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.log'));
  } catch {
    return files;
  }
  for (const name of names) {
    try {
      // Lines were redacted when written; once more costs little and covers older files.
      const text = readFileSync(join(dir, name), 'utf8');
      files[name] = strToU8(String(redact(text)));
    } catch {
      // A log file that vanished while rotating is simply left out.
    }
  }
  return files;
}

/** The zip's bytes (tested directly; `exportDiagnostics` saves them). */
export async function buildDiagnosticsZip(sources: DiagnosticsSources, request: DiagnosticsExportRequest): Promise<Uint8Array> {
  const created = (sources.now ?? (() => new Date()))();
  const outbox = request.includeNotes
    ? request.outbox
    : { ...request.outbox, oldest: request.outbox.oldest.map(({ notes: _notes, ...entry }) => entry) };
  return zipSync(
    {
      'README.txt': strToU8(
        `Expense Courier diagnostics, created ${created.toISOString()}.\n` +
          'Contains logs, versions, settings, sync status and an outbox summary.\n' +
          `No receipts, no access token${request.includeNotes ? '' : ', no expense notes'}.\n`,
      ),
      'app.json': json({ ...sources.app, versions: sources.versions, os: sources.os, createdAt: created.toISOString() }),
      'settings.json': json(sources.settings()),
      'account.json': json(await sources.account()),
      'sync-status.json': json(sources.syncStatus()),
      'outbox.json': json({ includesNotes: request.includeNotes, ...outbox }),
      logs: logFiles(sources.logDir),
    },
    { level: 6, mtime: created },
  );
}

export function diagnosticsFileName(at: Date): string {
  const stamp = at.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return `expense-courier-diagnostics-${stamp}.zip`;
}

export async function exportDiagnostics(sources: DiagnosticsSources, request: DiagnosticsExportRequest): Promise<DiagnosticsExportResult> {
  const at = (sources.now ?? (() => new Date()))();
  const target = await sources.chooseSavePath(diagnosticsFileName(at));
  if (!target) return { saved: false, filePath: null };
  writeFileDurably(target, await buildDiagnosticsZip(sources, request));
  return { saved: true, filePath: target };
}
