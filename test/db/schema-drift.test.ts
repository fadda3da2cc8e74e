import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import fs from 'node:fs';
import type { AppContext } from '../../src/http/context.ts';
import { openTestContext } from '../helpers/context.ts';

/**
 * `src/db/schema.ts` is written by hand beside the migrations: this test reads its `DB` interface and
 * compares every table, column and nullability with the migrated database, so the two cannot drift apart
 * silently. Runs on PGlite and on PostgreSQL. (schema.ts keeps one member a line, which this reader needs.)
 */
const SCHEMA = path.resolve(import.meta.dirname, '..', '..', 'src', 'db', 'schema.ts');
// Bookkeeping tables that are not part of the application's typed schema.
const UNTYPED = new Set(['kysely_migration', 'kysely_migration_lock']);

/** The type a column is selected as: Generated<T> is T, ColumnType<S, I, U> is S; aliases resolved. */
function selectType(type: string, aliases: Map<string, string>): string {
  let t = type.trim();
  for (let i = 0; i < 5; i++) {
    const alias = /^(\w+)(?:<.*>)?$/.exec(t)?.[1];
    if (alias && aliases.has(alias)) t = aliases.get(alias)!;
    const wrapper = /^(Generated|ColumnType)<(.*)>$/.exec(t);
    if (!wrapper) break;
    t = wrapper[1] === 'Generated' ? wrapper[2] : firstTypeArgument(wrapper[2]);
  }
  return t;
}
function firstTypeArgument(args: string): string {
  let depth = 0;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '<') depth++;
    else if (args[i] === '>') depth--;
    else if (args[i] === ',' && depth === 0) return args.slice(0, i);
  }
  return args;
}

function declaredSchema(): Map<string, Map<string, { nullable: boolean }>> {
  const source = fs.readFileSync(SCHEMA, 'utf8');
  const aliases = new Map([...source.matchAll(/^type (\w+)(?:<[^=]*>)? = (.+);$/gm)].map((m) => [m[1], m[2]]));
  const interfaces = new Map<string, Map<string, { nullable: boolean }>>();
  for (const m of source.matchAll(/^export interface (\w+) \{\n([\s\S]*?)\n\}/gm)) {
    const columns = new Map<string, { nullable: boolean }>();
    for (const line of m[2].matchAll(/^\s+(\w+)\??: (.+);$/gm))
      columns.set(line[1], { nullable: /\bnull\b/.test(selectType(line[2], aliases)) });
    interfaces.set(m[1], columns);
  }
  const db = /^export interface DB \{\n([\s\S]*?)\n\}/m.exec(source);
  assert.ok(db, 'schema.ts declares the DB interface');
  const tables = new Map<string, Map<string, { nullable: boolean }>>();
  for (const line of db[1].matchAll(/^\s+(\w+): (\w+);$/gm)) {
    const columns = interfaces.get(line[2]);
    assert.ok(columns, `${line[2]} is declared in schema.ts`);
    tables.set(line[1], columns);
  }
  return tables;
}

let ctx: AppContext;
before(async () => {
  ctx = await openTestContext();
});
after(() => ctx.database.close());

describe(`schema.ts matches the migrated database (${process.env.HARBORLINE_TEST_POSTGRES_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('every table and column, and whether it may be null', async () => {
    const declared = declaredSchema();
    const rows = await sql<{ table_name: string; column_name: string; is_nullable: 'YES' | 'NO' }>`
      SELECT table_name, column_name, is_nullable FROM information_schema.columns
      WHERE table_schema = 'public'
        -- A partition (a month of a history table) is its parent's storage, not a table of its own.
        AND NOT EXISTS (SELECT 1 FROM pg_class p WHERE p.relname = table_name AND p.relispartition)
      ORDER BY table_name, ordinal_position`.execute(ctx.db);
    const actual = new Map<string, Map<string, boolean>>();
    for (const r of rows.rows) {
      if (UNTYPED.has(r.table_name)) continue;
      if (!actual.has(r.table_name)) actual.set(r.table_name, new Map());
      actual.get(r.table_name)!.set(r.column_name, r.is_nullable === 'YES');
    }
    const problems: string[] = [];
    for (const t of actual.keys()) if (!declared.has(t)) problems.push(`table ${t} is in the database but not in schema.ts`);
    for (const [t, columns] of declared) {
      const cols = actual.get(t);
      if (!cols) {
        problems.push(`table ${t} is in schema.ts but not in the database`);
        continue;
      }
      for (const [c, nullable] of cols) {
        const decl = columns.get(c);
        if (!decl) problems.push(`${t}.${c} is in the database but not in schema.ts`);
        else if (decl.nullable !== nullable)
          problems.push(
            `${t}.${c} is ${nullable ? 'nullable' : 'NOT NULL'} in the database but ${decl.nullable ? 'nullable' : 'not'} in schema.ts`,
          );
      }
      for (const c of columns.keys()) if (!cols.has(c)) problems.push(`${t}.${c} is in schema.ts but not in the database`);
    }
    assert.deepEqual(problems, []);
  });
});
