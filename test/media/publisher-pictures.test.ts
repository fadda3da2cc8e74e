import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runPublishQueue } from '../../src/publisher/queue.ts';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';
import { fixture, uploadChecked } from '../helpers/media.ts';
import { startMastodon } from '../helpers/networks/mastodon.ts';
import { startX } from '../helpers/networks/x.ts';
import { startFacebook } from '../helpers/networks/facebook.ts';

let server: TestServer;
let mastodon: Awaited<ReturnType<typeof startMastodon>>;
let x: Awaited<ReturnType<typeof startX>>;
let facebook: Awaited<ReturnType<typeof startFacebook>>;
before(async () => {
  server = await startTestServer();
  [mastodon, x, facebook] = await Promise.all([startMastodon(), startX(), startFacebook()]);
});
after(async () => {
  await server.close();
  await Promise.all([mastodon.close(), x.close(), facebook.close()]);
});

test('a post with a picture goes to Mastodon and X (uploaded with its description) and the Sandbox; networks that cannot take it are named before anything is stored', async () => {
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
  const toFacebook = await comms.post('/api/publisher/posts', { body, channelIds: [toots, page], mediaIds: [poster.id] });
  assert.equal(toFacebook.status, 422);
  assert.match(toFacebook.json.error.message, /Pictures cannot be sent to Facebook/);

  const composed = await comms.post('/api/publisher/posts', { body, channelIds: [toots, tweets, sandbox], mediaIds: [poster.id] });
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
  const timeline = (await comms.get('/api/publisher/sandbox')).json;
  const onSandbox = timeline.posts.find((p: { body: string }) => p.body === body);
  assert.deepEqual(onSandbox.pictures, ['Poster: flu shots Saturday, main lobby, 9 to 1']);
});
