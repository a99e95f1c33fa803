/**
 * The log files: electron-log (main: electron-log/main; tests: electron-log/node) writing
 * main.log in the app's log folder (the renderer's lines too, marked [renderer]), rotated at 2 MB with three older files kept,
 * every message redacted (redact.ts) before any transport sees it, renderer lines included.
 */
import { renameSync, rmSync } from 'node:fs';
import { join, parse } from 'node:path';
import type { NodeLogger } from 'electron-log';
import { setLogSink } from './log';
import { redact } from './redact';

export const MAX_LOG_BYTES = 2 * 1024 * 1024;
export const KEPT_LOG_ARCHIVES = 3;

/** main.log -> main.1.log -> main.2.log -> main.3.log (the oldest dropped). */
export function rotateLogFile(path: string, keep: number = KEPT_LOG_ARCHIVES): void {
  const { dir, name, ext } = parse(path);
  const archive = (n: number): string => join(dir, `${name}.${n}${ext}`);
  rmSync(archive(keep), { force: true });
  for (let n = keep - 1; n >= 1; n--) {
    try {
      renameSync(archive(n), archive(n + 1));
    } catch {
      // That archive does not exist yet.
    }
  }
  renameSync(path, archive(1));
}

export interface LogFileOptions {
  /** The app's log folder (Electron: app.getPath('logs')), asked for when the first line is written. */
  dir: string | (() => string);
  /** Lowest level written to the files (default info; debug when troubleshooting). */
  level?: 'error' | 'warn' | 'info' | 'debug';
  /** Lowest level echoed to the terminal (default warn). */
  consoleLevel?: 'error' | 'warn' | 'info' | 'debug' | false;
}

export function configureLogFiles(logger: NodeLogger, options: LogFileOptions): void {
  const file = logger.transports.file;
  const dir = typeof options.dir === 'function' ? options.dir : () => options.dir as string;
  file.resolvePathFn = (variables) => join(dir(), variables.fileName ?? 'main.log');
  file.maxSize = MAX_LOG_BYTES;
  file.format = '[{y}-{m}-{d} {h}:{i}:{s}.{ms}] [{processType}] [{level}]{scope} {text}';
  file.level = options.level ?? 'info';
  file.archiveLogFn = (oldFile) => {
    try {
      rotateLogFile(oldFile.path);
    } catch {
      // The file is held open elsewhere (Windows): start it again rather than grow without bound.
      oldFile.clear();
    }
  };
  logger.transports.console.level = options.consoleLevel ?? 'warn';
  // Hooks run before every transport, for main's lines and the renderer's alike.
  logger.hooks.push((message) => ({ ...message, data: message.data.map((item) => redact(item)) }));
  setLogSink({ error: logger.error, warn: logger.warn, info: logger.info, debug: logger.debug });
}
