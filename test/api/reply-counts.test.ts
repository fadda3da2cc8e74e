import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

// Every screen that shows a post shows how many replies it has: the post page, pinned posts, search and the
// news feed used to say "0 replies" above the replies themselves.
test('the reply count is the same wherever a post is shown', async () => {
  const org = await createTestOrg(server.ctx);
  const [comms, patient, clinician] = await Promise.all(['communications', 'patient', 'clinician'].map((r) => signedIn(server, org, r)));
  const community = (await comms.post('/api/communities', { name: 'Heart health', slug: 'heart', visibility: 'members' })).json.community
    .id;
  for (const c of [patient, clinician]) await c.post(`/api/communities/${community}/join`, { pseudonym: null });
  const post = (
    await comms.post(`/api/communities/${community}/posts`, {
      title: 'Walking club',
      body: 'Cardiac walking club every Tuesday',
      kind: 'announcement',
    })
  ).json.post.id;
  await patient.post(`/api/posts/${post}/comments`, { body: 'I will be there' });
  await clinician.post(`/api/posts/${post}/comments`, { body: 'Bring water' });
  assert.equal((await comms.put(`/api/posts/${post}/pin`, { pinned: true })).status, 200);

  const counts = {
    page: (await patient.get(`/api/posts/${post}`)).json.post.commentCount,
    list: (await patient.get(`/api/communities/${community}/posts`)).json.posts.find((p: { id: string }) => p.id === post)?.commentCount,
    pinned: (await patient.get(`/api/communities/${community}/posts`)).json.pinned.find((p: { id: string }) => p.id === post)?.commentCount,
    search: (await patient.get('/api/search?q=walking')).json.posts?.find((p: { id: string }) => p.id === post)?.commentCount,
    feed: (await patient.get('/api/feed')).json.posts?.find((p: { id: string }) => p.id === post)?.commentCount,
  };
  assert.deepEqual(counts, { page: 2, list: 2, pinned: 2, search: 2, feed: 2 });
});
