import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { WEB_DIST } from '../../src/app.ts';
import { startTestServer, type TestServer } from '../helpers/context.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

/** A GET that keeps the body as sent (fetch would decompress it). */
const rawGet = (url: string, encoding: string) =>
  new Promise<{ headers: http.IncomingHttpHeaders; size: number; body: string }>((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ headers: res.headers, size: Buffer.concat(chunks).length, body: Buffer.concat(chunks).toString('latin1') }),
        );
      })
      .on('error', reject);
  });

const built = fs.existsSync(`${WEB_DIST}/index.html`);

test(
  'the app’s script is served compressed (at most 200 KB), kept by the browser; index.html is asked again',
  { skip: !built && 'the web UI is not built' },
  async () => {
    const page = await rawGet(`${server.url}/`, 'identity');
    assert.equal(page.headers['cache-control'], 'no-cache');
    const scripts = [...page.body.matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    assert.ok(scripts.length > 0, page.body);
    for (const src of scripts) {
      const br = await rawGet(`${server.url}${src}`, 'br, gzip');
      assert.equal(br.headers['content-encoding'], 'br');
      assert.match(String(br.headers['cache-control']), /immutable/);
      assert.ok(br.size <= 200 * 1024, `${src}: ${br.size} bytes compressed`);
      assert.equal((await rawGet(`${server.url}${src}`, 'gzip')).headers['content-encoding'], 'gzip');
      const plain = await rawGet(`${server.url}${src}`, 'identity');
      assert.equal(plain.headers['content-encoding'], undefined, 'a client that takes no compression gets the file itself');
      assert.ok(plain.size > br.size);
    }
  },
);
