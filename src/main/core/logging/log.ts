/**
 * The main process's log. Core code writes here; the shell points it at electron-log (rotating
 * files in the app's log folder, see src/main/platform/logging.ts); tests and the harness keep the
 * console or capture it. Every line is redacted first (redact.ts).
 */
import { redact } from './redact';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export type LogSink = Record<LogLevel, (...data: unknown[]) => void>;

export interface Log extends Record<LogLevel, (message: string, ...details: unknown[]) => void> {
  /** The same log with a `[scope]` before every message. */
  scope(name: string): Log;
}

let sink: LogSink = { error: console.error, warn: console.warn, info: console.info, debug: console.debug };

export function setLogSink(next: LogSink): void {
  sink = next;
}

function scoped(prefix: string): Log {
  const write =
    (level: LogLevel) =>
    (message: string, ...details: unknown[]): void => {
      try {
        sink[level](redact(`${prefix}${message}`), ...details.map((detail) => redact(detail)));
      } catch {
        // A log that cannot be written must never break what was being logged.
      }
    };
  return {
    error: write('error'),
    warn: write('warn'),
    info: write('info'),
    debug: write('debug'),
    scope: (name) => scoped(`${prefix}[${name}] `),
  };
}

export const log: Log = scoped('');
