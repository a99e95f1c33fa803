/** The notice after the main window's renderer crashed and reloaded (one place, for the translations to come). */
export const recoveryMessages = {
  reloaded: 'Expense Courier’s window stopped unexpectedly and was reloaded. Everything you had saved is still here.',
  dismiss: 'Close',
} as const;
