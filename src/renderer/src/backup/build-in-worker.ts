/**
 * Builds the backup in a dedicated worker (build.worker.ts) instead of the window, the window
 * only passing the file's chunks and main's part between it and main. Why a worker: every row of
 * the book passes through the thread that reads it, and in the window, whose heap already holds
 * the list's 100,000 expenses, V8 lets that garbage (rows, their JSON, IndexedDB's values) pile
 * up by some 170 MB before it collects; a worker's small heap is collected as it goes, and all
 * of it is let go when the worker ends. The window also stays free for the user meanwhile.
 * A worker opens its own connection to the same database, by name, in Dexie's dynamic mode (the
 * schema as the database has it), so it reads exactly what the window would.
 */
import type { BackupHeader, BackupMain } from './format';
import type { BackupBuilder } from './write';

export type ToBuilder =
  | { type: 'build'; database: string; app: BackupHeader['app'] }
  /** The last chunk has been sent to main: its bytes, handed back to be filled again. */
  | { type: 'sent'; bytes: Uint8Array<ArrayBuffer> }
  | { type: 'main'; main: BackupMain };

export type FromBuilder =
  | { type: 'chunk'; bytes: Uint8Array<ArrayBuffer> }
  | { type: 'need-main' }
  | { type: 'done'; rowCounts: Record<string, number> }
  | { type: 'failed'; name: string; message: string };

export const buildInWorker: BackupBuilder = (db, sink, app) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./build.worker.ts', import.meta.url), { type: 'module', name: 'backup-builder' });
    // The first settlement wins; the worker ends with it, whatever it was still doing.
    const end = (settle: () => void): void => {
      worker.terminate();
      settle();
    };
    const fail = (error: unknown): void => end(() => reject(error));
    const post = (message: ToBuilder): void => worker.postMessage(message);
    worker.onmessage = (event: MessageEvent<FromBuilder>) => {
      const message = event.data;
      switch (message.type) {
        case 'chunk':
          // The chunk's buffer goes back and forth (transferred, not copied): no 512 KiB of
          // garbage per chunk on either side.
          sink.send(message.bytes).then(() => worker.postMessage({ type: 'sent', bytes: message.bytes } satisfies ToBuilder, [message.bytes.buffer]), fail);
          break;
        case 'need-main':
          sink.main().then((main) => post({ type: 'main', main }), fail);
          break;
        case 'done':
          end(() => resolve(message.rowCounts));
          break;
        case 'failed':
          fail(Object.assign(new Error(message.message), { name: message.name }));
          break;
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      fail(new Error(event.message || 'the backup worker stopped'));
    };
    post({ type: 'build', database: db.name, app });
  });
