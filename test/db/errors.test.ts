import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { classifyDatabaseFailure } from '../../src/db/failures.ts';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { createTestPostgresDatabase } from '../helpers/context.ts';

// Runs on PGlite, then in the PostgreSQL tier on PostgreSQL: every failing statement must reach the caller.
const engine = process.env.HARBORLINE_TEST_POSTGRES_URL ? 'PostgreSQL' : 'PGlite';
let database: Database;
before(async () => {
  database = await openDatabase({ databaseUrl: await createTestPostgresDatabase(), dataDir: 'memory://' });
  await sql`CREATE TABLE t (id int PRIMARY KEY, note text)`.execute(database.db);
});
after(() => database.close());

const rejectsWith = (p: Promise<unknown>, code: string) =>
  assert.rejects(p, (e: any) => {
    assert.ok(e instanceof pg.DatabaseError, `expected a DatabaseError, got ${e?.constructor?.name}: ${e?.message}`);
    assert.equal(e.code, code);
    return true;
  });

describe(`SQL errors reach the caller (${engine})`, () => {
  test('division by zero, a syntax error and a bad cast reject with their SQLSTATE, position included', async () => {
    await rejectsWith(sql`SELECT 1 / ${0}::int`.execute(database.db), '22012');
    await rejectsWith(sql.raw('SELEC 1').execute(database.db), '42601');
    await assert.rejects(sql.raw('SELEC 1').execute(database.db), (e: any) => e.position === '1');
    await rejectsWith(sql`SELECT ${'x'}::int`.execute(database.db), '22P02');
  });

  test('a unique violation names its constraint', async () => {
    await sql`INSERT INTO t VALUES (1, 'first')`.execute(database.db);
    await assert.rejects(
      sql`INSERT INTO t VALUES (1, 'again')`.execute(database.db),
      (e: any) => e.code === '23505' && e.constraint === 't_pkey',
    );
  });

  test('a transaction that PostgreSQL aborted throws, and nothing of it is stored', async () => {
    await rejectsWith(
      database.db.transaction().execute(async (tx) => {
        await sql`INSERT INTO t VALUES (10, 'a')`.execute(tx);
        await sql`INSERT INTO t VALUES (10, 'b')`.execute(tx);
        await sql`INSERT INTO t VALUES (11, 'c')`.execute(tx);
      }),
      '23505',
    );
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM t WHERE id IN (10, 11)`.execute(database.db);
    assert.equal(rows[0].n, 0);
  });

  test('a failure in the last statement of a transaction (after every RETURNING was read) still rolls it back and throws', async () => {
    await assert.rejects(
      database.db.transaction().execute(async (tx) => {
        const r = await sql<{ id: number }>`INSERT INTO t VALUES (20, 'kept?') RETURNING id`.execute(tx);
        assert.equal(r.rows[0].id, 20);
        await sql`SELECT 1 / 0`.execute(tx);
      }),
    );
    assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM t WHERE id = 20`.execute(database.db)).rows[0].n, 0);
  });

  test('the connection stays usable after an error', async () => {
    await assert.rejects(sql`SELECT 1 / 0`.execute(database.db));
    assert.equal((await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db)).rows[0].one, 1);
  });

  test('unavailability and a full disk are named (503/507), other errors are not', () => {
    const err = (code: string) => Object.assign(new pg.DatabaseError('x', 0, 'error'), { code });
    assert.equal(classifyDatabaseFailure(err('57P01'))?.status, 503);
    assert.equal(classifyDatabaseFailure(err('08006'))?.status, 503);
    assert.equal(classifyDatabaseFailure(err('57014'))?.status, 503);
    assert.equal(classifyDatabaseFailure(err('53100'))?.status, 507);
    assert.equal(classifyDatabaseFailure(new Error('Connection terminated unexpectedly'))?.status, 503);
    assert.equal(
      classifyDatabaseFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))?.status,
      503,
    );
    assert.equal(classifyDatabaseFailure(Object.assign(new Error('write after end'), { code: 'ERR_STREAM_WRITE_AFTER_END' }))?.status, 503);
    assert.equal(classifyDatabaseFailure(err('23505')), null);
    assert.equal(classifyDatabaseFailure(new TypeError('x is undefined')), null);
  });
});

/** A small tmpfs (root only; skipped where mounting is not allowed). */
function tinyDisk(sizeKb: number): { dir: string; grow(kb: number): void; remove(): void } | null {
  if (process.getuid?.() !== 0 || os.platform() !== 'linux') return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-tiny-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0777`, 'tmpfs', dir]);
  if (r.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    grow: (kb) => execFileSync('mount', ['-o', `remount,size=${kb}k`, dir]),
    remove() {
      spawnSync('umount', ['-l', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Inserts until the disk is full; returns the error. */
async function fill(db: Database['db']): Promise<any> {
  for (let i = 0; i < 2_000; i++) {
    try {
      await sql`INSERT INTO filler (pad) SELECT repeat(md5(random()::text), 60) FROM generate_series(1, 50)`.execute(db);
    } catch (e) {
      return e;
    }
  }
  assert.fail('the disk never filled');
}

describe(`a full disk (${engine})`, () => {
  test('writes fail with disk_full (53100) instead of looking stored; reads go on; writing resumes when space returns', async (t) => {
    // PostgreSQL: one table in a tablespace on a small disk. PGlite: the whole database on one (it needs ~40 MB).
    const disk = tinyDisk(engine === 'PostgreSQL' ? 1024 : 48 * 1024);
    if (!disk) return t.skip('mounting a small tmpfs is not allowed here');
    const space = `hl_tiny_${process.pid}`;
    let target: Database | null = null;
    try {
      if (engine === 'PostgreSQL') {
        target = database;
        execFileSync('chown', ['postgres', disk.dir]);
        await sql.raw(`CREATE TABLESPACE ${space} LOCATION '${disk.dir}'`).execute(database.db);
        await sql.raw(`CREATE TABLE filler (id serial PRIMARY KEY, pad text) TABLESPACE ${space}`).execute(database.db);
      } else {
        target = await openDatabase({ dataDir: path.join(disk.dir, 'pglite'), embeddedAnswerTimeoutMs: 3_000 });
        await sql`CREATE TABLE filler (id serial PRIMARY KEY, pad text)`.execute(target.db);
      }
      const failure = await fill(target.db);
      assert.equal(failure.code, '53100', failure.message);
      assert.equal(classifyDatabaseFailure(failure)?.status, 507);
      if (engine === 'PGlite') {
        // PGlite wedges after a failed WAL write: the next query must fail as "unavailable", not hang.
        const next = await sql`SELECT count(*) FROM filler`.execute(target.db).then(
          () => null,
          (e) => e,
        );
        if (next) return assert.equal(classifyDatabaseFailure(next)?.status, 503, next.message);
      }
      const stored = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM filler`.execute(target.db)).rows[0].n;
      assert.ok(stored > 0, 'reads still work');
      disk.grow(engine === 'PostgreSQL' ? 8192 : 96 * 1024);
      await sql`INSERT INTO filler (pad) VALUES ('after')`.execute(target.db);
      assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM filler`.execute(target.db)).rows[0].n, stored + 1);
      if (engine === 'PostgreSQL') {
        await sql.raw(`DROP TABLE filler`).execute(database.db);
        await sql.raw(`DROP TABLESPACE ${space}`).execute(database.db);
      }
    } finally {
      if (target && target !== database) await target.close().catch(() => undefined);
      disk.remove();
    }
  });
});
