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
  insights: {
    nav: 'Insights',
    title: 'Insights',
    basis: {
      label: 'Amounts',
      paid: 'As paid',
      project: 'In the project currency (converted by Kantata)',
    },
    currency: 'Currency',
    searching: 'Only expenses matching the search “{text}” (set on the Expenses screen).',
    unconverted: '{n} foreign amount not yet converted by Kantata is counted in its own currency. | {n} foreign amounts not yet converted by Kantata are counted in their own currency.',
    unreadable: '{n} expense has an amount that cannot be read; it is left out of the totals. | {n} expenses have an amount that cannot be read; they are left out of the totals.',
    empty: 'No expenses recorded yet.',
    emptyFiltered: 'No expenses match these filters.',
    clearFilters: 'Clear filters',
    unknownProject: 'Unknown project',
    noAmounts: 'No amounts in {currency}.',
    chartLabel: '{title} in {currency}. The same figures are in the table below the chart.',
    tiles: {
      label: 'Summary',
      thisMonth: 'This month',
      waiting: 'Waiting to sync',
      refused: 'Refused by Kantata',
      billable: 'Billable',
      nonBillable: 'Not billable',
      nothing: 'Nothing yet',
      expenses: '{n} expense | {n} expenses',
    },
    charts: {
      month: 'Spending by month',
      project: 'Spending by project',
      category: 'Spending by category',
    },
    table: {
      show: 'Show as a table',
      caption: '{title} in {currency}',
      month: 'Month',
      project: 'Project',
      category: 'Category',
      amount: 'Amount ({currency})',
      expenses: 'Expenses',
    },
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** The shape every language's catalogue has. */
export type Catalogue = Widen<typeof en>;
