import { PGliteThread } from './pglite-thread.ts';
import { PostgresListener } from './postgres-listener.ts';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';
import { withCommitHooks } from './commit-hooks.ts';
import { classifyDatabaseFailure } from './failures.ts';

export type Tx = Transaction<DB>;
export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  /**
   * Reads that may lag behind the latest writes (searches, figures, reports): a streaming replica when one
   * is configured (DATABASE_REPLICA_URL), else the primary. Never for what a user just wrote and expects to see.
   * While the replica cannot be reached, new connections go to the primary instead.
   */
  replica: Db;
  kind: 'pglite' | 'postgres';
  /** Subscribe to a NOTIFY channel; returns an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * Raw SQL on the same pool, for infrastructure that brings its own SQL (the job scheduler). Without
   * values it may be several statements (simple protocol); their rows come back together.
   */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  close(): Promise<void>;
}

async function executeOn(pool: pg.Pool, text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
  const result: pg.QueryResult | pg.QueryResult[] = await pool.query(text, values?.length ? values : undefined);
  return { rows: Array.isArray(result) ? result.flatMap((r) => r.rows ?? []) : result.rows };
}

export interface OpenOptions {
  databaseUrl?: string;
  /** PostgreSQL: a read-only streaming replica of databaseUrl, for reads that may lag. */
  replicaUrl?: string;
  /** Directory for the embedded database; 'memory://' keeps it in memory (tests). */
  dataDir?: string;
  /** PostgreSQL: connections per process. */
  poolSize?: number;
  /** PostgreSQL: how long a request waits for a free connection or a new one before it fails. */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL: `statement_timeout` of every session (0: none). A statement that is still unanswered a
   * second after it (a frozen or unreachable server) has its connection closed, so it fails instead of
   * waiting for as long as the server is gone.
   */
  statementTimeoutMs?: number;
  /**
   * Embedded: how long one exchange with the database thread may take before the database is declared
   * stuck and every query fails (PGlite wedges after some I/O errors, a full disk among them). 0: no limit.
   */
  embeddedAnswerTimeoutMs?: number;
}

export const DATABASE_DEFAULTS = { poolSize: 10, connectTimeoutMs: 3_000, statementTimeoutMs: 5_000, embeddedAnswerTimeoutMs: 60_000 };

/** A transaction that needs longer than the statement timeout (sweeps, exports) lifts it for itself. */
export async function withoutStatementTimeout(tx: Tx): Promise<void> {
  await sql.raw('SET LOCAL statement_timeout = 0').execute(tx);
}

interface ClientState {
  /** Set while a transaction has lifted the statement timeout. */
  unbounded: boolean;
}

/**
 * Wraps each pool client's query method: names parameterized statements after a hash of their text (every
 * connection plans a statement once; planning is most of the cost of a small query on PGlite), and, on
 * PostgreSQL, closes the connection of a statement that outlives its deadline.
 */
function instrumentClients(pool: pg.Pool, deadlineMs: number): pg.Pool {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) names.set(text, (name = `hl_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`));
    return name;
  };
  pool.on('connect', (client) => {
    // A checked-out client has no listener of the pool's: a lost connection would crash the process. The
    // query in flight fails with the error, and the pool drops the client when it is released.
    client.on('error', () => undefined);
    const state: ClientState = { unbounded: false };
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: unknown }).query = (config: unknown, values?: unknown, cb?: unknown) => {
      const text = typeof config === 'string' ? config : '';
      if (/^set local statement_timeout = 0$/i.test(text)) state.unbounded = true;
      else if (/^(commit|rollback)$/i.test(text)) state.unbounded = false;
      const result =
        typeof config === 'string' && Array.isArray(values) && values.length > 0 && config.length < 8_000
          ? query({ name: nameOf(config), text: config, values }, cb)
          : query(config, values, cb);
      if (deadlineMs > 0 && !state.unbounded && result instanceof Promise) {
        const timer = setTimeout(() => {
          // The server did not answer in time: end this connection so the statement fails now.
          (client as unknown as { connection?: { stream?: { destroy(e?: Error): void } } }).connection?.stream?.destroy();
        }, deadlineMs);
        const clear = () => clearTimeout(timer);
        result.then(clear, clear);
      }
      return result;
    };
  });
  // An idle client whose connection was lost is dropped by the pool; never crash on it.
  pool.on('error', () => undefined);
  return pool;
}

// Bigints (bigserial ids, counts) stay strings so no precision is lost; numeric aggregates are cast in SQL.
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  return opts.databaseUrl
    ? openPostgres(opts.databaseUrl, opts)
    : openPglite(opts.dataDir ?? 'memory://', opts.embeddedAnswerTimeoutMs ?? DATABASE_DEFAULTS.embeddedAnswerTimeoutMs);
}

async function openPostgres(url: string, opts: OpenOptions): Promise<Database> {
  const statementMs = opts.statementTimeoutMs ?? DATABASE_DEFAULTS.statementTimeoutMs;
  const connectionTo = (connectionString: string): pg.ClientConfig => ({
    connectionString,
    keepAlive: true,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? DATABASE_DEFAULTS.connectTimeoutMs,
    // Locks are never held for long by a client that went quiet inside a transaction.
    options: `-c statement_timeout=${statementMs} -c idle_in_transaction_session_timeout=${Math.max(30_000, statementMs * 2)}`,
  });
  const poolFor = (connectionString: string, max: number) =>
    instrumentClients(new pg.Pool({ ...connectionTo(connectionString), max }), statementMs > 0 ? statementMs + 1_000 : 0);
  const poolSize = opts.poolSize ?? DATABASE_DEFAULTS.poolSize;
  const pool = poolFor(url, poolSize);
  const db = withCommitHooks(new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }));
  const replicaPool = opts.replicaUrl ? poolFor(opts.replicaUrl, Math.max(2, Math.ceil(poolSize / 2))) : null;
  const replica = replicaPool ? new Kysely<DB>({ dialect: new PostgresDialect({ pool: fallingBackTo(pool, replicaPool) }) }) : db;
  const listener = new PostgresListener(connectionTo(url));
  return {
    db,
    replica,
    kind: 'postgres',
    listen: (channel, onPayload) => listener.listen(channel, onPayload),
    executeSql: (text, values) => executeOn(pool, text, values),
    async close() {
      await listener.close();
      if (replica !== db) await replica.destroy();
      await db.destroy();
    },
  };
}

/**
 * The replica's pool as Kysely sees it, except that a connection the replica refuses (stopped, restarting,
 * unreachable) is taken from the primary instead: reads that may lag can always be served fresh.
 */
function fallingBackTo(primary: pg.Pool, replica: pg.Pool): pg.Pool {
  return {
    connect: async () => {
      try {
        return await replica.connect();
      } catch (err) {
        if (classifyDatabaseFailure(err)?.id !== 'database_unavailable') throw err;
        return primary.connect();
      }
    },
    end: () => replica.end(),
  } as unknown as pg.Pool;
}

async function openPglite(dataDir: string, answerTimeoutMs: number): Promise<Database> {
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  if (!dataDir.startsWith('memory://')) fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o700 });
  const pglite = new PGliteThread(dataDir, answerTimeoutMs);
  await pglite.waitReady;
  const pool = instrumentClients(new pg.Pool(createPgConfig(pglite as never)), 0);
  const db = withCommitHooks(new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }));
  return {
    db,
    replica: db,
    kind: 'pglite',
    async listen(channel, onPayload) {
      return pglite.listen(channel, onPayload);
    },
    executeSql: (text, values) => executeOn(pool, text, values),
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}
