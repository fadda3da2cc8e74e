import type { Config } from '../config/env.ts';
import type { Database, Db } from '../db/database.ts';
import { createOutboundFetch, type OutboundFetch } from '../outbound/index.ts';
import type { SecretBox } from '../shared/secret-box.ts';

/** What every route and service gets: settings, the database, sealing and outbound fetch. Nothing else is shared in memory. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  /** Reads that may lag behind the latest writes (searches, figures): the replica when configured, else `db`. */
  replica: Db;
  /** Seals network tokens at rest. */
  secrets: SecretBox;
  /** The only way to fetch from another server (refuses internal addresses). */
  outbound: OutboundFetch;
}

/** The context for a configuration and an open database (the server, the CLI, tests and benchmarks all build it so). */
export const appContext = (config: Config, database: Database, secrets: SecretBox): AppContext => ({
  config,
  database,
  db: database.db,
  replica: database.replica,
  secrets,
  outbound: createOutboundFetch(config.outbound),
});
