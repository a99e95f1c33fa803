/**
 * Files written whole or not at all: bytes go to a temporary file next to the target, which is
 * flushed and renamed over it only when complete. A crash, a full disk or a cancelled backup
 * leaves the previous file (or none) as it was, never half a file.
 */
import { randomUUID } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicFile {
  readonly path: string;
  append(bytes: Uint8Array): Promise<void>;
  /** Flushes and renames the file into place. */
  commit(): Promise<void>;
  /** Removes the temporary file; the target is untouched. */
  abort(): Promise<void>;
}

export async function createAtomicFile(path: string): Promise<AtomicFile> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.partial`);
  const handle: FileHandle = await open(temporary, 'wx');
  let closed = false;
  const close = async (): Promise<void> => {
    if (!closed) {
      closed = true;
      await handle.close();
    }
  };
  return {
    path,
    append: async (bytes) => {
      await handle.write(bytes);
    },
    commit: async () => {
      try {
        await handle.sync();
        await close();
        await rename(temporary, path);
      } catch (error) {
        await close().catch(() => undefined);
        await rm(temporary, { force: true });
        throw error;
      }
    },
    abort: async () => {
      await close().catch(() => undefined);
      await rm(temporary, { force: true });
    },
  };
}

export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const file = await createAtomicFile(path);
  try {
    await file.append(bytes);
  } catch (error) {
    await file.abort();
    throw error;
  }
  await file.commit();
}
