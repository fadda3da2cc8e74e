import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createTestOrg, signedIn, startTestServer, type TestServer } from '../helpers/context.ts';
import { signInAtProvider, startOAuthProvider } from '../helpers/oauth-provider.ts';

/** A private RSA signing key as a JWK with its own key id, as a provider publishes after rotating. */
const signingKey = () => ({
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
  kid: randomUUID(),
  use: 'sig',
  alg: 'RS256',
});

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

test('the provider rotates its signing key: the next sign-in is checked against the new key; without waiting for a cache to expire', async () => {
  const org = await createTestOrg(server.ctx);
  const admin = await signedIn(server, org, 'admin');
  const provider = (jwks: { keys: object[] }, port?: number) =>
    startOAuthProvider({
      clientId: 'rotation-client',
      clientSecret: 'rotation-client-secret-0123456789',
      redirectUri: `${server.url}/api/auth/sso/callback`,
      scopes: [],
      accounts: { 'dr.ito': { email: 'dr.ito@hospital.example', email_verified: true, name: 'Dr Ito', groups: ['Clinicians'] } },
      jwks,
      port,
    });
  const signIn = async () => {
    const start = await fetch(`${server.url}/api/auth/sso/${org.slug}`, { redirect: 'manual' });
    const cookie = start.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const callback = await signInAtProvider(start.headers.get('location')!, server.url, { login: 'dr.ito' });
    const done = await fetch(callback, { redirect: 'manual', headers: { cookie } });
    return { location: done.headers.get('location'), session: done.headers.getSetCookie().some((c) => c.startsWith('hl_session=')) };
  };

  const oldKey = signingKey();
  let idp = await provider({ keys: [oldKey] });
  const port = Number(new URL(idp.issuer).port);
  const saved = await admin.put('/api/org/sso', {
    kind: 'oidc',
    issuer: idp.issuer,
    clientId: 'rotation-client',
    clientSecret: 'rotation-client-secret-0123456789',
    groupsClaim: 'groups',
    roleMap: { Clinicians: 'clinician' },
    defaultRole: null,
    requireForStaff: false,
  });
  assert.equal(saved.status, 200, saved.text);
  assert.ok((await signIn()).session, 'signed in under the first key');

  // Rotation: the provider restarts signing with a new key and publishes only that one.
  await idp.close();
  idp = await provider({ keys: [signingKey()] }, port);
  assert.ok((await signIn()).session, 'the new key was fetched when a token named it');
  await idp.close();
});
