/**
 * The renderer's log: electron-log, whose lines go to main's log files through the preload's
 * bridge (main redacts them before they are written). Outside the app (browser tests, the e2e
 * harness in a plain browser) there is no bridge and lines go to the console only.
 */
import log from 'electron-log/renderer';

export function startRendererLog(): void {
  const bridged = typeof window !== 'undefined' && '__electronLog' in window;
  if (!bridged) {
    log.transports.ipc.level = false;
    return;
  }
  // console.* calls anywhere in the renderer reach the log files too.
  Object.assign(console, log.functions);
  log.errorHandler.startCatching({ showDialog: false });
}

export { log };
