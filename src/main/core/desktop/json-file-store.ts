import { readFileSync } from 'node:fs';
import { writeFileDurably } from './durable-write';

/** A small JSON document on disk: settings, window state, the receipt upload ledger, the sync ledger of sent creates. */
export interface JsonStore {
  /** The stored value, or undefined when there is none or it is unreadable. */
  read(): unknown;
  write(value: unknown): void;
}

/**
 * Synchronous on purpose: it is read once before the window opens and written when the window
 * closes, when an async write could be cut short by the app quitting. Writes are atomic and
 * durable (durable-write.ts): a crash or power cut never leaves half a file, and a ledger entry
 * written before a request leaves is on disk before the request is sent.
 */
export function createJsonFileStore(filePath: string): JsonStore {
  return {
    read() {
      try {
        return JSON.parse(readFileSync(filePath, 'utf8')) as unknown;
      } catch {
        return undefined;
      }
    },
    write(value) {
      writeFileDurably(filePath, JSON.stringify(value, null, 2));
    },
  };
}
