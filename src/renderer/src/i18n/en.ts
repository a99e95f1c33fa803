/**
 * English: the reference catalogue. German and French must have exactly these keys (the type
 * checks it at build time, test/unit/i18n/catalogues.test.ts at test time). Plurals: "one | other".
 */
export const en = {
  common: {
    details: 'Details',
    close: 'Close',
    cancel: 'Cancel',
    dismiss: 'Dismiss',
  },
  app: {
    name: 'Expense Courier',
    menu: 'Menu',
    sidebar: 'Sidebar',
    mainNavigation: 'Main',
  },
  nav: {
    expenses: 'Expenses',
    conflicts: 'Conflicts',
    account: 'Account',
    settings: 'Settings',
    conflictCount: '{n} open conflict | {n} open conflicts',
  },
  syncStatus: {
    label: 'Sync status',
    kind: {
      'not-connected': 'Not connected',
      paused: 'Sync paused: reconnect',
      'no-network': 'No network',
      unreachable: 'Kantata not reachable',
      failed: 'Sync failed',
      delivered: 'All changes delivered',
    },
    syncing: 'Syncing…',
    downloading: 'Downloading your expenses…',
    waiting: '{n} expense waiting to sync | {n} expenses waiting to sync',
    waitingShort: '{n} expense waiting | {n} expenses waiting',
    detail: {
      notConnected: 'Changes are kept on this computer until you connect.',
      paused: 'Kantata did not accept the saved sign-in. Your changes wait here.',
      noNetwork: 'This computer is offline. Changes are kept here and sent when the network is back.',
      unreachable: 'The network is up, but Kantata did not answer. Changes are kept here.',
      failed: 'The last sync did not finish. It is tried again by itself.',
    },
    lastSync: 'Last sync {when}',
    neverSynced: 'Not synced yet',
    progress: {
      pull: 'Downloaded {done} of {total}',
      reconcile: 'Checked {done} of {total}',
      push: 'Sent {done} of {total}',
    },
    refused: '{n} expense refused by Kantata | {n} expenses refused by Kantata',
    conflicts: '{n} conflict to review | {n} conflicts to review',
    syncNow: 'Sync now',
    connect: 'Connect to Kantata',
    reconnect: 'Reconnect',
  },
  expenses: {
    firstRun: {
      title: 'Welcome to Expense Courier',
      body: 'Connect your Kantata account to download your projects. Then record expenses here, online or not; each one is sent to Kantata once.',
    },
    delete: {
      title: 'Delete this expense?',
      confirm: 'Delete',
      done: 'Expense deleted.',
      bothPlaces: '“{what}” on {date} will be deleted here and in Kantata.',
      localOnly: '“{what}” on {date} will be deleted from this computer. It has not reached Kantata.',
    },
  },
  form: {
    errorSummary: 'Fix this before saving: | Fix these {n} problems before saving:',
    discard: {
      title: 'Discard your changes?',
      message: 'What you entered in this form has not been saved.',
      confirm: 'Discard',
      keep: 'Keep editing',
    },
    refused: {
      title: 'Kantata refused this expense:',
      noReason: 'No reason was given',
      fix: 'Correct it and save to send it again.',
    },
  },
  settings: {
    appearance: 'Appearance and language',
    saved: 'Saved.',
    language: { label: 'Language', system: 'Same as the system' },
    theme: { label: 'Theme', system: 'Same as the system', light: 'Light', dark: 'Dark' },
    newExpenses: 'New expenses',
    defaultBillable: 'Billable to the client by default',
    defaultReimbursable: 'Reimbursable to me by default',
    about: { title: 'About' },
  },
  list: {
    refusedBecause: 'Refused: {reason}',
  },
  panel: {
    label: 'Expense details',
    deleted: 'This expense was deleted.',
  },
  viewer: {
    fit: 'Fit',
    fitted: 'Fitted',
  },
  exportBackup: {
    restoreOtherAccount:
      '{file} belongs to the Kantata account of {who} on {where}, not to the account connected now. Restoring it could send its expenses to the wrong account, so it was refused. Nothing was changed.',
    restoreConnectFirst:
      '{file} belongs to the Kantata account of {who} on {where}. Connect to Kantata with that account first, then restore it. Nothing was changed.',
    restoreInterrupted: 'A restore from {file} was cut short: this computer holds only part of that backup. Restore it again to complete it.',
    unknownHost: 'Kantata',
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** The shape every language's catalogue has. */
export type Catalogue = Widen<typeof en>;
