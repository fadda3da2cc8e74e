import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { deliverPushes } from '../../src/notify/web-push.ts';
import type { Client } from '../helpers/http.ts';
import { createTestOrg, signedIn, startTestServer, type TestOrg, type TestServer } from '../helpers/context.ts';
import { b64u, checkVapid, decrypt, device, startPushService, type PushService } from '../helpers/push-service.ts';

/**
 * Web Push against a push service on loopback speaking RFC 8030: it checks the VAPID token (RFC 8292) with
 * the server's published key and decrypts the aes128gcm payload (RFC 8291) with the device's own keys,
 * as a browser's push service and the browser would.
 */
let server: TestServer;
let org: TestOrg;
let push: PushService;
let pushOrigin = '';
let received: PushService['received'] = [];
let patient: Client;
let clinician: Client;
let community = '';

before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  push = await startPushService();
  pushOrigin = push.origin;
  received = push.received;
  patient = await signedIn(server, org, 'patient');
  clinician = await signedIn(server, org, 'clinician');
  const comms = await signedIn(server, org, 'communications');
  community = (await comms.post('/api/communities', { name: 'Heart', slug: 'heart', visibility: 'members' })).json.community.id;
  await patient.post(`/api/communities/${community}/join`, {});
  await clinician.post(`/api/communities/${community}/join`, {});
});
after(async () => {
  await push?.close();
  await server?.close();
});

describe('Web Push', () => {
  test('a reply reaches the device encrypted for it, content-free, signed with the published VAPID key', async () => {
    const key = await patient.get('/api/push/key');
    assert.equal(key.status, 200);
    assert.equal(key.json.devices, 0);
    const phone = device();
    const sub = await patient.post('/api/push/subscriptions', {
      endpoint: `${pushOrigin}/push/phone-1`,
      keys: { p256dh: b64u(phone.ecdh.getPublicKey()), auth: b64u(phone.auth) },
    });
    assert.equal(sub.status, 201, sub.text);
    assert.equal((await patient.get('/api/push/key')).json.devices, 1);

    const post = (await patient.post(`/api/communities/${community}/posts`, { title: 'Ankles', body: 'My ankles swell in the evening.' }))
      .json.post.id;
    await clinician.post(`/api/posts/${post}/comments`, { body: 'Weigh yourself every morning and tell us if it rises.' });
    assert.equal(await deliverPushes(server.ctx), 1);
    assert.equal(received.length, 1);
    const [delivered] = received;
    assert.equal(delivered.path, '/push/phone-1');
    assert.equal(delivered.headers['content-encoding'], 'aes128gcm');
    assert.ok(Number(delivered.headers.ttl) > 0, 'a TTL');
    checkVapid(String(delivered.headers.authorization), key.json.publicKey, pushOrigin);
    const message = JSON.parse(decrypt(delivered.body, phone)) as { title: string; link: string };
    assert.deepEqual(message, { title: 'New reply to your post', link: `/p/${post}` });
    assert.doesNotMatch(delivered.body.toString('latin1'), /Weigh yourself/, 'the reply itself never travels');
    assert.equal(await deliverPushes(server.ctx), 0, 'sent once');
  });

  test('quiet hours hold pushes; a device the push service says is gone is forgotten; bad endpoints are refused', async () => {
    received.length = 0;
    const hour = new Date().getUTCHours();
    const quiet = await patient.put('/api/notifications/preferences', {
      quietStart: hour,
      quietEnd: (hour + 2) % 24,
      timeZone: 'UTC',
      batch: 'instant',
    });
    assert.equal(quiet.status, 200, quiet.text);
    const post = (await patient.post(`/api/communities/${community}/posts`, { title: 'Night', body: 'Short of breath lying flat.' })).json
      .post.id;
    await clinician.post(`/api/posts/${post}/comments`, { body: 'Use two pillows and call us tomorrow.' });
    assert.equal(await deliverPushes(server.ctx), 0);
    assert.equal(received.length, 0, 'nothing pushed during quiet hours');
    await patient.put('/api/notifications/preferences', { quietStart: null, quietEnd: null, timeZone: 'UTC', batch: 'instant' });

    const old = device();
    await patient.post('/api/push/subscriptions', {
      endpoint: `${pushOrigin}/push/gone`,
      keys: { p256dh: b64u(old.ecdh.getPublicKey()), auth: b64u(old.auth) },
    });
    await clinician.post(`/api/posts/${post}/comments`, { body: 'And keep your legs raised in the evening.' });
    assert.equal(await deliverPushes(server.ctx), 1, 'the live device gets it');
    const left = await server.ctx.db
      .selectFrom('push_subscriptions')
      .select('endpoint')
      .where('user_id', '=', org.userId('patient'))
      .execute();
    assert.deepEqual(
      left.map((l) => new URL(l.endpoint).pathname),
      ['/push/phone-1'],
      'the gone device was removed',
    );

    const internal = await patient.post('/api/push/subscriptions', {
      endpoint: 'http://169.254.169.254/latest/meta-data',
      keys: { p256dh: b64u(device().ecdh.getPublicKey()), auth: b64u(randomBytes(16)) },
    });
    assert.equal(internal.status, 400);
    assert.match(internal.json.error.message, /^endpoint: /);
    assert.equal((await patient.post('/api/push/subscriptions/remove', { endpoint: `${pushOrigin}/push/phone-1` })).status, 200);
    assert.equal((await patient.post('/api/push/subscriptions/remove', { endpoint: `${pushOrigin}/push/phone-1` })).status, 404);
    assert.equal((await patient.get('/api/push/key')).json.devices, 0);
  });
});
