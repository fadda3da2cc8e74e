export { openDatabase, type Database, type Db, type Tx } from './database.ts';
export { classifyDatabaseFailure, retryItemsAfter } from './failures.ts';
export { migrateTo, migrateToLatest } from './migrate.ts';
export { ensurePartitions, PARTITIONED_HISTORY } from './partitions.ts';
export { replicaHealth, type ReplicaHealth } from './replica-health.ts';
export { noteStorageFull, raiseStorageAlerts } from './storage-alerts.ts';
export type * from './schema.ts';
export { ROLES } from './schema.ts';
