import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client } from '../helpers/http.ts';
import { startTestServer, type TestServer } from '../helpers/context.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const answer = (clientData: unknown, id = 'no-such-credential') => ({
  response: {
    id,
    rawId: id,
    type: 'public-key',
    response: {
      clientDataJSON: Buffer.from(JSON.stringify(clientData)).toString('base64url'),
      authenticatorData: 'AAAA',
      signature: 'AAAA',
    },
    clientExtensionResults: {},
  },
});

test('passwordless sign-in refuses answers to challenges it never issued, unknown passkeys and garbage, without a session', async () => {
  const c = new Client(server.url);
  const options = await c.post('/api/auth/passkey/options', {});
  assert.equal(options.status, 200, options.text);
  assert.equal(options.json.userVerification, 'required', 'the device must verify the person: the passkey is both factors');
  assert.equal(options.json.allowCredentials?.length ?? 0, 0, 'no account is named');

  const forged = await c.post('/api/auth/passkey', answer({ type: 'webauthn.get', challenge: 'never-issued', origin: server.url }));
  assert.equal(forged.status, 400);
  assert.equal(forged.json.error.id, 'passkey_challenge_expired');

  const unknown = await c.post(
    '/api/auth/passkey',
    answer({ type: 'webauthn.get', challenge: options.json.challenge, origin: server.url }),
  );
  assert.equal(unknown.status, 401);
  assert.equal(unknown.json.error.id, 'passkey_invalid');
  const reused = await c.post('/api/auth/passkey', answer({ type: 'webauthn.get', challenge: options.json.challenge, origin: server.url }));
  assert.equal(reused.json.error.id, 'passkey_challenge_expired', 'a challenge is used once, even by a failed attempt');

  const garbage = await c.post('/api/auth/passkey', {
    response: { id: 'x', rawId: 'x', type: 'public-key', response: { clientDataJSON: '%%%' } },
  });
  assert.equal(garbage.status, 401);
  assert.equal((await c.post('/api/auth/passkey', { response: 'nope' })).status, 400);
  assert.equal((await c.get('/api/notifications')).status, 401, 'no session came of any of it');
});
