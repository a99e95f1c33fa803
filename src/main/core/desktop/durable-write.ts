import { writeFileSync } from 'atomically';

/**
 * Replaces a whole file so that a crash or a power cut leaves either the old or the new content,
 * never a mix or an empty file: a temporary file beside it is written, flushed to disk (fsync)
 * and only then renamed over the old one. On Windows, antivirus and search indexers briefly hold
 * freshly written files open, so a rename fails with EPERM, EBUSY or EACCES: those are retried
 * for up to a second (the `atomically` package does all of this).
 */
export function writeFileDurably(filePath: string, data: string | Uint8Array, options: { mode?: number } = {}): void {
  writeFileSync(filePath, data, {
    fsync: true,
    fsyncWait: true,
    timeout: 1_000,
    ...(options.mode === undefined ? {} : { mode: options.mode }),
  });
}
