export { openDatabase, type Database, type Db, type Tx } from './database.ts';
export { migrateToLatest } from './migrate.ts';
export type * from './schema.ts';
export { ROLES } from './schema.ts';
