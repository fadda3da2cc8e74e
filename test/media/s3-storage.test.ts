import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { purgeDestroyedFiles } from '../../src/media/index.ts';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';
import { fixture, uploadChecked } from '../helpers/media.ts';
import { startS3 } from '../helpers/s3.ts';

const credentials = { accessKeyId: 'AKIDMEDIA', secretAccessKey: 'media-secret-key-for-tests' };
let s3: Awaited<ReturnType<typeof startS3>>;
let server: TestServer;

before(async () => {
  s3 = await startS3({ bucket: 'hospital-media', credentials });
  server = await startTestServer({ mediaS3: { endpoint: s3.url, bucket: 'hospital-media', region: 'us-east-1', credentials } });
});
after(async () => {
  await server.close();
  await s3.close();
});

test('with S3 storage configured, every file goes to the bucket (signed), is served from it, and leaves it when destroyed', async () => {
  const org = await createTestOrg(server.ctx);
  const staff = await signedIn(server, org, 'staff');
  const media = await uploadChecked(staff, fixture('poster.png'), 'poster.png');
  assert.equal(media.status, 'ready', media.failure);
  const row = await server.ctx.db.selectFrom('media').select('files').where('id', '=', media.id).executeTakeFirstOrThrow();
  const files = row.files as Record<string, { key: string; sha256: string }>;
  for (const [role, f] of Object.entries(files)) {
    const object = s3.objects.get(f.key);
    assert.ok(object, `${role} is in the bucket`);
    assert.equal(createHash('sha256').update(object.body).digest('hex'), f.sha256);
    assert.ok(!fs.existsSync(path.join(server.ctx.config.dataDir, 'media', f.key)), `${role} is not on local disk`);
  }
  assert.deepEqual(
    fs.readdirSync(path.join(server.ctx.config.dataDir, 'media', 'incoming')),
    [],
    'the received upload left the local folder',
  );
  const served = await staff.request('GET', `/api/media/${media.id}/files/w320`);
  assert.equal(served.status, 200);
  assert.equal(served.headers.get('content-type'), 'image/webp');

  const officer = await signedIn(server, org, 'compliance');
  assert.equal((await officer.post('/api/archive/erasures', { subjectId: org.userId('staff') })).status, 201);
  assert.equal(await purgeDestroyedFiles(server.ctx), new Set(Object.values(files).map((f) => f.key)).size);
  for (const f of Object.values(files)) assert.ok(!s3.objects.has(f.key), 'deleted from the bucket');
});

test('a bucket refusing the credentials: the upload is refused with 503, nothing is stored, nothing of keys is said', async () => {
  const wrong = await startTestServer({
    mediaS3: { endpoint: s3.url, bucket: 'hospital-media', region: 'us-east-1', credentials: { ...credentials, secretAccessKey: 'wrong' } },
  });
  try {
    const org = await createTestOrg(wrong.ctx);
    const staff = await signedIn(wrong, org, 'staff');
    const up = await staff.upload('/api/media?name=p.png', fixture('poster.png'), 'image/png');
    assert.equal(up.status, 503);
    assert.equal(up.json.error.id, 'media_storage_unavailable');
    assert.ok(!up.text.includes('hospital-media') && !up.text.includes(org.orgId), up.text);
    assert.equal(
      await wrong.ctx.db.selectFrom('media').select('id').where('org_id', '=', org.orgId).executeTakeFirst(),
      undefined,
      'nothing stored',
    );
  } finally {
    await wrong.close();
  }
});
