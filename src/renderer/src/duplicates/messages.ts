/** User-facing strings of the duplicate warning, in one place for the coming message catalogues. */
export const duplicateMessages = {
  title: 'This may be a duplicate',
  reason: {
    'same-receipt': 'The other expense holds the same receipt file.',
    'same-amount': 'Same amount and currency, within a day, at a similar place.',
  },
  thisOne: 'This expense',
  other: (synced: boolean) => (synced ? 'Already in Kantata' : 'Already recorded here'),
  rows: { date: 'Date', amount: 'Amount', notes: 'Notes', vendor: 'Vendor', receipt: 'Receipt' },
  hasReceipt: 'Attached',
  noReceipt: 'None',
  keepBoth: 'Keep both',
  openOther: 'Open the other',
  filter: 'Possible duplicates',
} as const;
