import { PGliteThread } from './pglite-thread.ts';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

export type Tx = Transaction<DB>;
export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Subscribe to a NOTIFY channel; returns an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** Directory for the embedded database; 'memory://' keeps it in memory (tests). */
  dataDir?: string;
}

/**
 * Names each parameterized statement after a hash of its text, so every connection plans it once and
 * reuses the plan (node-postgres keeps named statements per connection). Planning is most of the cost
 * of a small query on PGlite.
 */
function preparedStatements(pool: pg.Pool): pg.Pool {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) names.set(text, (name = `hl_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`));
    return name;
  };
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: unknown }).query = (config: unknown, values?: unknown, cb?: unknown) => {
      if (typeof config === 'string' && Array.isArray(values) && values.length > 0 && config.length < 8_000) {
        return query({ name: nameOf(config), text: config, values }, cb);
      }
      return query(config, values, cb);
    };
  });
  return pool;
}

// Bigints (bigserial ids, counts) stay strings so no precision is lost; numeric aggregates are cast in SQL.
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir ?? 'memory://');
}

async function openPostgres(url: string): Promise<Database> {
  const pool = preparedStatements(new pg.Pool({ connectionString: url, max: 10 }));
  pool.on('error', () => undefined); // idle client errors are retried by the pool; never crash on them
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  let listener: pg.PoolClient | undefined;
  const handlers = new Map<string, Set<(p: string) => void>>();
  return {
    db,
    kind: 'postgres',
    async listen(channel, onPayload) {
      if (!listener) {
        listener = await pool.connect();
        listener.on('notification', (n) => handlers.get(n.channel)?.forEach((h) => h(n.payload ?? '')));
      }
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        await listener.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      }
      set.add(onPayload);
      return async () => {
        set!.delete(onPayload);
      };
    },
    async close() {
      listener?.release();
      await db.destroy();
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  if (!dataDir.startsWith('memory://')) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const pglite = new PGliteThread(dataDir);
  await pglite.waitReady;
  const pool = preparedStatements(new pg.Pool(createPgConfig(pglite as never) as unknown as pg.PoolConfig));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    async listen(channel, onPayload) {
      return pglite.listen(channel, onPayload);
    },
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}
