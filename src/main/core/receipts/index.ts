export * from './uploader';
export * from './ledger';
export * from './safe-file-name';
export * from './handlers';
export * from './attachment-digest';
