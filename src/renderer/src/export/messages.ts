/** User-facing strings of exports and backups (one place, for the coming message catalogues). */
export const exportMessages = {
  exportCsv: 'Export CSV',
  exportCsvHint: (n: number) => `Save the ${n.toLocaleString()} expenses shown as a CSV file`,
  exportPdf: 'PDF report',
  saved: (fileName: string) => `Saved ${fileName}.`,
  nothingToExport: 'There are no expenses to export: change the filters first.',
  failed: (reason: string) => `The file could not be saved: ${reason}`,
} as const;

/** The PDF report's wording. */
export const pdfMessages = {
  documentTitle: (project: string, from: string, to: string) => `Expense report: ${project}, ${from} to ${to}`,
  heading: 'Expense report',
  person: (name: string) => `Submitted by: ${name}`,
  project: (title: string) => `Project: ${title}`,
  period: (from: string, to: string) => `Period: ${from} to ${to}`,
  colDate: 'Date',
  colDescription: 'Merchant / notes',
  colCategory: 'Category',
  colAmount: 'Amount',
  count: (n: number) => `${n} ${n === 1 ? 'expense' : 'expenses'}`,
  total: (amount: string) => `Total ${amount}`,
  receiptCaption: (date: string, what: string, file: string) => `Receipt: ${date} · ${what}${file ? ` (${file})` : ''}`,
  receiptMissing: 'The receipt file is not on this computer.',
  receiptUnreadable: 'This receipt could not be included (its file cannot be read as an image or a PDF).',
  footer: (page: number, pages: number, made: string) => `Page ${page} of ${pages} · made ${made}`,
  needProject: 'Choose a project in the filters first: a PDF report covers one project.',
} as const;
