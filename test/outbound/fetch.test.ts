import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { checkDestination, createOutboundFetch, OutboundRefusedError, readText } from '../../src/outbound/index.ts';

// One loopback address is allowed (the test servers); every other internal address stays refused.
const policy = { allowHttp: true, allowedAddresses: ['127.0.0.1'] };
const guarded = createOutboundFetch(policy);
let server: http.Server;
let base: string;
const seen: { url: string; auth?: string }[] = [];

before(async () => {
  server = http.createServer((req, res) => {
    seen.push({ url: req.url!, auth: req.headers.authorization });
    const [path, query] = req.url!.split('?');
    const to = new URLSearchParams(query ?? '').get('to');
    if (path === '/redirect' && to) return void res.writeHead(302, { location: to }).end();
    if (path === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
    if (path === '/big') return void res.end('x'.repeat(2048));
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

const refused = (e: unknown) => e instanceof OutboundRefusedError;

describe('the outbound guard', () => {
  test('an allowed address is reached', async () => {
    const res = await guarded(`${base}/hello`);
    assert.equal(await res.text(), 'ok');
  });
  test('a host name that resolves to loopback is refused when the socket connects, not only before', async () => {
    const port = (server.address() as AddressInfo).port;
    const noneAllowed = createOutboundFetch({ allowHttp: true, allowedAddresses: [] });
    await assert.rejects(noneAllowed(`http://localhost:${port}/x`), refused);
    assert.ok(!seen.some((s) => s.url === '/x'), 'nothing reached the server');
  });
  test('literal internal addresses never open a socket', async () => {
    for (const h of ['127.0.0.2', '[::1]', '0x7f.0.0.2', '2130706434', '[::ffff:127.0.0.2]', '169.254.169.254', '10.0.0.1']) {
      await assert.rejects(guarded(`http://${h}:9/`), refused, h);
    }
  });
  test('each redirect hop is checked again', async () => {
    const port = (server.address() as AddressInfo).port;
    await assert.rejects(guarded(`${base}/redirect?to=${encodeURIComponent(`http://127.0.0.2:${port}/inside`)}`), refused);
    await assert.rejects(guarded(`${base}/redirect?to=${encodeURIComponent(`http://[::1]:${port}/inside`)}`), refused);
    await assert.rejects(guarded(`${base}/redirect?to=${encodeURIComponent('file:///etc/passwd')}`), refused);
    assert.ok(!seen.some((s) => s.url === '/inside'));
    const followed = await guarded(`${base}/redirect?to=/hello`);
    assert.equal(followed.status, 200);
  });
  test('redirect loops stop; credentials are not carried to another origin', async () => {
    await assert.rejects(guarded(`${base}/loop`), (e: unknown) => refused(e) && /redirects/.test(e.message));
    seen.length = 0;
    await guarded(`${base}/redirect?to=/hello`, { headers: { authorization: 'Bearer same-origin' } });
    assert.equal(seen.at(-1)?.auth, 'Bearer same-origin', 'same origin keeps the header');
    const other = http.createServer((req, res) => {
      seen.push({ url: `other${req.url}`, auth: req.headers.authorization });
      res.end('ok');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    try {
      const to = `http://127.0.0.1:${(other.address() as AddressInfo).port}/there`;
      await guarded(`${base}/redirect?to=${encodeURIComponent(to)}`, { headers: { authorization: 'Bearer secret' } });
      assert.deepEqual(seen.at(-1), { url: 'other/there', auth: undefined }, 'another origin does not get the token');
    } finally {
      await new Promise<void>((r) => other.close(() => r()));
    }
  });
  test('plain http only when allowed; https only by default', async () => {
    const strict = createOutboundFetch({ allowHttp: false, allowedAddresses: ['127.0.0.1'] });
    await assert.rejects(strict(`${base}/hello`), (e: unknown) => refused(e) && /only https/.test(e.message));
    await assert.rejects(checkDestination('ftp://example.org/', policy), refused);
    await assert.rejects(checkDestination('https://user:pw@example.org/', policy), refused);
  });
  test('checkDestination refuses internal names and literals before anything is saved', async () => {
    const strict = { allowHttp: false, allowedAddresses: [] };
    for (const u of [
      'https://localhost/',
      'https://127.1/',
      'https://[::1]/',
      'https://2130706433/',
      'https://0x7f.0.0.1/',
      'https://[::ffff:127.0.0.1]/',
      'https://169.254.169.254/',
    ]) {
      await assert.rejects(checkDestination(u, strict), refused, u);
    }
    await assert.rejects(
      checkDestination('https://no-such-host.invalid/', strict),
      (e: unknown) => refused(e) && /does not resolve/.test(e.message),
    );
  });
  test('answers larger than the limit are not read into memory', async () => {
    const res = await guarded(`${base}/big`);
    await assert.rejects(readText(res, 1024), refused);
  });
});
