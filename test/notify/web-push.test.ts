import assert from 'node:assert/strict';
import { createDecipheriv, createECDH, createHmac, createPublicKey, randomBytes, verify } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { deliverPushes } from '../../src/notify/web-push.ts';
import type { Client } from '../helpers/http.ts';
import { createTestOrg, signedIn, startTestServer, type TestOrg, type TestServer } from '../helpers/context.ts';

/**
 * Web Push against a push service on loopback speaking RFC 8030: it checks the VAPID token (RFC 8292) with
 * the server's published key and decrypts the aes128gcm payload (RFC 8291) with the device's own keys,
 * as a browser's push service and the browser would.
 */
interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}
let server: TestServer;
let org: TestOrg;
let pushService: http.Server;
let pushOrigin = '';
const received: Received[] = [];
let patient: Client;
let clinician: Client;
let community = '';

before(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  pushService = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(req.url?.endsWith('/gone') ? 410 : 201).end();
    });
  });
  await new Promise<void>((r) => pushService.listen(0, '127.0.0.1', r));
  pushOrigin = `http://127.0.0.1:${(pushService.address() as AddressInfo).port}`;
  patient = await signedIn(server, org, 'patient');
  clinician = await signedIn(server, org, 'clinician');
  const comms = await signedIn(server, org, 'communications');
  community = (await comms.post('/api/communities', { name: 'Heart', slug: 'heart', visibility: 'members' })).json.community.id;
  await patient.post(`/api/communities/${community}/join`, {});
  await clinician.post(`/api/communities/${community}/join`, {});
});
after(async () => {
  await new Promise((r) => pushService?.close(r));
  await server?.close();
});

/** A device: its P-256 key pair and auth secret, as PushManager.subscribe makes them. */
function device() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { ecdh, auth: randomBytes(16) };
}
const b64u = (b: Buffer) => b.toString('base64url');
const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();

/** RFC 8291 §3.4 and RFC 8188: what the browser does with a push message. */
function decrypt(body: Buffer, dev: ReturnType<typeof device>): string {
  const salt = body.subarray(0, 16);
  const idlen = body[20];
  const asPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  const uaPublic = dev.ecdh.getPublicKey();
  const ecdhSecret = dev.ecdh.computeSecret(asPublic);
  const prkKey = hmac(dev.auth, ecdhSecret);
  const ikm = hmac(prkKey, Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic, Buffer.from([1])]));
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const plain = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = plain.length - 1;
  while (end > 0 && plain[end] === 0) end--;
  assert.equal(plain[end], 2, 'the last record ends with the 0x02 delimiter');
  return plain.subarray(0, end).toString('utf8');
}

/** RFC 8292: the token is an ES256 JWT for the push service's origin, signed by the key in `k`. */
function checkVapid(authorization: string, publishedKey: string, audience: string) {
  const m = /^vapid t=([^,]+),\s*k=(.+)$/.exec(authorization);
  assert.ok(m, `a vapid Authorization header (${authorization.slice(0, 12)}…)`);
  const [token, key] = [m[1], m[2]];
  assert.equal(key, publishedKey, 'signed with the key the server publishes');
  const [header, payload, signature] = token.split('.');
  const point = Buffer.from(key, 'base64url');
  const publicKey = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64u(point.subarray(1, 33)), y: b64u(point.subarray(33, 65)) },
    format: 'jwk',
  });
  const ok = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  assert.ok(ok, 'the JWT signature verifies');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { aud: string; exp: number; sub: string };
  assert.equal(claims.aud, audience);
  assert.ok(claims.exp * 1000 > Date.now() && claims.exp * 1000 <= Date.now() + 24 * 3600_000, 'expires within a day');
  assert.ok(claims.sub, 'names a contact');
}

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
    const [push] = received;
    assert.equal(push.path, '/push/phone-1');
    assert.equal(push.headers['content-encoding'], 'aes128gcm');
    assert.ok(Number(push.headers.ttl) > 0, 'a TTL');
    checkVapid(String(push.headers.authorization), key.json.publicKey, pushOrigin);
    const message = JSON.parse(decrypt(push.body, phone)) as { title: string; link: string };
    assert.deepEqual(message, { title: 'New reply to your post', link: `/p/${post}` });
    assert.doesNotMatch(push.body.toString('latin1'), /Weigh yourself/, 'the reply itself never travels');
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
