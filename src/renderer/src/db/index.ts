export * from './schema';
export * from './database';
export * from './current';
export * from './expenses-repo';
export * from './write-errors';
export * from './meta';
