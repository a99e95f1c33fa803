/**
 * The backup's worker (build-in-worker.ts explains why): opens the window's database by name and
 * runs buildBackup, each chunk and the request for main's part going to the window, which
 * answers when it is done with it.
 */
import Dexie from 'dexie';
import type { BackupMain } from './format';
import { buildBackup } from './write';
import type { FromBuilder, ToBuilder } from './build-in-worker';

let answer: ((message: ToBuilder) => void) | null = null;

const post = (message: FromBuilder): void => self.postMessage(message);

/** Posts `message` (moving `transfer` to the window) and waits for the window's answer to it. */
function ask(message: FromBuilder, transfer: Transferable[] = []): Promise<ToBuilder> {
  const answered = new Promise<ToBuilder>((resolve) => (answer = resolve));
  self.postMessage(message, { transfer });
  return answered;
}

self.onmessage = (event: MessageEvent<ToBuilder>) => {
  const message = event.data;
  if (message.type === 'build') {
    void build(message.database, message.app);
    return;
  }
  const waiting = answer;
  answer = null;
  waiting?.(message);
};

async function build(database: string, app: Extract<ToBuilder, { type: 'build' }>['app']): Promise<void> {
  // No version declared: Dexie opens the database as it is (its schema, its version).
  const db = new Dexie(database);
  try {
    await db.open();
    const rowCounts = await buildBackup(
      db,
      {
        // The chunk's buffer moves to the window and comes back once sent, to be filled again.
        send: async (bytes) => ((await ask({ type: 'chunk', bytes }, [bytes.buffer])) as { bytes: Uint8Array<ArrayBuffer> }).bytes,
        main: async () => ((await ask({ type: 'need-main' })) as { main: BackupMain }).main,
      },
      app,
    );
    post({ type: 'done', rowCounts });
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    post({ type: 'failed', name: failure.name, message: failure.message });
  } finally {
    db.close();
  }
}
