/** Every user-facing string of the update flow (one place, for the translations to come). */
export const updateMessages = {
  settingLabel: 'Check for updates and download them in the background',
  downloading: (version: string, percent: number) => `Downloading Expense Courier ${version}… ${Math.round(percent)} %`,
  ready: (version: string) => `Expense Courier ${version} is ready.`,
  restart: 'Restart to update',
  waitingForSync: 'The app restarts as soon as the sync in progress has finished.',
  unsavedInput: 'Save or discard the expense you are editing first; then restart.',
  installedTitle: (version: string) => `Updated to Expense Courier ${version}`,
  noNotes: 'This version has no release notes.',
  dismiss: 'Close',
} as const;
