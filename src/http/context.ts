import type { Config } from '../config/env.ts';
import type { Database, Db } from '../db/database.ts';
import type { OutboundFetch } from '../outbound/index.ts';
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
