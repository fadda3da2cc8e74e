import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Client } from '../helpers/http.ts';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';
import { FIXTURES, waitChecked } from '../helpers/media.ts';

let server: TestServer;
let org: Awaited<ReturnType<typeof createTestOrg>>;
let patient: Client, patient2: Client, comms: Client;
let communityId: string;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-video-'));

/** A phone-style clip made with ffmpeg: a still of a picture for a few seconds, a tone, and the phone's location tags. */
function clip(picture: string, seconds: number, name: string): Buffer {
  const out = path.join(work, name);
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-loop',
    '1',
    '-i',
    path.join(FIXTURES, picture),
    '-f',
    'lavfi',
    '-i',
    `sine=d=${seconds}`,
    '-t',
    String(seconds),
    '-metadata',
    'location=+37.7749-122.4194/',
    '-metadata',
    'make=Apple',
    '-metadata',
    'model=iPhone 15',
    '-vf',
    'scale=trunc(iw/2)*2:trunc(ih/2)*2',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-shortest',
    out,
  ]);
  return fs.readFileSync(out);
}
const tagsOf = (file: Buffer) => {
  const f = path.join(work, `probe-${Math.random()}.mp4`);
  fs.writeFileSync(f, file);
  return execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format_tags:stream_tags', '-of', 'json', f]).toString();
};

before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  [patient, patient2, comms] = await Promise.all(['patient', 'patient2', 'communications'].map((r) => signedIn(server, org, r)));
  communityId = (await comms.post('/api/communities', { name: 'Rehab', slug: 'rehab', visibility: 'members' })).json.community.id;
  for (const c of [patient, patient2]) await c.post(`/api/communities/${communityId}/join`, { pseudonym: null });
});
after(async () => {
  await server.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const fileOf = async (c: Client, id: string, role: string) => {
  const r = await fetch(`${c.base}/api/media/${id}/files/${role}`, { headers: { cookie: c.cookieHeader } });
  return { status: r.status, type: r.headers.get('content-type'), bytes: Buffer.from(await r.arrayBuffer()) };
};

describe('video, re-encoded and read frame by frame', () => {
  test('the location and phone tags are gone; the identifiers in its frames are found, hidden in every frame, and then it can be shared', async () => {
    const up = await patient.upload('/api/media?name=discharge.mp4', clip('label-card.png', 3, 'label.mp4'), 'video/mp4');
    assert.equal(up.status, 202, up.text);
    const media = await waitChecked(patient, up.json.media.id, 120_000);
    assert.equal(media.status, 'ready', media.failure);
    assert.equal(media.kind, 'video');
    assert.ok(Math.abs(media.durationMs - 3000) < 300, `about three seconds (${media.durationMs})`);
    const clean = await fileOf(patient, media.id, 'clean');
    assert.equal(clean.type, 'video/mp4');
    assert.doesNotMatch(tagsOf(clean.bytes), /37\.7749|Apple|iPhone|location/i, 'no location, make or model');
    const check = await patient.get(`/api/media/${media.id}/check?destination=community`);
    const labels = check.json.findings.flatMap((f: { labels: string[] }) => f.labels);
    assert.ok(labels.includes('Medical record number'), JSON.stringify(labels));
    const post = () =>
      patient.post(`/api/communities/${communityId}/posts`, { title: 'Home', body: 'Out of the hospital today.', mediaIds: [media.id] });
    const refused = await post();
    assert.ok(refused.status >= 400 && refused.status < 500, refused.text);
    const hidden = await patient.post(`/api/media/${media.id}/hide-found`, { destination: 'community' });
    assert.equal(hidden.status, 200, hidden.text);
    assert.equal(hidden.json.decision.verdict, 'allow', JSON.stringify(hidden.json.decision));
    const shared = await fileOf(patient, media.id, 'shared');
    assert.equal(shared.type, 'video/mp4');
    assert.notDeepEqual(shared.bytes, clean.bytes, 'the hidden boxes are burnt into a new file');
    const posted = await post();
    assert.equal(posted.status, 201, posted.text);
    const seen = (await patient2.get(`/api/posts/${posted.json.post.id}`)).json.post.pictures;
    assert.deepEqual(
      seen.map((p: { kind: string }) => p.kind),
      ['video'],
    );
    assert.equal((await fileOf(patient2, media.id, 'shared')).status, 200, 'members play the shared video');
    assert.equal((await fileOf(patient2, media.id, 'clean')).status, 404, 'never the clean one');
    assert.equal((await fileOf(patient2, media.id, 'w1280')).type, 'image/webp', 'a poster');
  });

  test('a damaged video is refused with the reason; a server can switch video off', async () => {
    const whole = clip('poster.png', 2, 'poster.mp4');
    const cut = await patient.upload('/api/media?name=cut.mp4', whole.subarray(0, 600), 'video/mp4');
    assert.equal(cut.status, 422, cut.text);
    assert.equal(cut.json.error.id, 'media_damaged');
    const off = await startTestServer({ media: { ...server.ctx.config.media, video: 'off' } });
    try {
      const o = await createTestOrg(off.ctx);
      const p = await signedIn(off, o, 'patient');
      const r = await p.upload('/api/media?name=clip.mp4', whole, 'video/mp4');
      assert.equal(r.status, 415);
      assert.match(r.json.error.message, /Video is not accepted/);
    } finally {
      await off.close();
    }
  });
});
