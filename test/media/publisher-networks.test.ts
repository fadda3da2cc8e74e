import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { mediaLink } from '../../src/media/links.ts';
import { runPublishQueue } from '../../src/publisher/queue.ts';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';
import type { Client } from '../helpers/http.ts';
import { FIXTURES, uploadChecked } from '../helpers/media.ts';
import { startGoogleReviews } from '../helpers/networks/google-reviews.ts';
import { startInstagram } from '../helpers/networks/instagram.ts';
import { startYouTube } from '../helpers/networks/youtube.ts';

let server: TestServer;
let ig: Awaited<ReturnType<typeof startInstagram>>;
let yt: Awaited<ReturnType<typeof startYouTube>>;
let gbp: Awaited<ReturnType<typeof startGoogleReviews>>;
let admin: Client, comms: Client, compliance: Client, patient: Client;
const channels: Record<string, string> = {};
before(async () => {
  server = await startTestServer();
  // Networks that fetch pictures need the address the server is reached at.
  server.ctx.config.publicUrl = server.url;
  [ig, yt, gbp] = await Promise.all([startInstagram(), startYouTube(), startGoogleReviews()]);
  const org = await createTestOrg(server.ctx);
  [admin, comms, compliance, patient] = await Promise.all(
    ['admin', 'communications', 'compliance', 'patient'].map((r) => signedIn(server, org, r)),
  );
  const connect = async (name: string, body: Record<string, unknown>) => {
    const r = await admin.post('/api/publisher/channels', { name, ...body });
    assert.equal(r.status, 201, r.text);
    channels[name] = r.json.channel.id;
  };
  await connect('Harbor on Instagram', {
    network: 'instagram',
    baseUrl: ig.url,
    credentials: { pageAccessToken: ig.state.token, igUserId: ig.state.user.id },
  });
  await connect('Harbor on YouTube', {
    network: 'youtube',
    baseUrl: yt.url,
    credentials: { accessToken: yt.state.token },
  });
  await connect('Harbor on Google', {
    network: 'google_reviews',
    baseUrl: gbp.url,
    credentials: { accessToken: gbp.state.token, accountId: gbp.state.accountId, locationId: gbp.state.locationId },
  });
});
after(async () => {
  await server.close();
  await Promise.all([ig.close(), yt.close(), gbp.close()]);
});

const picture = async (width: number, height: number, alt: string) => {
  const png = await sharp({ create: { width, height, channels: 3, background: '#2a6f97' } })
    .png()
    .toBuffer();
  const m = await uploadChecked(comms, png, 'picture.png');
  assert.equal((await comms.patch(`/api/media/${m.id}`, { altText: alt })).status, 200);
  return m.id as string;
};
const publish = async (body: Record<string, unknown>) => {
  const composed = await comms.post('/api/publisher/posts', body);
  assert.equal(composed.status, 201, composed.text);
  const decided = await compliance.post(`/api/publisher/posts/${composed.json.post.id}/decision`, { decision: 'approve' });
  assert.equal(decided.status, 200, decided.text);
  while (await runPublishQueue(server.ctx));
  const targets = await server.ctx.db
    .selectFrom('publisher_targets')
    .select(['status', 'last_error', 'channel_id'])
    .where('post_id', '=', composed.json.post.id)
    .execute();
  return { id: composed.json.post.id as string, targets };
};

test('Instagram and Google fetch the shared copy from a signed link (JPEG, no metadata); each network’s rules are checked before approval', async () => {
  const photo = await picture(1200, 900, 'The new lobby, seen from the entrance');
  const { targets } = await publish({
    body: 'Our new lobby opens Monday.',
    channelIds: [channels['Harbor on Instagram'], channels['Harbor on Google']],
    mediaIds: [photo],
  });
  assert.deepEqual(
    targets.map((t) => t.status),
    ['published', 'published'],
    JSON.stringify(targets),
  );
  const onInstagram = ig.own().find((m: any) => m.caption === 'Our new lobby opens Monday.');
  assert.equal(onInstagram.items[0].altText, 'The new lobby, seen from the entrance');
  const fetched = ig.state.fetched.at(-1)!;
  assert.equal(fetched.status, 200);
  assert.equal(fetched.type, 'image/jpeg');
  assert.match(fetched.url, new RegExp(`^${server.url}/api/media/links/${photo}\\.\\d+\\.[\\w-]{43}\\.jpg$`));
  const served = Buffer.from(await (await fetch(fetched.url)).arrayBuffer());
  const meta = await sharp(served).metadata();
  assert.equal(meta.format, 'jpeg');
  assert.ok(!meta.exif && !meta.xmp && !meta.iptc, 'nothing but pixels');
  assert.equal(gbp.state.localPosts.at(-1).summary, 'Our new lobby opens Monday.');
  assert.equal(gbp.state.fetched.at(-1)?.status, 200);

  // A link opens nothing once changed, once expired, or for a picture that is not in a post for the networks.
  const tampered = fetched.url.replace(
    /\.([\w-])([\w-]{42})\.jpg$/,
    (_m, a: string, rest: string) => `.${a === 'A' ? 'B' : 'A'}${rest}.jpg`,
  );
  assert.equal((await fetch(tampered)).status, 404);
  const expired = mediaLink(server.ctx.secrets, server.url, photo, 'jpg', Date.now() - 25 * 3600_000);
  assert.equal((await fetch(expired)).status, 404);
  const own = await uploadChecked(
    patient,
    await sharp({ create: { width: 200, height: 200, channels: 3, background: '#777' } })
      .png()
      .toBuffer(),
  );
  assert.equal((await fetch(mediaLink(server.ctx.secrets, server.url, own.id, 'jpg'))).status, 404, 'only pictures of public posts');

  const refusal = async (body: Record<string, unknown>, pattern: RegExp, status = 422) => {
    const r = await comms.post('/api/publisher/posts', body);
    assert.equal(r.status, status, r.text);
    assert.match(r.json.error.message, pattern);
  };
  const panorama = await picture(3000, 1000, 'The bay from the roof');
  await refusal(
    { body: 'The view', channelIds: [channels['Harbor on Instagram']], mediaIds: [panorama] },
    /"Harbor on Instagram" takes pictures between 4:5 \(portrait\) and 1\.91:1 \(landscape\); picture 1 is 3000×1000/,
  );
  await refusal({ body: 'Words only', channelIds: [channels['Harbor on Instagram']] }, /takes posts with a picture or a video/);
  const tags = Array.from({ length: 31 }, (_, i) => `#flu${i}`).join(' ');
  await refusal(
    { body: `Flu season ${tags}`, channelIds: [channels['Harbor on Instagram']], mediaIds: [await picture(1080, 1080, 'A flu shot')] },
    /at most 30 hashtags in a caption; this one has 31/,
  );
  // YouTube counts a description's bytes: 2,600 accented letters are 5,200.
  await refusal(
    { body: 'é'.repeat(2600), channelIds: [channels['Harbor on YouTube']] },
    /takes at most 5000 characters; this post has 5200/,
  );
  await refusal(
    { body: 'No video', channelIds: [channels['Harbor on YouTube']], mediaIds: [panorama] },
    /YouTube channel: a post there is one video/,
  );
  await refusal(
    { body: 'Part one', followUps: ['Part two'], channelIds: [channels['Harbor on Google']] },
    /"Harbor on Google" cannot continue a post/,
    400,
  );
  server.ctx.config.publicUrl = undefined;
  try {
    await refusal(
      { body: 'The lobby', channelIds: [channels['Harbor on Google']], mediaIds: [await picture(800, 600, 'The lobby')] },
      /fetches pictures from this server's public address, which is not set \(PUBLIC_URL\)/,
    );
  } finally {
    server.ctx.config.publicUrl = server.url;
  }
});

test('a video goes to YouTube (resumable upload of the shared copy) and to Instagram as a reel', async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-yt-'));
  try {
    const file = path.join(work, 'tour.mp4');
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-loop',
      '1',
      '-i',
      path.join(FIXTURES, 'poster.png'),
      '-t',
      '2',
      '-vf',
      'scale=720:1280',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      file,
    ]);
    const video = await uploadChecked(comms, fs.readFileSync(file), 'tour.mp4');
    assert.equal(video.kind, 'video', video.failure);
    assert.equal((await comms.patch(`/api/media/${video.id}`, { altText: 'A poster about flu shots' })).status, 200);
    const { targets } = await publish({
      body: 'Flu shots: where and when\nEverything about this year’s clinics.',
      channelIds: [channels['Harbor on YouTube'], channels['Harbor on Instagram']],
      mediaIds: [video.id],
    });
    assert.deepEqual(
      targets.map((t) => t.status),
      ['published', 'published'],
      JSON.stringify(targets),
    );
    const onYouTube = yt.own().at(-1);
    assert.equal(onYouTube.snippet.title, 'Flu shots: where and when');
    const shared = (await server.ctx.db.selectFrom('media').select('files').where('id', '=', video.id).executeTakeFirstOrThrow()).files as {
      shared: { sha256: string };
    };
    const { createHash } = await import('node:crypto');
    assert.equal(createHash('sha256').update(onYouTube.bytes).digest('hex'), shared.shared.sha256, 'YouTube got the shared copy');
    assert.equal(ig.own().at(-1).media_type, 'VIDEO');
    assert.equal(ig.state.fetched.at(-1)?.type, 'video/mp4');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
