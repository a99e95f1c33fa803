import type { ExportKind } from '@shared/files';

/** What a dialog offers: the kind picks its title and file type filter. */
export type DialogFileKind = ExportKind | 'backup';

/**
 * The shell's file dialogs (src/main/platform/file-dialogs.ts in the app; the e2e harness and
 * tests answer with paths in a folder they chose). Each answers an absolute path, or null when
 * the user cancelled.
 */
export interface FileDialogs {
  chooseSavePath(request: { kind: DialogFileKind; suggestedName: string }): Promise<string | null>;
  chooseOpenPath(request: { kind: 'backup' }): Promise<string | null>;
  /** A folder (the automatic backups'), or null. */
  chooseFolder(): Promise<string | null>;
}

/** The extension each kind of file gets (dialog filters, automatic backup names). */
export const FILE_EXTENSIONS: Record<DialogFileKind, string> = { csv: 'csv', pdf: 'pdf', backup: 'ecbackup' };
