import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runPublishQueue } from '../../src/publisher/queue.ts';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';
import { fixture, uploadChecked } from '../helpers/media.ts';
import { startMastodon } from '../helpers/networks/mastodon.ts';
import { startX } from '../helpers/networks/x.ts';
import { startFacebook } from '../helpers/networks/facebook.ts';
import { startLinkedIn } from '../helpers/networks/linkedin.ts';

let server: TestServer;
let mastodon: Awaited<ReturnType<typeof startMastodon>>;
let x: Awaited<ReturnType<typeof startX>>;
let facebook: Awaited<ReturnType<typeof startFacebook>>;
let linkedIn: Awaited<ReturnType<typeof startLinkedIn>>;
before(async () => {
  server = await startTestServer();
  [mastodon, x, facebook, linkedIn] = await Promise.all([startMastodon(), startX(), startFacebook(), startLinkedIn()]);
});
after(async () => {
  await server.close();
  await Promise.all([mastodon.close(), x.close(), facebook.close(), linkedIn.close()]);
});

test('a post with a picture goes to Mastodon, X, Facebook, LinkedIn (each uploaded with its description) and the Sandbox', async () => {
  const org = await createTestOrg(server.ctx);
  const [admin, comms, compliance, patient] = await Promise.all(
    ['admin', 'communications', 'compliance', 'patient'].map((r) => signedIn(server, org, r)),
  );
  const channel = async (body: Record<string, unknown>) => {
    const r = await admin.post('/api/publisher/channels', body);
    assert.equal(r.status, 201, r.text);
    return r.json.channel.id as string;
  };
  const toots = await channel({
    network: 'mastodon',
    name: 'Harbor on Mastodon',
    baseUrl: mastodon.url,
    credentials: { accessToken: mastodon.state.token },
  });
  const sandbox = await channel({ network: 'sandbox', name: 'Harbor Sandbox' });
  const tweets = await channel({ network: 'x', name: 'Harbor on X', baseUrl: x.url, credentials: { accessToken: x.state.token } });
  const page = await channel({
    network: 'facebook',
    name: 'Harbor on Facebook',
    baseUrl: facebook.url,
    credentials: { pageAccessToken: facebook.state.token, pageId: facebook.state.page.id },
  });

  const poster = await uploadChecked(comms, fixture('poster.png'), 'flu-poster.png');
  const body = 'Flu shots this Saturday in the main lobby.';
  const undescribed = await comms.post('/api/publisher/posts', { body, channelIds: [toots], mediaIds: [poster.id] });
  assert.equal(undescribed.status, 400);
  assert.match(undescribed.json.error.message, /alt text/);
  await comms.patch(`/api/media/${poster.id}`, { altText: 'Poster: flu shots Saturday, main lobby, 9 to 1' });
  const linkedin = await channel({
    network: 'linkedin',
    name: 'Harbor on LinkedIn',
    baseUrl: linkedIn.url,
    credentials: { accessToken: linkedIn.state.token, organizationId: String(linkedIn.state.org.id) },
  });
  const tooMany = await comms.post('/api/publisher/posts', {
    body,
    channelIds: [toots],
    mediaIds: [poster.id, crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()],
  });
  assert.equal(tooMany.status, 400, 'at most four pictures');

  const composed = await comms.post('/api/publisher/posts', {
    body,
    channelIds: [toots, tweets, page, linkedin, sandbox],
    mediaIds: [poster.id],
  });
  assert.equal(composed.status, 201, composed.text);
  const listed = (await compliance.get('/api/publisher/posts')).json.posts.find((p: { id: string }) => p.id === composed.json.post.id);
  assert.deepEqual(
    listed.pictures.map((p: { id: string }) => p.id),
    [poster.id],
    'approvers see the picture',
  );
  assert.equal((await compliance.request('GET', `/api/media/${poster.id}/files/w320`)).status, 200);
  assert.equal((await patient.request('GET', `/api/media/${poster.id}/files/w320`)).status, 404, 'not before it is public');
  assert.equal((await compliance.post(`/api/publisher/posts/${composed.json.post.id}/decision`, { decision: 'approve' })).status, 200);
  while (await runPublishQueue(server.ctx));

  const status = [...mastodon.state.statuses.values()].find((s) => s.content.includes('Flu shots'));
  const targets = await server.ctx.db
    .selectFrom('publisher_targets')
    .select(['status', 'last_error'])
    .where('post_id', '=', composed.json.post.id)
    .execute();
  assert.ok(status, `the status is on Mastodon: ${JSON.stringify(targets)}`);
  assert.equal(status.media_attachments.length, 1);
  assert.equal(status.media_attachments[0].description, 'Poster: flu shots Saturday, main lobby, 9 to 1');
  const uploaded = mastodon.state.media.get(status.media_attachments[0].id)!;
  assert.equal(uploaded.type, 'image/webp');
  assert.ok(uploaded.size > 1000);
  const onX = [...x.state.tweets.values()].find((t) => t.text.startsWith('Flu shots'));
  assert.ok(onX?.attachments, 'the post is on X with its picture');
  const xMedia = x.state.media.get(onX.attachments.media_keys[0].slice(2))!;
  assert.equal(xMedia.altText, 'Poster: flu shots Saturday, main lobby, 9 to 1');
  assert.equal(xMedia.category, 'tweet_image');
  const onFacebook = [...facebook.state.posts.values()].find((p) => p.message.startsWith('Flu shots'));
  assert.equal(onFacebook?.attachments.length, 1, 'the Page post carries the photo');
  assert.equal(facebook.state.photos.get(onFacebook.attachments[0])?.altText, 'Poster: flu shots Saturday, main lobby, 9 to 1');
  const onLinkedIn = [...linkedIn.state.posts.values()].find((p) => p.commentary.startsWith('Flu shots'));
  assert.equal(onLinkedIn?.images[0]?.altText, 'Poster: flu shots Saturday, main lobby, 9 to 1', JSON.stringify(targets));
  assert.ok(linkedIn.state.images.get(onLinkedIn.images[0].id)?.uploaded?.size, 'the image bytes were uploaded first');
  const timeline = (await comms.get('/api/publisher/sandbox')).json;
  const onSandbox = timeline.posts.find((p: { body: string }) => p.body === body);
  assert.deepEqual(onSandbox.pictures, ['Poster: flu shots Saturday, main lobby, 9 to 1']);
});
