import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { createTestPostgresDatabase, LOOPBACK } from '../helpers/context.ts';
import { Client } from '../helpers/http.ts';
import { startMastodon } from '../helpers/networks/mastodon.ts';
import { startX } from '../helpers/networks/x.ts';
import { exited, startServerProcess } from '../helpers/process.ts';

const POSTS = 30;
const until = async (what: string, check: () => Promise<boolean> | boolean, ms = 90_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

// The product's own background queue, in its own process, killed with SIGKILL while it sends; runs on
// PGlite (a data directory) and, in the PostgreSQL tier, on PostgreSQL.
test('SIGKILL in the middle of a publishing batch: after a restart every post is on each network exactly once', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-queue-crash-'));
  const databaseUrl = await createTestPostgresDatabase();
  const env: Record<string, string> = {
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir }),
    PUBLISHER_ALLOW_HTTP: 'true',
    OUTBOUND_ALLOW_ADDRESSES: LOOPBACK,
    PUBLISHER_SEND_LOCK_SECONDS: '3',
  };
  // Mastodon honours an Idempotency-Key; X has none (the connector looks for its own post on a retry).
  const [mastodon, x] = await Promise.all([startMastodon(), startX()]);
  for (const n of [mastodon, x]) n.setLatency(60); // answers still in flight when the process dies
  const first = await startServerProcess(env);
  try {
    const as = async (email: string) => {
      const c = new Client(first.url);
      await c.login(email, DEMO_PASSWORD);
      return c;
    };
    const [admin, comms, compliance] = await Promise.all(
      ['admin@harbor.example', 'comms@harbor.example', 'compliance@harbor.example'].map(as),
    );
    const channelIds: string[] = [];
    for (const [network, server, credentials] of [
      ['mastodon', mastodon, { accessToken: mastodon.state.token }],
      ['x', x, { accessToken: x.state.token }],
    ] as const) {
      const r = await admin.post('/api/publisher/channels', { network, name: `Harbor on ${network}`, baseUrl: server.url, credentials });
      assert.equal(r.status, 201, r.text);
      channelIds.push(r.json.channel.id);
    }
    // All due at the same moment, a few seconds from now, so the queue takes them in batches at once.
    const scheduledAt = new Date(Date.now() + 6_000).toISOString();
    for (let i = 0; i < POSTS; i++) {
      const p = await comms.post('/api/publisher/posts', { body: `Crash drill ${i}: the clinic opens at 8.`, channelIds, scheduledAt });
      assert.equal(p.status, 201, p.text);
      const d = await compliance.post(`/api/publisher/posts/${p.json.post.id}/decision`, { decision: 'approve' });
      assert.equal(d.status, 200, d.text);
    }
    const received = () =>
      mastodon.requests.filter((r) => r.method === 'POST').length + x.requests.filter((r) => r.method === 'POST').length;
    await until('the queue to start sending', () => received() >= 8);
    first.child.kill('SIGKILL');
    await exited(first.child);
    const sentBeforeCrash = received();
    assert.ok(sentBeforeCrash < POSTS * 2, 'killed mid-batch, not after it');

    const second = await startServerProcess(env);
    try {
      const c = new Client(second.url);
      await c.login('comms@harbor.example', DEMO_PASSWORD);
      await until('every post to be published after the restart', async () => {
        const posts = (await c.get('/api/publisher/posts')).json.posts.filter((p: { body: string }) => p.body.startsWith('Crash drill'));
        return posts.length === POSTS && posts.every((p: { status: string }) => p.status === 'published');
      });
    } finally {
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
    const count = (texts: string[]) => {
      const n = new Map<string, number>();
      for (const t of texts) n.set(t, (n.get(t) ?? 0) + 1);
      return n;
    };
    for (const [name, texts] of [
      ['Mastodon', mastodon.own().map((s: { content: string }) => s.content.replace(/<[^>]+>/g, ''))],
      ['X', x.own().map((t: { text: string }) => t.text)],
    ] as const) {
      const n = count(texts.filter((t) => t.startsWith('Crash drill')));
      assert.equal(n.size, POSTS, `${name}: every post`);
      assert.deepEqual(
        [...n].filter(([, k]) => k > 1),
        [],
        `${name}: no post twice`,
      );
    }
  } finally {
    if (first.child.exitCode === null && first.child.signalCode === null) first.child.kill('SIGKILL');
    await Promise.all([mastodon.close(), x.close()]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
