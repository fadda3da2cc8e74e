import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { hitRateLimit } from '../../src/security/rate-limit.ts';
import { verifyArchive } from '../../src/archive/index.ts';
import { verifyAuditChains } from '../../src/audit/index.ts';
import { createCommunity, createPost, joinCommunity } from '../../src/community/service.ts';
import { migrateToLatest } from '../../src/db/index.ts';
import type { AppContext } from '../../src/http/context.ts';
import { createTestOrg, openTestContext } from '../helpers/context.ts';

// This file runs twice in `npm test`: on PGlite, then on a throwaway PostgreSQL server.
let ctx: AppContext;
before(async () => {
  ctx = await openTestContext();
});
after(() => ctx.database.close());

describe(`database tier (${process.env.HARBORLINE_TEST_POSTGRES_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('migrations are applied once and re-running them is a no-op', async () => {
    assert.deepEqual(await migrateToLatest(ctx.db), []);
    const tables = await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`.execute(
      ctx.db,
    );
    assert.ok(tables.rows[0].n >= 18);
  });
  test('concurrent writers append to one hash chain without forking it', async () => {
    const org = await createTestOrg(ctx);
    const comms = org.actors[org.email('communications')];
    const c = await createCommunity(ctx.db, comms, { name: 'Concurrency', slug: 'concurrency', description: '', visibility: 'members' });
    const writers = ['patient', 'patient2', 'clinician'].map((r) => org.actors[org.email(r)]);
    for (const w of writers) await joinCommunity(ctx.db, w, c.id, null);
    const before = (await verifyArchive(ctx.db, org.orgId))[0].checked;
    const input = {
      title: '',
      kind: 'post' as const,
      visibility: 'members' as const,
      contentWarning: null,
      anonymous: false,
      consentId: null,
      confirmPhi: false,
    };
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => createPost(ctx.db, writers[i % 3], c.id, { ...input, body: `parallel post number ${i}` })),
    );
    const archive = await verifyArchive(ctx.db, org.orgId);
    assert.equal(archive[0].ok, true, JSON.stringify(archive));
    assert.equal(archive[0].checked, before + 30);
    const audit = await verifyAuditChains(ctx.db, org.orgId);
    assert.equal(audit[0].ok, true, JSON.stringify(audit));
  });
  test('rate limits count across callers and reset after the window', async () => {
    const key = `test:${Math.random()}`;
    const results = await Promise.all(Array.from({ length: 8 }, () => hitRateLimit(ctx.db, key, 5, 60_000)));
    assert.equal(results.filter((r) => r.allowed).length, 5);
    await sql`UPDATE rate_limits SET window_started_at = now() - interval '2 minutes' WHERE key = ${key}`.execute(ctx.db);
    assert.equal((await hitRateLimit(ctx.db, key, 5, 60_000)).allowed, true);
  });
  test('LISTEN/NOTIFY delivers events (realtime fan-out across processes)', async () => {
    const got: string[] = [];
    const unlisten = await ctx.database.listen('harborline_test', (p) => got.push(p));
    await sql`SELECT pg_notify('harborline_test', 'hello')`.execute(ctx.db);
    for (let i = 0; i < 50 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await unlisten();
    assert.deepEqual(got, ['hello']);
  });
});
