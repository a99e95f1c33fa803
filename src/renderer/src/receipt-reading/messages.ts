/** User-facing strings of receipt reading, in one place for the coming message catalogues. */
export const readingMessages = {
  reading: 'Reading the receipt…',
  readFromReceipt: 'Read from receipt',
  undo: 'Undo',
  undoTitle: (field: string) => `Put back what ${field} held before the receipt was read`,
  showOnReceipt: 'Show on receipt',
  nothingFound: 'Nothing could be read from this receipt; fill the fields in yourself.',
  failed: (reason: string) => `The receipt could not be read (${reason}); fill the fields in yourself.`,
  unsupported: 'This kind of file cannot be read automatically (HEIC); fill the fields in yourself.',
  filled: (count: number) => `${count} field${count === 1 ? '' : 's'} filled from the receipt. Check them before saving.`,
  vendorSuggested: (name: string) => `Vendor suggested from the merchant's name: ${name}`,
  categorySuggested: (name: string) => `Category from your earlier expenses there: ${name}`,
  fieldNames: {
    amount: 'Amount',
    foreignValue: 'Amount paid',
    foreignCurrency: 'Currency paid in',
    date: 'Date',
    notes: 'Notes',
    vendorId: 'Vendor',
    categoryId: 'Category',
  } as Record<string, string>,
} as const;

export const readingSettingsMessages = {
  heading: 'Receipts',
  toggle: 'Read attached receipts on this computer and fill in the empty fields',
  language: 'Language of the receipts',
  languageName: (code: string) => ({ eng: 'English (Latin script: also reads German, French, Malay amounts and dates)' })[code] ?? code,
  languageHint: 'Reading runs offline with language data that comes with the app.',
} as const;
