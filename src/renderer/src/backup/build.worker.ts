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

/** Posts `message` and waits for the window's answer to it. */
function ask(message: FromBuilder): Promise<ToBuilder> {
  const answered = new Promise<ToBuilder>((resolve) => (answer = resolve));
  post(message);
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
        // Copied by postMessage: the builder reuses its chunk buffer once this settles.
        send: (bytes) => ask({ type: 'chunk', bytes }),
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
