/** User-facing strings of backup and restore (one place, for the coming message catalogues). */
export const backupMessages = {
  title: 'Backup and restore',
  intro:
    'A backup holds everything on this computer: expenses (also those not yet sent), receipts, the sync history and settings. Never your Kantata token.',
  backupNow: 'Back up now…',
  restore: 'Restore from backup…',
  backingUp: 'Backing up…',
  restoring: 'Restoring…',
  savedAs: (fileName: string, expenses: number) => `Backed up ${expenses.toLocaleString()} expenses to ${fileName}.`,
  restored: (expenses: number, pending: number) =>
    `Restored ${expenses.toLocaleString()} expenses (${pending.toLocaleString()} waiting to sync). They sync without duplicates.`,
  confirmTitle: 'Replace the expenses on this computer?',
  confirmBody: (fileName: string, expenses: number, createdAt: string, localExpenses: number, localPending: number) =>
    `${fileName} (made ${createdAt}) holds ${expenses.toLocaleString()} expenses. Restoring it replaces the ${localExpenses.toLocaleString()} expenses on this computer` +
    (localPending > 0 ? `, including ${localPending.toLocaleString()} not yet sent to Kantata` : '') +
    '.',
  confirmAction: 'Replace with the backup',
  notABackup: (fileName: string) => `${fileName} is not an Expense Courier backup. Nothing was changed.`,
  damaged: (fileName: string, detail: string) => `${fileName} is damaged (${detail}) and cannot be restored. Nothing was changed.`,
  newer: (fileName: string) =>
    `${fileName} was made by a newer version of Expense Courier. Update the app to restore it. Nothing was changed.`,
  backupFailed: (reason: string) => `The backup could not be written: ${reason}`,
  restoreFailed: (reason: string) => `The backup could not be restored: ${reason} Nothing was changed.`,
  automatic: 'Back up automatically every day',
  folder: 'Folder',
  chooseFolderHint: 'The folder the daily backups go to',
  keep: 'Backups to keep',
  chooseFolder: 'Choose folder…',
  lastAutomatic: (when: string) => `Last automatic backup: ${when}`,
} as const;
