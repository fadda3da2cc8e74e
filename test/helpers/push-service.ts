import assert from 'node:assert/strict';
import { createDecipheriv, createECDH, createHmac, createPublicKey, randomBytes, verify } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A push service on loopback speaking RFC 8030, and a device's side of Web Push: its keys, decrypting an
 * aes128gcm payload (RFC 8291) and checking the VAPID token (RFC 8292), as a browser's push service and the
 * browser would.
 */
export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface PushService {
  origin: string;
  received: Received[];
  close(): Promise<void>;
}

/** Accepts every push (201), except to an endpoint ending in /gone (410, as for an unsubscribed device). */
export async function startPushService(): Promise<PushService> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(req.url?.endsWith('/gone') ? 410 : 201).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A device: its P-256 key pair and auth secret, as PushManager.subscribe makes them. */
export function device() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { ecdh, auth: randomBytes(16) };
}
export type Device = ReturnType<typeof device>;

export const b64u = (b: Buffer) => b.toString('base64url');
const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();

/** The subscription a browser would send for this device and endpoint. */
export const subscription = (dev: Device, endpoint: string) => ({
  endpoint,
  keys: { p256dh: b64u(dev.ecdh.getPublicKey()), auth: b64u(dev.auth) },
});

/** RFC 8291 §3.4 and RFC 8188: what the browser does with a push message. */
export function decrypt(body: Buffer, dev: Device): string {
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
export function checkVapid(authorization: string, publishedKey: string, audience: string) {
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
