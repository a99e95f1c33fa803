// Electron's save and open dialogs behind core's FileDialogs; which folder, names and filters is core's.
import { app, dialog, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { FILE_EXTENSIONS, type DialogFileKind, type FileDialogs } from '../core/files/dialogs';

const FILTERS: Record<DialogFileKind, Electron.FileFilter> = {
  csv: { name: 'CSV spreadsheet', extensions: [FILE_EXTENSIONS.csv] },
  pdf: { name: 'PDF document', extensions: [FILE_EXTENSIONS.pdf] },
  backup: { name: 'Expense Courier backup', extensions: [FILE_EXTENSIONS.backup] },
};

export function createFileDialogs(parent: () => BrowserWindow | undefined): FileDialogs {
  return {
    chooseSavePath: async ({ kind, suggestedName }) => {
      const options: Electron.SaveDialogOptions = {
        defaultPath: join(app.getPath('documents'), suggestedName),
        filters: [FILTERS[kind]],
      };
      const window = parent();
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    chooseFolder: async () => {
      const options: Electron.OpenDialogOptions = { properties: ['openDirectory', 'createDirectory'] };
      const window = parent();
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    chooseOpenPath: async ({ kind }) => {
      const options: Electron.OpenDialogOptions = { properties: ['openFile'], filters: [FILTERS[kind]] };
      const window = parent();
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
}
