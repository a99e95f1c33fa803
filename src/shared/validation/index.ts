export * from './messages';
export * from './expense-fields';
export * from './expense-form';
