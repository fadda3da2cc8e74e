import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConnectorError, createConnector, type Connector, type OutgoingPicture } from '../../src/publisher/connectors/index.ts';
import { startInstagram } from '../helpers/networks/instagram.ts';
import { startYouTube } from '../helpers/networks/youtube.ts';
import { startFileServer } from '../helpers/networks/files.ts';
import sharp from 'sharp';
import { newTid } from '../../src/publisher/tid.ts';
import { startBluesky } from '../helpers/networks/bluesky.ts';
import { startGoogleReviews } from '../helpers/networks/google-reviews.ts';
import { startMastodon } from '../helpers/networks/mastodon.ts';
import { startX } from '../helpers/networks/x.ts';
import { startFacebook } from '../helpers/networks/facebook.ts';
import { startLinkedIn } from '../helpers/networks/linkedin.ts';
import { createOutboundFetch } from '../../src/outbound/index.ts';
import type { Fault } from '../helpers/networks/base.ts';

const loopbackFetch = createOutboundFetch({ allowHttp: true, allowedAddresses: ['127.0.0.0/8', '::1'] });

/** What the shared suite needs to know about each network and its loopback server. */
interface Spec {
  name: string;
  start(): Promise<any>;
  connect(server: any, wrong?: boolean): Connector;
  ownPosts(server: any): { text: string; replyTo: string | null }[];
  inbound(server: any, replyTo: string | null): Promise<void>;
  postPath: RegExp;
  /** What every post carries where the network needs a picture or a video. */
  media?: (server: any) => OutgoingPicture[];
  /** False where a post cannot be continued (no threads, no comments). */
  threads?: false;
}

const SPECS: Spec[] = [
  {
    name: 'Mastodon',
    start: () => startMastodon(),
    connect: (s, wrong) =>
      createConnector('mastodon', s.url, { accessToken: wrong ? 'nope' : s.state.token }, { timeoutMs: 400, fetch: loopbackFetch }),
    ownPosts: (s) => s.own().map((x: any) => ({ text: x.content.replace(/<[^>]+>/g, ''), replyTo: x.in_reply_to_id })),
    inbound: async (s, replyTo) =>
      void s.mention({ acct: 'pat@elsewhere.social', name: 'Pat' }, 'When does the flu clinic open?', { inReplyTo: replyTo ?? undefined }),
    postPath: /^POST \/api\/v1\/statuses$/,
  },
  {
    name: 'Bluesky',
    start: () => startBluesky(),
    connect: (s, wrong) =>
      createConnector(
        'bluesky',
        s.url,
        { identifier: s.state.handle, appPassword: wrong ? 'wrong-pass-word-xxxx' : s.state.appPassword },
        { timeoutMs: 400, fetch: loopbackFetch },
      ),
    ownPosts: (s) => s.own().map((x: any) => ({ text: x.value.text, replyTo: x.value.reply?.parent.uri ?? null })),
    inbound: async (s, replyTo) =>
      void (await s.mention({ handle: 'pat.bsky.social', name: 'Pat' }, 'When does the flu clinic open?', replyTo ?? undefined)),
    postPath: /^POST \/xrpc\/com\.atproto\.repo\.createRecord$/,
  },
  {
    name: 'Google Business Profile',
    start: () => startGoogleReviews(),
    connect: (s, wrong) =>
      createConnector(
        'google_reviews',
        s.url,
        { accessToken: wrong ? 'nope' : s.state.token, accountId: s.state.accountId, locationId: s.state.locationId },
        { timeoutMs: 400, fetch: loopbackFetch },
      ),
    ownPosts: (s) => [
      ...s.state.localPosts.map((p: any) => ({ text: p.summary, replyTo: null })),
      ...s.state.reviews.filter((r: any) => r.reviewReply).map((r: any) => ({ text: r.reviewReply.comment, replyTo: r.name })),
    ],
    inbound: async (s) => void s.review('Pat Doe', 2, 'Waited two hours at the front desk.'),
    postPath: /^POST \/v4\/.*\/localPosts$/,
    threads: false,
  },
  {
    name: 'X',
    start: () => startX(),
    connect: (s, wrong) =>
      createConnector('x', s.url, { accessToken: wrong ? 'nope' : s.state.token }, { timeoutMs: 400, fetch: loopbackFetch }),
    ownPosts: (s) => s.own().map((t: any) => ({ text: t.text, replyTo: t.referenced_tweets?.[0]?.id ?? null })),
    inbound: async (s, replyTo) => void s.mention({ username: 'pat', name: 'Pat' }, 'When does the flu clinic open?', replyTo ?? undefined),
    postPath: /^POST \/2\/tweets$/,
  },
  {
    name: 'Facebook Page',
    start: () => startFacebook(),
    connect: (s, wrong) =>
      createConnector(
        'facebook',
        s.url,
        { pageAccessToken: wrong ? 'nope' : s.state.token, pageId: s.state.page.id },
        { timeoutMs: 400, fetch: loopbackFetch },
      ),
    ownPosts: (s) => [
      ...s.own().map((p: any) => ({ text: p.message, replyTo: null })),
      ...s.ownComments().map((c: any) => ({ text: c.message, replyTo: c.parent?.id ?? null })),
    ],
    inbound: async (s, replyTo) => void s.comment({ id: '9001', name: 'Pat Doe' }, 'When does the flu clinic open?', replyTo!),
    postPath: /^POST \/v21\.0\/\d+\/feed$/,
  },
  {
    name: 'LinkedIn page',
    start: () => startLinkedIn(),
    connect: (s, wrong) =>
      createConnector(
        'linkedin',
        s.url,
        { accessToken: wrong ? 'nope' : s.state.token, organizationId: String(s.state.org.id) },
        { timeoutMs: 400, fetch: loopbackFetch },
      ),
    ownPosts: (s) => [
      ...s.own().map((p: any) => ({ text: p.commentary, replyTo: null })),
      ...s.ownComments().map((c: any) => ({ text: c.message.text, replyTo: c.parentComment ?? null })),
    ],
    inbound: async (s, replyTo) => void s.comment('AbC123', 'When does the flu clinic open?', replyTo!),
    postPath: /^POST \/rest\/posts$/,
  },
  {
    name: 'Instagram',
    start: async () => {
      const square = await sharp({ create: { width: 1080, height: 1080, channels: 3, background: '#2a6f97' } })
        .jpeg()
        .toBuffer();
      const files = await startFileServer({ '/square.jpg': { type: 'image/jpeg', data: square } });
      const ig = await startInstagram();
      return { ...ig, files, square, close: async () => (await ig.close(), await files.close()) };
    },
    connect: (s, wrong) =>
      createConnector(
        'instagram',
        s.url,
        { pageAccessToken: wrong ? 'nope' : s.state.token, igUserId: s.state.user.id },
        { timeoutMs: 400, fetch: loopbackFetch },
      ),
    ownPosts: (s) => [
      ...s.own().map((m: any) => ({ text: m.caption, replyTo: null })),
      ...s.ownComments().map((c: any) => ({ text: c.text, replyTo: c.parent_id })),
    ],
    inbound: async (s, replyTo) => void s.comment({ id: '9001', username: 'pat.doe' }, 'When does the flu clinic open?', replyTo!),
    postPath: /^POST \/v21\.0\/\d+\/media_publish$/,
    media: (s) => [
      {
        kind: 'picture',
        data: s.square,
        type: 'image/jpeg',
        altText: 'Flu clinic sign',
        width: 1080,
        height: 1080,
        link: `${s.files.url}/square.jpg`,
      },
    ],
  },
  {
    name: 'YouTube',
    start: () => startYouTube(),
    connect: (s, wrong) =>
      createConnector('youtube', s.url, { accessToken: wrong ? 'nope' : s.state.token }, { timeoutMs: 400, fetch: loopbackFetch }),
    ownPosts: (s) => [
      ...s.own().map((v: any) => ({ text: v.snippet.description, replyTo: null })),
      ...s.ownComments().map((c: any) => ({ text: c.text, replyTo: c.parentId ?? null })),
    ],
    inbound: async (s, replyTo) => void s.comment({ id: 'UC_pat', name: 'Pat Doe' }, 'When does the flu clinic open?', replyTo!),
    postPath: /^POST \/upload\/youtube\/v3\/videos$/,
    media: () => [{ kind: 'video', data: Buffer.alloc(300_000, 7), type: 'video/mp4', altText: '', width: 1280, height: 720, link: null }],
  },
];

const rejects = async (p: Promise<unknown>, kind: ConnectorError['kind']) => {
  await assert.rejects(p, (e: unknown) => e instanceof ConnectorError && e.kind === kind, `expected ${kind}`);
};

for (const spec of SPECS) {
  describe(`connector conformance: ${spec.name}`, () => {
    let server: any;
    let c: Connector;
    // Networks where every post carries a picture or a video get the spec's files with each post.
    const post = (text: string, key: string, isRetry = false) => c.post(text, key, isRetry, spec.media?.(server) ?? []);
    before(async () => {
      server = await spec.start();
      c = spec.connect(server);
    });
    after(() => server.close());

    test('verifies its credentials and names the account; wrong ones are refused as unauthorized', async () => {
      const me = await c.verify();
      assert.ok(me.accountId && me.handle);
      await rejects(spec.connect(server, true).verify(), 'unauthorized');
    });

    test('posts once per idempotency key, even when the first answer never arrived', async (t) => {
      const limits = await c.limits();
      if (!limits.canPost) {
        await rejects(post('hello', newTid()), 'unsupported');
        return t.skip('a review source cannot post');
      }
      const key = newTid();
      const first = await post('Flu shots this Saturday 9-12 at the main entrance.', key);
      const again = await post('Flu shots this Saturday 9-12 at the main entrance.', key, true);
      assert.equal(again.remoteId, first.remoteId);
      // the server does the work but answers after the client gave up; the retry must not post twice
      server.fail({ match: spec.postPath, delayMs: 800, afterWork: true });
      const key2 = newTid();
      // The connector either reports the timeout or, where it can look the key up, finds the post.
      const firstTry = await post('Clinic closed Monday for the holiday.', key2).catch((e: unknown) => {
        assert.ok(e instanceof ConnectorError && e.kind === 'unavailable', String(e));
        return null;
      });
      const retried = await post('Clinic closed Monday for the holiday.', key2, true);
      if (firstTry) assert.equal(retried.remoteId, firstTry.remoteId);
      const texts = spec.ownPosts(server).map((p) => p.text);
      assert.equal(texts.filter((x) => x.includes('Flu shots')).length, 1);
      assert.equal(texts.filter((x) => x.includes('Clinic closed Monday')).length, 1);
    });

    test('continues its own post (a thread, or comments where the network has no threads) once per key', async (t) => {
      const limits = await c.limits();
      if (!limits.canPost || spec.threads === false) {
        await rejects(c.continueThread({ remoteId: 'x', threadRef: null }, 'hello', newTid()), 'unsupported');
        return t.skip('posts there cannot be continued');
      }
      const root = await post('Thread drill: flu season in three parts.', newTid());
      const key = newTid();
      const second = await c.continueThread(
        { remoteId: root.remoteId, threadRef: root.threadRef ?? null },
        'Thread drill 2: where to get a shot.',
        key,
      );
      const again = await c.continueThread(
        { remoteId: root.remoteId, threadRef: root.threadRef ?? null },
        'Thread drill 2: where to get a shot.',
        key,
        true,
      );
      assert.equal(again.remoteId, second.remoteId, 'a retried part is not posted twice');
      const third = await c.continueThread(
        { remoteId: second.remoteId, threadRef: second.threadRef ?? null },
        'Thread drill 3: who should not wait.',
        newTid(),
      );
      const own = spec.ownPosts(server);
      const parts = ['Thread drill 2', 'Thread drill 3'].map((p) => own.filter((x) => x.text.includes(p)));
      assert.deepEqual(
        parts.map((p) => p.length),
        [1, 1],
      );
      // Where the network links parts, each continues the one before (threads) or the post (comments).
      if (parts[0][0].replyTo) assert.equal(parts[0][0].replyTo, root.remoteId);
      if (parts[1][0].replyTo) assert.ok([second.remoteId, root.remoteId].includes(parts[1][0].replyTo));
      assert.notEqual(third.remoteId, second.remoteId);
    });

    test("429 is rate_limited with the server's wait, 500 and timeouts are unavailable, invalid posts are rejected", async (t) => {
      const limits = await c.limits();
      if (!limits.canPost) return t.skip('a review source cannot post');
      server.fail({ match: spec.postPath, status: 429, retryAfterSeconds: 7 });
      await assert.rejects(
        post('x', newTid()),
        (e: any) =>
          e instanceof ConnectorError && e.kind === 'rate_limited' && e.retryable && (spec.name === 'Bluesky' || e.retryAfterMs === 7000),
      );
      server.fail({ match: spec.postPath, status: 503 });
      await rejects(post('x', newTid()), 'unavailable');
      server.fail({ match: spec.postPath, delayMs: 800 });
      await rejects(post('x', newTid()), 'unavailable');
      await rejects(post('a'.repeat(limits.maxLength + 1), newTid()), 'rejected');
    });

    test('broken answers (HTML, malformed JSON, a 200 with an error body, a redirect, no answer) fail the call with a readable reason', async () => {
      const limits = await c.limits();
      const call = () => (limits.canPost ? post('Broken answers drill', newTid()) : c.fetchInbox(null));
      const cases: { name: string; fault: Omit<Fault, 'match'>; kind: ConnectorError['kind'][] }[] = [
        {
          name: 'an HTML error page',
          fault: { raw: { body: '<html><body>Internal proxy 10.0.0.7 failed</body></html>', contentType: 'text/html' } },
          kind: ['unavailable'],
        },
        { name: 'malformed JSON', fault: { raw: { body: '{"id": "1", "text": ' } }, kind: ['unavailable'] },
        {
          name: 'a 200 with an error body',
          fault: { status: 200, body: { error: 'Something went wrong' } },
          kind: ['unavailable', 'rejected'],
        },
        {
          name: 'a 502 HTML page',
          fault: { status: 502, raw: { body: '<html>Bad gateway at 10.0.0.7</html>', contentType: 'text/html' } },
          kind: ['unavailable'],
        },
        {
          // Redirects are followed only where the outbound guard allows each hop: never to an internal address.
          name: 'a redirect to an internal address',
          fault: { status: 307, raw: { body: '', headers: { location: 'http://169.254.169.254/latest/meta-data/' } } },
          kind: ['rejected'],
        },
        { name: 'no answer at all', fault: { hangUp: true }, kind: ['unavailable'] },
      ];
      for (const { name, fault, kind } of cases) {
        server.faults.length = 0;
        server.fail({ match: /./, times: 20, ...fault });
        await assert.rejects(call(), (e: unknown) => {
          assert.ok(e instanceof ConnectorError, `${name}: a ConnectorError, not ${String(e)}`);
          assert.ok(kind.includes(e.kind), `${name}: ${e.kind}`);
          assert.match(e.forAuthor, /^[\w (),.:;'-]{8,300}$/, `${name}: a readable reason (${e.forAuthor})`);
          assert.doesNotMatch(e.forAuthor, /10\.0\.0\.7|<html|\{"/, `${name}: never the server's page`);
          return true;
        });
      }
      server.faults.length = 0;
    });

    test('reads, edits and deletes what it posted; a deleted post is gone', async (t) => {
      const limits = await c.limits();
      if (!limits.canEdit) return t.skip('not editable');
      const p = await post('Typo in this post', newTid());
      assert.equal((await c.read(p.remoteId)).text, 'Typo in this post');
      await c.edit(p.remoteId, 'No typo in this post');
      assert.ok(spec.ownPosts(server).some((x) => x.text === 'No typo in this post'));
      const edited = await c.read(p.remoteId);
      assert.ok(edited.edited || edited.text === 'No typo in this post', 'an edit shows when read back');
      await c.remove(p.remoteId);
      assert.ok(!spec.ownPosts(server).some((x) => x.text === 'No typo in this post'));
      await assert.rejects(c.read(p.remoteId), (e: unknown) => e instanceof ConnectorError && e.kind === 'gone');
    });

    test('fetches new inbound items once, and replies in thread', async () => {
      const limits = await c.limits();
      const mine = limits.canPost ? await post('Ask us anything about flu season.', newTid()) : null;
      const start = await c.fetchInbox(null);
      await spec.inbound(server, mine?.remoteId ?? null);
      const got = await c.fetchInbox(start.cursor);
      assert.equal(got.items.length, 1);
      const item = got.items[0];
      assert.ok(item.body.includes('flu clinic') || item.body.includes('two hours'));
      assert.ok(['reply', 'mention', 'review'].includes(item.kind));
      if (item.kind === 'review') assert.equal(item.rating, 2);
      else assert.equal(item.kind, 'reply');
      assert.equal((await c.fetchInbox(got.cursor)).items.length, 0, 'not fetched twice');
      const key = newTid();
      await c.reply(item, 'Thank you for telling us. Please call our patient line so we can help.', key);
      await c.reply(item, 'Thank you for telling us. Please call our patient line so we can help.', key);
      const replies = spec.ownPosts(server).filter((p) => p.text.includes('patient line'));
      assert.equal(replies.length, 1, 'one reply');
      assert.equal(replies[0].replyTo, item.remoteId);
    });

    test('reads engagement figures for its posts', async (t) => {
      const limits = await c.limits();
      if (!limits.hasMetrics) return t.skip('no metrics');
      const p = await post('Metrics please', newTid());
      const m = (await c.metrics([p.remoteId])).get(p.remoteId)!;
      assert.deepEqual({ likes: m.likes, reposts: m.reposts, replies: m.replies }, { likes: 0, reposts: 0, replies: 0 });
    });
  });
}

describe('Bluesky sessions', () => {
  test('expired access tokens are refreshed and the new session is handed back for sealing', async () => {
    const server = await startBluesky();
    try {
      const c = createConnector(
        'bluesky',
        server.url,
        { identifier: server.state.handle, appPassword: server.state.appPassword },
        { fetch: loopbackFetch },
      );
      await c.verify();
      const before = c.credentials().session;
      server.expireAccessTokens();
      await c.post('After refresh', newTid());
      assert.equal(server.state.refreshed, 1);
      assert.notEqual(c.credentials().session, before);
      // a new connector resumes from the stored session without signing in again
      const resumed = createConnector('bluesky', server.url, c.credentials(), { fetch: loopbackFetch });
      await resumed.verify();
      assert.equal(server.state.sessionsCreated, 1);
    } finally {
      await server.close();
    }
  });
});

describe('X tokens and limits', () => {
  test('an expired OAuth 2.0 token is refreshed once and the new pair handed back for sealing; a refused refresh is unauthorized', async () => {
    const server = await startX();
    try {
      const creds = { accessToken: server.state.token, refreshToken: server.state.refreshToken, clientId: server.state.clientId };
      const c = createConnector('x', server.url, creds, { fetch: loopbackFetch });
      await c.verify();
      server.expireToken();
      await c.post('After refresh', newTid());
      assert.equal(server.state.refreshed, 1);
      assert.equal(c.credentials().accessToken, server.state.token);
      assert.equal(c.credentials().refreshToken, server.state.refreshToken);
      // Sends in flight together on one connector share one refresh (X rotates the refresh token).
      server.expireToken();
      server.setLatency(30);
      await Promise.all([1, 2, 3, 4].map((i) => c.post(`Together ${i}`, newTid())));
      server.setLatency(0);
      assert.equal(server.state.refreshed, 2);
      assert.equal(server.own().filter((t: { text: string }) => t.text.startsWith('Together')).length, 4);
      server.expireToken();
      server.state.refreshToken = 'revoked';
      await rejects(c.verify(), 'unauthorized');
    } finally {
      await server.close();
    }
  });

  test('posts are counted as X counts them (links 23, wide characters 2), and a refused duplicate is not an access problem', async () => {
    const { xLength } = await import('../../src/publisher/connectors/x.ts');
    assert.equal(xLength('hello'), 5);
    assert.equal(xLength('see https://example.org/a/very/long/path/indeed'), 4 + 23);
    assert.equal(xLength('日本'), 4);
    const server = await startX();
    try {
      const c = createConnector('x', server.url, { accessToken: server.state.token }, { fetch: loopbackFetch });
      await rejects(c.post('x'.repeat(270) + ' https://example.org', newTid()), 'rejected');
      const first = await c.post('Same words twice', newTid());
      // A new key, same text: X refuses duplicates with 403; the connector finds its own post instead.
      assert.equal((await c.post('Same words twice', newTid())).remoteId, first.remoteId);
      await rejects(c.edit(first.remoteId, 'changed'), 'unsupported');
    } finally {
      await server.close();
    }
  });
});

describe('Facebook Pages specifics', () => {
  test('Messenger conversations come in as direct messages and are answered through the Send API', async () => {
    const server = await startFacebook();
    try {
      const c = createConnector(
        'facebook',
        server.url,
        { pageAccessToken: server.state.token, pageId: server.state.page.id },
        { fetch: loopbackFetch },
      );
      const start = await c.fetchInbox(null);
      server.message({ id: '7001', name: 'Casey' }, 'Is the pharmacy open on Sunday?');
      const got = await c.fetchInbox(start.cursor);
      assert.equal(got.items.length, 1);
      assert.equal(got.items[0].kind, 'dm');
      await c.reply(got.items[0], 'Yes, from 10 to 4.', newTid());
      assert.deepEqual(
        server.state.sent.map((m: any) => [m.recipient, m.text]),
        [['7001', 'Yes, from 10 to 4.']],
      );
      assert.equal((await c.fetchInbox(got.cursor)).items.length, 0);
    } finally {
      await server.close();
    }
  });

  test('Graph error codes decide, whatever the HTTP status: rate limits, revoked tokens, refused content, another Page', async () => {
    const server = await startFacebook();
    try {
      const c = createConnector(
        'facebook',
        server.url,
        { pageAccessToken: server.state.token, pageId: server.state.page.id },
        { fetch: loopbackFetch },
      );
      const graph = (code: number, subcode?: number) => ({ error: { message: 'x', type: 'OAuthException', code, error_subcode: subcode } });
      server.fail({ match: /feed$/, status: 400, body: graph(32) });
      await rejects(c.post('a', newTid()), 'rate_limited');
      server.fail({ match: /feed$/, status: 403, body: graph(368) });
      await rejects(c.post('b', newTid()), 'rejected');
      server.fail({ match: /feed$/, status: 400, body: graph(190) });
      await rejects(c.post('c', newTid()), 'unauthorized');
      server.fail({ match: /feed$/, status: 500, body: '<html>oops</html>' });
      await rejects(c.post('d', newTid()), 'unavailable');
      const other = createConnector(
        'facebook',
        server.url,
        { pageAccessToken: server.state.token, pageId: '999' },
        { fetch: loopbackFetch },
      );
      await rejects(other.verify(), 'unauthorized');
    } finally {
      await server.close();
    }
  });
});

describe('Google Business Profile tokens', () => {
  test('an access token past its hour is refreshed at the token endpoint and handed back for sealing; a revoked grant is unauthorized', async () => {
    const server = await startGoogleReviews();
    try {
      const creds = {
        accessToken: server.state.token,
        accountId: server.state.accountId,
        locationId: server.state.locationId,
        refreshToken: server.state.refreshToken,
        clientId: server.state.clientId,
        clientSecret: server.state.clientSecret,
        tokenUrl: `${server.url}/token`,
      };
      const c = createConnector('google_reviews', server.url, creds, { fetch: loopbackFetch });
      await c.verify();
      server.expireToken();
      server.review('Pat Doe', 4, 'Kind nurses.');
      assert.equal((await c.fetchInbox(null)).items.length, 1);
      assert.equal(server.state.refreshed, 1);
      assert.equal(c.credentials().accessToken, server.state.token, 'the new token is kept for sealing');
      // Without a refresh token an expired token is simply refused.
      server.expireToken();
      const bare = createConnector('google_reviews', server.url, { ...creds, refreshToken: '' }, { fetch: loopbackFetch });
      await rejects(bare.verify(), 'unauthorized');
      server.state.refreshToken = 'revoked';
      await rejects(c.verify(), 'unauthorized');
    } finally {
      await server.close();
    }
  });
});

describe('Instagram specifics', () => {
  test('pictures go as links Instagram fetches: one picture, a carousel with descriptions, a reel once processed; no deleting', async () => {
    const jpeg = (w: number, h: number) =>
      sharp({ create: { width: w, height: h, channels: 3, background: '#2a6f97' } })
        .jpeg()
        .toBuffer();
    const [a, b] = [await jpeg(1080, 1350), await jpeg(1080, 566)];
    const files = await startFileServer({
      '/a.jpg': { type: 'image/jpeg', data: a },
      '/b.jpg': { type: 'image/jpeg', data: b },
      '/clip.mp4': { type: 'video/mp4', data: Buffer.alloc(50_000, 1) },
      '/a.webp': { type: 'image/webp', data: a },
    });
    const server = await startInstagram();
    try {
      const c = createConnector(
        'instagram',
        server.url,
        { pageAccessToken: server.state.token, igUserId: server.state.user.id },
        { fetch: loopbackFetch },
      );
      const pic = (path: string, alt: string, w = 1080, h = 1350): OutgoingPicture => ({
        kind: 'picture',
        data: a,
        type: 'image/jpeg',
        altText: alt,
        width: w,
        height: h,
        link: `${files.url}${path}`,
      });
      await rejects(c.post('No picture', newTid()), 'rejected');
      await rejects(c.post('No link', newTid(), false, [{ ...pic('/a.jpg', 'x'), link: null }]), 'rejected');
      const carousel = await c.post('Our two new wards', newTid(), false, [
        pic('/a.jpg', 'The east ward'),
        pic('/b.jpg', 'The west ward', 1080, 566),
      ]);
      const posted = server.state.media.get(carousel.remoteId);
      assert.equal(posted.media_type, 'CAROUSEL_ALBUM');
      assert.deepEqual(
        posted.items.map((i: any) => i.altText),
        ['The east ward', 'The west ward'],
      );
      assert.equal(posted.caption, 'Our two new wards');
      assert.deepEqual(
        server.state.fetched.map((f) => [new URL(f.url).pathname, f.type]),
        [
          ['/a.jpg', 'image/jpeg'],
          ['/b.jpg', 'image/jpeg'],
        ],
      );
      // Instagram takes JPEG only: anything else is refused by the network, not published half-way.
      await rejects(c.post('Wrong kind', newTid(), false, [pic('/a.webp', 'x')]), 'rejected');
      const reel = await c.post('A minute in the lab', newTid(), false, [
        {
          kind: 'video',
          data: Buffer.alloc(50_000, 1),
          type: 'video/mp4',
          altText: '',
          width: 1080,
          height: 1920,
          link: `${files.url}/clip.mp4`,
        },
      ]);
      assert.equal(server.state.media.get(reel.remoteId).media_type, 'VIDEO');
      await rejects(c.remove(reel.remoteId), 'unsupported');
      await rejects(c.edit(reel.remoteId, 'changed'), 'unsupported');
      server.state.publishLimit = server.state.published24h;
      await rejects(c.post('Over the daily limit', newTid(), false, [pic('/a.jpg', 'x')]), 'rate_limited');
    } finally {
      await server.close();
      await files.close();
    }
  });
});

describe('YouTube specifics', () => {
  test('a video goes up in resumable chunks; a chunk cut off midway resumes from the byte YouTube has, and the bytes arrive whole', async () => {
    const server = await startYouTube();
    try {
      const c = createConnector(
        'youtube',
        server.url,
        {
          accessToken: server.state.token,
          refreshToken: server.state.refreshToken,
          clientId: server.state.clientId,
          clientSecret: server.state.clientSecret,
          tokenUrl: `${server.url}/token`,
        },
        { fetch: loopbackFetch },
      );
      const bytes = Buffer.alloc(9 * 1024 * 1024 + 123);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
      server.state.dropChunkAfter = 3 * 1024 * 1024;
      server.expireToken();
      const posted = await c.post('Inside the new cath lab\nA tour with Dr. Rivera.', newTid(), false, [
        { kind: 'video', data: bytes, type: 'video/mp4', altText: '', width: 1920, height: 1080, link: null },
      ]);
      assert.equal(server.state.refreshed, 1, 'an expired token is refreshed once');
      const video = server.state.videos.get(posted.remoteId);
      assert.ok(video.bytes.equals(bytes), 'every byte arrived once, in order');
      assert.equal(video.snippet.title, 'Inside the new cath lab');
      assert.equal(video.snippet.description, 'Inside the new cath lab\nA tour with Dr. Rivera.');
      assert.equal(posted.url, `https://www.youtube.com/watch?v=${posted.remoteId}`);
      const { titleAndDescription } = await import('../../src/publisher/connectors/youtube.ts');
      const long = titleAndDescription(`${'word '.repeat(40)}<b>`);
      assert.ok([...long.title].length <= 100 && long.title.endsWith('…') && !/[<>]/.test(long.description));
      await rejects(c.post('Pictures only', newTid(), false, []), 'rejected');
      server.fail({
        match: /upload/,
        status: 403,
        body: { error: { code: 403, message: 'quota', errors: [{ reason: 'quotaExceeded' }] } },
      });
      await rejects(
        c.post('Over quota', newTid(), false, [
          { kind: 'video', data: bytes.subarray(0, 1000), type: 'video/mp4', altText: '', width: 1, height: 1, link: null },
        ]),
        'rate_limited',
      );
    } finally {
      await server.close();
    }
  });
});

describe('Google Business Profile posts', () => {
  test('a local post carries a photo Google fetches from its link; edits patch the summary; threads are refused', async () => {
    const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#2a6f97' } })
      .jpeg()
      .toBuffer();
    const files = await startFileServer({ '/p.jpg': { type: 'image/jpeg', data: photo } });
    const server = await startGoogleReviews();
    try {
      const c = createConnector(
        'google_reviews',
        server.url,
        { accessToken: server.state.token, accountId: server.state.accountId, locationId: server.state.locationId },
        { fetch: loopbackFetch },
      );
      const p = await c.post('Flu shots at the front desk all week.', newTid(), false, [
        {
          kind: 'picture',
          data: photo,
          type: 'image/jpeg',
          altText: 'Flu shot sign',
          width: 1200,
          height: 900,
          link: `${files.url}/p.jpg`,
        },
      ]);
      assert.equal(server.state.localPosts[0].media.length, 1);
      assert.deepEqual(files.requests, ['/p.jpg']);
      await c.edit(p.remoteId, 'Flu shots at the front desk until Friday.');
      assert.deepEqual(await c.read(p.remoteId), { text: 'Flu shots at the front desk until Friday.', edited: true });
      await rejects(c.continueThread({ remoteId: p.remoteId, threadRef: null }, 'more', newTid()), 'unsupported');
      await rejects(c.read('accounts/9/locations/9/localPosts/1'), 'gone');
    } finally {
      await server.close();
      await files.close();
    }
  });
});
