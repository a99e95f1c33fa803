// Native file dialogs.
import { dialog, type BrowserWindow } from 'electron';

/** The save dialog for a zip; null when the user cancels. */
export async function chooseSavePath(parent: BrowserWindow | undefined, defaultPath: string): Promise<string | null> {
  const options = { defaultPath, filters: [{ name: 'Zip archive', extensions: ['zip'] }] };
  const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}
