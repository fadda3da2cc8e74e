import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkAllChannels } from '../../src/publisher/channels.ts';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';
import type { Client } from '../helpers/http.ts';
import { startX } from '../helpers/networks/x.ts';
import { startFacebook } from '../helpers/networks/facebook.ts';
import { startInstagram } from '../helpers/networks/instagram.ts';
import { startYouTube } from '../helpers/networks/youtube.ts';
import { signInAtProvider, startOAuthProvider } from '../helpers/oauth-provider.ts';

/**
 * "Connect with one button", end to end: Harborline's app at a real OAuth 2.0 authorization server on
 * loopback (oidc-provider standing in for X's), the admin signing in and consenting there, the code
 * exchanged with PKCE, and the issued token used against a loopback X API that asks the same server.
 */
let server: TestServer;
let x: Awaited<ReturnType<typeof startX>>;
let auth: Awaited<ReturnType<typeof startOAuthProvider>>;
let admin: Client;

before(async () => {
  server = await startTestServer();
  const redirectUri = `${server.url}/api/publisher/oauth/callback`;
  auth = await startOAuthProvider({
    clientId: 'harborline-x',
    clientSecret: 'x-app-secret',
    redirectUri,
    scopes: ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'],
  });
  x = await startX({ accepts: (t) => auth.accepts(t) });
  server.ctx.config.oauth.x = {
    clientId: 'harborline-x',
    clientSecret: 'x-app-secret',
    authorizeUrl: auth.authorizeUrl,
    tokenUrl: auth.tokenUrl,
    revokeUrl: auth.revokeUrl,
    apiUrl: x.url,
  };
  admin = await signedIn(server, await createTestOrg(server.ctx), 'admin');
});
after(async () => {
  await Promise.all([x?.close(), auth?.close()]);
  await server?.close();
});

async function start(name: string) {
  const r = await admin.post('/api/publisher/oauth/x/start', { name });
  assert.equal(r.status, 200, r.text);
  return r.json as { authorizeUrl: string; scopes: string[] };
}

describe('connecting X by signing in there (OAuth 2.0 + PKCE against oidc-provider)', () => {
  test('the server lists what it can connect and the permissions asked; the sign-in address carries a state and a PKCE challenge', async () => {
    const list = (await admin.get('/api/publisher/oauth')).json.networks;
    assert.deepEqual(
      list.map((n: any) => n.network),
      ['x'],
    );
    assert.deepEqual(list[0].scopes, ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access']);
    const { authorizeUrl } = await start('Harbor on X');
    const u = new URL(authorizeUrl);
    assert.equal(u.origin + u.pathname, auth.authorizeUrl);
    assert.equal(u.searchParams.get('code_challenge_method'), 'S256');
    assert.ok((u.searchParams.get('state') ?? '').length >= 40);
    assert.equal(u.searchParams.get('nonce'), null, 'X signs in with OAuth 2.0, not OpenID Connect: no nonce');
    assert.equal(u.searchParams.get('redirect_uri'), `${server.url}/api/publisher/oauth/callback`);
  });

  test('signing in and consenting connects the channel; its token works, is refreshed when it expires, and is never shown', async () => {
    const { authorizeUrl } = await start('Harbor on X');
    const back = await signInAtProvider(authorizeUrl, server.url);
    assert.match(back, /\/api\/publisher\/oauth\/callback\?code=/);
    const done = await admin.getNoFollow(back.slice(server.url.length));
    assert.equal(done.status, 302);
    assert.equal(done.headers.get('location'), `/publisher/channels?connected=${encodeURIComponent('Harbor on X')}`);
    const channels = (await admin.get('/api/publisher/channels')).json.channels;
    const channel = channels.find((c: any) => c.network === 'x');
    assert.equal(channel.status, 'active');
    assert.equal(channel.handle, 'harborhealth');
    const stored = await server.ctx.db
      .selectFrom('channels')
      .select(['id', 'credentials'])
      .where('id', '=', channel.id)
      .executeTakeFirstOrThrow();
    const creds = JSON.parse(server.ctx.secrets.open(stored.credentials, stored.id));
    assert.ok(creds.accessToken && creds.refreshToken, 'an access and a refresh token, sealed');
    assert.ok(!JSON.stringify(channels).includes(creds.accessToken));
    // The state is single use.
    assert.match(
      decodeURIComponent((await admin.getNoFollow(back.slice(server.url.length))).headers.get('location') ?? ''),
      /expired or was already used/,
    );

    // The access token expires: the health check refreshes it at the authorization server and keeps working.
    await auth.expireAccessToken(creds.accessToken);
    assert.equal(await checkAllChannels(server.ctx), 0, 'no problem after a refresh');
    const after1 = JSON.parse(
      server.ctx.secrets.open(
        (await server.ctx.db.selectFrom('channels').select('credentials').where('id', '=', channel.id).executeTakeFirstOrThrow())
          .credentials,
        channel.id,
      ),
    );
    assert.notEqual(after1.accessToken, creds.accessToken, 'a new access token, sealed again');

    // The grant is revoked at the network: the next refresh is refused and the channel says so.
    await auth.revokeGrantOf(after1.refreshToken);
    await auth.expireAccessToken(after1.accessToken);
    assert.equal(await checkAllChannels(server.ctx), 1);
    const revoked = (await admin.get('/api/publisher/channels')).json.channels.find((c: any) => c.id === channel.id);
    assert.equal(revoked.status, 'revoked');
  });

  test('declining at the network connects nothing and says so; a forged or foreign state is refused', async () => {
    const before = (await admin.get('/api/publisher/channels')).json.channels.length;
    const { authorizeUrl } = await start('Declined X');
    const back = await signInAtProvider(authorizeUrl, server.url, { decline: true });
    assert.match(back, /error=access_denied/);
    const done = await admin.getNoFollow(back.slice(server.url.length));
    assert.match(decodeURIComponent(done.headers.get('location') ?? ''), /oauth_error=X did not grant access \(the sign-in was declined\)/);
    assert.equal((await admin.get('/api/publisher/channels')).json.channels.length, before);
    const forged = await admin.getNoFollow('/api/publisher/oauth/callback?state=forged&code=abc');
    assert.match(decodeURIComponent(forged.headers.get('location') ?? ''), /expired or was already used/);
    // Someone else's sign-in cannot be completed by another user.
    const { authorizeUrl: other } = await start('Not yours');
    const otherBack = await signInAtProvider(other, server.url);
    const comms = await signedIn(server, await createTestOrg(server.ctx), 'admin');
    assert.match(
      decodeURIComponent((await comms.getNoFollow(otherBack.slice(server.url.length))).headers.get('location') ?? ''),
      /started by someone else/,
    );
  });

  test('disconnecting revokes the tokens at the network and erases them here', async () => {
    const { authorizeUrl } = await start('Short-lived X');
    await admin.getNoFollow((await signInAtProvider(authorizeUrl, server.url)).slice(server.url.length));
    const channel = (await admin.get('/api/publisher/channels')).json.channels.find((c: any) => c.name === 'Short-lived X');
    const stored = await server.ctx.db.selectFrom('channels').select('credentials').where('id', '=', channel.id).executeTakeFirstOrThrow();
    const creds = JSON.parse(server.ctx.secrets.open(stored.credentials, channel.id));
    assert.equal(await auth.accepts(creds.accessToken), true);
    assert.equal((await admin.request('DELETE', `/api/publisher/channels/${channel.id}`)).status, 200);
    assert.equal(await auth.accepts(creds.accessToken), false, 'revoked at the authorization server');
    const erased = await server.ctx.db
      .selectFrom('channels')
      .select(['credentials', 'status'])
      .where('id', '=', channel.id)
      .executeTakeFirstOrThrow();
    assert.equal(server.ctx.secrets.open(erased.credentials, channel.id), '{}');
    assert.equal(erased.status, 'revoked');
  });

  test('a network without an app configured says which settings it needs', async () => {
    const r = await admin.post('/api/publisher/oauth/linkedin/start', { name: 'Harbor on LinkedIn', fields: { organizationId: '1' } });
    assert.equal(r.status, 422);
    assert.match(r.json.error.message, /OAUTH_LINKEDIN_CLIENT_ID and OAUTH_LINKEDIN_CLIENT_SECRET/);
  });
});

describe('connecting a Facebook Page by signing in (the user token is exchanged for the Page token)', () => {
  let fbAuth: Awaited<ReturnType<typeof startOAuthProvider>>;
  let facebook: Awaited<ReturnType<typeof startFacebook>>;
  before(async () => {
    fbAuth = await startOAuthProvider({
      clientId: 'harborline-facebook',
      clientSecret: 'fb-app-secret',
      redirectUri: `${server.url}/api/publisher/oauth/callback`,
      scopes: [
        'pages_show_list',
        'pages_read_engagement',
        'pages_manage_posts',
        'pages_manage_engagement',
        'pages_messaging',
        'read_insights',
      ],
      tokenAuth: 'client_secret_post',
    });
    facebook = await startFacebook({ accepts: (t) => fbAuth.accepts(t) });
    server.ctx.config.oauth.facebook = {
      clientId: 'harborline-facebook',
      clientSecret: 'fb-app-secret',
      authorizeUrl: fbAuth.authorizeUrl,
      tokenUrl: fbAuth.tokenUrl,
      apiUrl: facebook.url,
    };
  });
  after(async () => {
    await Promise.all([facebook?.close(), fbAuth?.close()]);
  });

  test('the Page is connected with its own token (the user token is not kept) and posts work', async () => {
    const start = await admin.post('/api/publisher/oauth/facebook/start', {
      name: 'Harbor on Facebook',
      fields: { pageId: facebook.state.page.id },
    });
    assert.equal(start.status, 200, start.text);
    assert.ok(start.json.scopes.includes('pages_manage_posts'));
    const done = await admin.getNoFollow((await signInAtProvider(start.json.authorizeUrl, server.url)).slice(server.url.length));
    assert.equal(done.headers.get('location'), `/publisher/channels?connected=${encodeURIComponent('Harbor on Facebook')}`);
    const channel = (await admin.get('/api/publisher/channels')).json.channels.find((c: any) => c.network === 'facebook');
    assert.equal(channel.status, 'active');
    const stored = await server.ctx.db.selectFrom('channels').select('credentials').where('id', '=', channel.id).executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(server.ctx.secrets.open(stored.credentials, channel.id)), {
      pageAccessToken: facebook.state.token,
      pageId: facebook.state.page.id,
    });
  });

  test('an account that does not manage the Page connects nothing and is told why', async () => {
    const before = (await admin.get('/api/publisher/channels')).json.channels.length;
    const start = await admin.post('/api/publisher/oauth/facebook/start', { name: 'Not our Page', fields: { pageId: '999999' } });
    const done = await admin.getNoFollow((await signInAtProvider(start.json.authorizeUrl, server.url)).slice(server.url.length));
    assert.match(decodeURIComponent(done.headers.get('location') ?? ''), /does not manage this Page/);
    assert.equal((await admin.get('/api/publisher/channels')).json.channels.length, before);
    const missing = await admin.post('/api/publisher/oauth/facebook/start', { name: 'No page', fields: {} });
    assert.equal(missing.status, 400);
    assert.match(missing.json.error.message, /page id/i);
  });
});

describe('connecting Instagram (through the Facebook Page it is linked to) and YouTube by signing in', () => {
  let metaAuth: Awaited<ReturnType<typeof startOAuthProvider>>;
  let googleAuth: Awaited<ReturnType<typeof startOAuthProvider>>;
  let instagram: Awaited<ReturnType<typeof startInstagram>>;
  let youtube: Awaited<ReturnType<typeof startYouTube>>;
  const redirectUri = () => `${server.url}/api/publisher/oauth/callback`;
  before(async () => {
    metaAuth = await startOAuthProvider({
      clientId: 'harborline-meta',
      clientSecret: 'meta-app-secret',
      redirectUri: redirectUri(),
      scopes: [
        'instagram_basic',
        'instagram_content_publish',
        'instagram_manage_comments',
        'instagram_manage_insights',
        'pages_show_list',
        'pages_read_engagement',
      ],
      tokenAuth: 'client_secret_post',
    });
    googleAuth = await startOAuthProvider({
      clientId: 'harborline-google',
      clientSecret: 'google-app-secret',
      redirectUri: redirectUri(),
      scopes: ['https://www.googleapis.com/auth/youtube.upload', 'https://www.googleapis.com/auth/youtube.force-ssl'],
      tokenAuth: 'client_secret_post',
    });
    instagram = await startInstagram({ accepts: (t) => metaAuth.accepts(t) });
    youtube = await startYouTube({ accepts: (t) => googleAuth.accepts(t) });
    server.ctx.config.oauth.instagram = {
      clientId: 'harborline-meta',
      clientSecret: 'meta-app-secret',
      authorizeUrl: metaAuth.authorizeUrl,
      tokenUrl: metaAuth.tokenUrl,
      apiUrl: instagram.url,
    };
    server.ctx.config.oauth.youtube = {
      clientId: 'harborline-google',
      clientSecret: 'google-app-secret',
      authorizeUrl: googleAuth.authorizeUrl,
      tokenUrl: googleAuth.tokenUrl,
      revokeUrl: googleAuth.revokeUrl,
      apiUrl: youtube.url,
    };
  });
  after(async () => {
    await Promise.all([instagram?.close(), youtube?.close(), metaAuth?.close(), googleAuth?.close()]);
  });
  const connect = async (network: string, name: string, fields: Record<string, string>) => {
    const start = await admin.post(`/api/publisher/oauth/${network}/start`, { name, fields });
    assert.equal(start.status, 200, start.text);
    return admin.getNoFollow((await signInAtProvider(start.json.authorizeUrl, server.url)).slice(server.url.length));
  };

  test("Instagram is connected with the Page's token and the linked account's id; a Page with no Instagram account says so", async () => {
    instagram.state.linked = false;
    const refused = await connect('instagram', 'No Instagram here', { pageId: instagram.state.pageId });
    assert.match(decodeURIComponent(refused.headers.get('location') ?? ''), /no Instagram professional account linked/);
    instagram.state.linked = true;
    const done = await connect('instagram', 'Harbor on Instagram', { pageId: instagram.state.pageId });
    assert.equal(done.headers.get('location'), `/publisher/channels?connected=${encodeURIComponent('Harbor on Instagram')}`);
    const channel = (await admin.get('/api/publisher/channels')).json.channels.find((c: any) => c.network === 'instagram');
    assert.equal(channel.status, 'active');
    assert.equal(channel.handle, '@harborgeneral');
    const stored = await server.ctx.db.selectFrom('channels').select('credentials').where('id', '=', channel.id).executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(server.ctx.secrets.open(stored.credentials, channel.id)), {
      pageAccessToken: instagram.state.token,
      igUserId: instagram.state.user.id,
    });
  });

  test('YouTube is connected with a refreshable Google token; the channel is named from the account', async () => {
    const listed = (await admin.get('/api/publisher/oauth')).json.networks.find((n: any) => n.network === 'youtube');
    assert.ok(listed.scopes.includes('https://www.googleapis.com/auth/youtube.upload'));
    const done = await connect('youtube', 'Harbor on YouTube', {});
    assert.equal(done.headers.get('location'), `/publisher/channels?connected=${encodeURIComponent('Harbor on YouTube')}`);
    const channel = (await admin.get('/api/publisher/channels')).json.channels.find((c: any) => c.network === 'youtube');
    assert.equal(channel.status, 'active');
    assert.equal(channel.handle, '@harborgeneral');
    const stored = await server.ctx.db.selectFrom('channels').select('credentials').where('id', '=', channel.id).executeTakeFirstOrThrow();
    const creds = JSON.parse(server.ctx.secrets.open(stored.credentials, channel.id));
    assert.ok(creds.accessToken && creds.refreshToken, 'offline access: a refresh token is kept');
    assert.equal(creds.tokenUrl, googleAuth.tokenUrl);
  });
});
