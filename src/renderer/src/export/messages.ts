/** User-facing strings of exports and backups (one place, for the coming message catalogues). */
export const exportMessages = {
  exportCsv: 'Export CSV',
  exportCsvHint: (n: number) => `Save the ${n.toLocaleString()} expenses shown as a CSV file`,
  exportPdf: 'PDF report',
  saved: (fileName: string) => `Saved ${fileName}.`,
  nothingToExport: 'There are no expenses to export: change the filters first.',
  failed: (reason: string) => `The file could not be saved: ${reason}`,
} as const;
