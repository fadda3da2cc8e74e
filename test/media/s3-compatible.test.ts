import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import S3rver from 's3rver';
import { copyToWorm } from '../../src/archive/worm.ts';
import { purgeDestroyedFiles } from '../../src/media/index.ts';
import { signV4, type S3Credentials } from '../../src/shared/s3-signature.ts';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';
import { fixture, uploadChecked } from '../helpers/media.ts';

/**
 * Pictures and the archive's WORM copy against a real S3-compatible server on loopback (s3rver, from npm:
 * path-style buckets, its own object store on disk). s3rver accepts any well-formed signature and has no
 * Object Lock: signatures are checked against an independent Signature V4 implementation in
 * test/media/s3-storage.test.ts and the lock headers in test/archive/worm.test.ts; here, the objects.
 */
const credentials: S3Credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const region = 'us-east-1';
let s3: S3rver;
let endpoint = '';
let directory = '';
let server: TestServer;

before(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'harborline-s3rver-'));
  s3 = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [
      { name: 'hospital-media', configs: [] },
      { name: 'hospital-worm', configs: [] },
    ],
  });
  const { port } = await s3.run();
  endpoint = `http://127.0.0.1:${port}`;
  server = await startTestServer({
    mediaS3: { endpoint, bucket: 'hospital-media', region, credentials },
    worm: { endpoint, bucket: 'hospital-worm', region, credentials, retentionDays: 2190 },
  });
});
after(async () => {
  await server?.close();
  await s3?.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

/** A signed GET straight to the S3 server, as an auditor's tool would read the bucket. */
async function getObject(bucket: string, key: string) {
  const url = new URL(`${endpoint}/${bucket}/${key}`);
  const headers = signV4({ method: 'GET', url, headers: {}, body: '' }, credentials, region, 's3', new Date());
  delete headers.host;
  const res = await fetch(url, { headers });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}

test('pictures go to the S3 server, are served from it, and leave it when destroyed', async () => {
  const org = await createTestOrg(server.ctx);
  const staff = await signedIn(server, org, 'staff');
  const media = await uploadChecked(staff, fixture('poster.png'), 'poster.png');
  assert.equal(media.status, 'ready', media.failure);
  const row = await server.ctx.db.selectFrom('media').select('files').where('id', '=', media.id).executeTakeFirstOrThrow();
  const files = Object.values(row.files as Record<string, { key: string; sha256: string }>);
  for (const f of files) {
    const object = await getObject('hospital-media', f.key);
    assert.equal(object.status, 200, f.key);
    assert.equal(createHash('sha256').update(object.body).digest('hex'), f.sha256);
  }
  const served = await staff.request('GET', `/api/media/${media.id}/files/w320`);
  assert.equal(served.status, 200);

  const officer = await signedIn(server, org, 'compliance');
  assert.equal((await officer.post('/api/archive/erasures', { subjectId: org.userId('staff') })).status, 201);
  assert.ok((await purgeDestroyedFiles(server.ctx)) > 0);
  for (const f of files) assert.equal((await getObject('hospital-media', f.key)).status, 404, 'deleted from the bucket');
});

test('every archive entry is copied to the WORM bucket once, as the entry the chain holds', async () => {
  const org = await createTestOrg(server.ctx);
  const comms = await signedIn(server, org, 'communications');
  const community = (await comms.post('/api/communities', { name: 'Eyes', slug: 'eyes', visibility: 'members' })).json.community.id;
  await comms.post(`/api/communities/${community}/posts`, { title: 'Eye exams', body: 'Free eye exams for diabetics this month.' });
  const entries = await server.ctx.db
    .selectFrom('archive_entries')
    .select(['seq', 'hash', 'content_hash'])
    .where('chain', '=', `archive:${org.orgId}`)
    .orderBy('seq')
    .execute();
  assert.ok(entries.length >= 2);
  const worm = server.ctx.config.worm!;
  assert.equal(await copyToWorm(server.ctx.db, worm, server.ctx.outbound, org.orgId), entries.length);
  assert.equal(await copyToWorm(server.ctx.db, worm, server.ctx.outbound, org.orgId), 0, 'each once');
  for (const e of entries) {
    const object = await getObject('hospital-worm', `${org.orgId}/${e.seq.padStart(12, '0')}.json`);
    assert.equal(object.status, 200);
    const stored = JSON.parse(object.body.toString()) as { hash: string; content_hash: string; seq: string };
    assert.deepEqual([String(stored.seq), stored.hash, stored.content_hash], [e.seq, e.hash, e.content_hash]);
  }
});
