/**
 * The benches' main-process core in a child process of its own (as in the app, main's CPU is not
 * the renderer's): messages in with `call`, answers awaited with `next(type, id)`.
 */
import { fork } from 'node:child_process';

export interface ChildCore<To, From extends { type: string }> {
  call(message: To): void;
  next<T extends From['type']>(type: T, id?: number): Promise<Extract<From, { type: T }>>;
  stop(): void;
}

/**
 * `moduleUrl`: the child's entry (run through tsx). `keyOf` names an answer as `next` asks for it:
 * its type, or `type:id` for answers to one request.
 */
export function forkChildCore<To, From extends { type: string }>(
  moduleUrl: URL,
  keyOf: (message: From) => string,
  execArgv: string[] = [],
): ChildCore<To, From> {
  const child = fork(moduleUrl, {
    execArgv: ['--import', 'tsx', ...execArgv],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<string, (m: From) => void>();
  child.on('message', (m: From) => {
    const key = keyOf(m);
    const resolve = waiting.get(key);
    if (resolve) {
      waiting.delete(key);
      resolve(m);
    }
  });
  return {
    call: (m) => child.send(m as object),
    next: (type, id) => new Promise((resolve) => waiting.set(id === undefined ? type : `${type}:${id}`, resolve as (m: From) => void)),
    stop: () => child.disconnect(),
  };
}
