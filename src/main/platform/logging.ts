// electron-log in main: rotating files in the app's log folder (core/logging/log-files.ts), the
// renderer's lines through the preload's bridge, console.* and uncaught errors captured too.
import { app } from 'electron';
import log from 'electron-log/main';
import { configureLogFiles } from '../core/logging/log-files';

export function startLogging(): typeof log {
  // The preload bridge ships inside our own preload (src/preload/index.ts), so none is injected.
  log.initialize({ preload: false });
  configureLogFiles(log, { dir: () => app.getPath('logs'), consoleLevel: app.isPackaged ? false : 'warn' });
  // Any console.* left in main or in a library ends in the files too, redacted like the rest.
  Object.assign(console, log.functions);
  log.errorHandler.startCatching({ showDialog: false });
  return log;
}

export function logDirectory(): string {
  return app.getPath('logs');
}
