/** Every user-facing string of Help → Export diagnostics (one place, for the translations to come). */
export const diagnosticsMessages = {
  title: 'Export diagnostics',
  intro:
    'Saves one zip file for support: the app’s logs, versions, settings, sync status and a summary of the changes waiting to be sent. It never contains receipts or your Kantata token.',
  includeNotes: 'Include expense notes (they may help support with a rejected expense)',
  export: 'Save zip…',
  cancel: 'Cancel',
  working: 'Collecting…',
  saved: (path: string) => `Diagnostics saved to ${path}.`,
  failed: (reason: string) => `The diagnostics could not be saved: ${reason}`,
  close: 'Close',
} as const;
