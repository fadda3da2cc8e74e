import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { verifyArchive } from '../../src/archive/index.ts';
import { verifyAuditChains } from '../../src/audit/index.ts';
import { migrateToLatest, openDatabase } from '../../src/db/index.ts';
import { DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { createTestPostgresDatabase } from '../helpers/context.ts';
import { Client } from '../helpers/http.ts';
import { exited, startServerProcess as startServer } from '../helpers/process.ts';

// Runs on PGlite and, in the PostgreSQL tier, against a PostgreSQL server.
describe(`crash safety (${process.env.HARBORLINE_TEST_POSTGRES_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('SIGKILL in the middle of a burst of writes loses nothing that was acknowledged', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-crash-'));
    const databaseUrl = await createTestPostgresDatabase();
    const env: Record<string, string> = databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir };

    const first = await startServer(env);
    const c = new Client(first.url);
    await c.login('sam@harbor.example', DEMO_PASSWORD);
    const community = (await c.get('/api/communities')).json.communities.find((x: any) => x.slug === 'type-2-diabetes').id;
    const acknowledged: string[] = [];
    let stop = false;
    const writers = Array.from({ length: 16 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        try {
          const r = await c.post(`/api/communities/${community}/posts`, { body: `burst ${w}-${i}: walked 20 minutes today` });
          if (r.status === 201) acknowledged.push(r.json.post.id);
        } catch {
          return; // the server died mid-request: not acknowledged
        }
      }
    });
    while (acknowledged.length < 60) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await exited(first.child);

    // The product comes back up on the same data, then every acknowledged write must be in the archive.
    const second = await startServer(env);
    const again = new Client(second.url);
    await again.login('sam@harbor.example', DEMO_PASSWORD);
    second.child.kill('SIGTERM');
    await exited(second.child);

    const database = await openDatabase({ databaseUrl, dataDir: path.join(dataDir, 'pglite') });
    try {
      await migrateToLatest(database.db);
      const archived = await database.db
        .selectFrom('archive_entries')
        .select('record_id')
        .where('record_kind', '=', 'post')
        .where('event', '=', 'create')
        .where('record_id', 'in', acknowledged)
        .execute();
      assert.equal(
        new Set(archived.map((a) => a.record_id)).size,
        acknowledged.length,
        `${acknowledged.length} acknowledged, ${archived.length} archived`,
      );
      const posts = await database.db.selectFrom('posts').select('id').where('id', 'in', acknowledged).execute();
      assert.equal(posts.length, acknowledged.length);
      assert.ok(
        (await verifyArchive(database.db)).every((r) => r.ok),
        'archive chain verifies',
      );
      assert.ok(
        (await verifyAuditChains(database.db)).every((r) => r.ok),
        'audit chain verifies',
      );
    } finally {
      await database.close();
    }
  });
});
