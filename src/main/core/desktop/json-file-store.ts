import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A small JSON document on disk (window state and similar settings). */
export interface JsonStore {
  /** The stored value, or undefined when there is none or it is unreadable. */
  read(): unknown;
  write(value: unknown): void;
}

/**
 * Synchronous on purpose: it is read once before the window opens and written when the window
 * closes, when an async write could be cut short by the app quitting. Writes go to a temporary
 * file first and are renamed into place, so a crash never leaves half a file.
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
      mkdirSync(dirname(filePath), { recursive: true });
      const temporary = `${filePath}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(value, null, 2));
      renameSync(temporary, filePath);
    },
  };
}
