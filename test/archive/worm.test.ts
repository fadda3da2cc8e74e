import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { describe, test } from 'node:test';
import aws4 from 'aws4';
import { putLockedObject, signV4 } from '../../src/archive/worm.ts';
import { createOutboundFetch } from '../../src/outbound/index.ts';

const loopbackFetch = createOutboundFetch({ allowHttp: true, allowedAddresses: ['127.0.0.1'] });

const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('WORM copy: S3 Signature V4 and Object Lock', () => {
  test('the signature matches an independent SigV4 implementation (aws4) for S3 PUTs', () => {
    const body = Buffer.from('{"seq":1}');
    const now = new Date('2026-11-23T10:00:00Z');
    const headers = {
      'content-length': String(body.length),
      'content-type': 'application/json',
      'content-md5': createHash('md5').update(body).digest('base64'),
      'x-amz-object-lock-mode': 'COMPLIANCE',
      'x-amz-object-lock-retain-until-date': '2032-11-23T10:00:00.000Z',
    };
    const ours = signV4(
      { method: 'PUT', url: new URL('https://s3.example.com/archive-bucket/org%20one/000000000001.json'), headers, body },
      creds,
      'eu-west-1',
      's3',
      now,
    );
    const reference = aws4.sign(
      {
        method: 'PUT',
        host: 's3.example.com',
        path: '/archive-bucket/org%20one/000000000001.json',
        service: 's3',
        region: 'eu-west-1',
        body,
        headers: { ...headers, 'X-Amz-Date': '20261123T100000Z', 'X-Amz-Content-Sha256': createHash('sha256').update(body).digest('hex') },
      },
      creds,
    );
    assert.equal(ours.authorization, (reference.headers as Record<string, string>).Authorization);
  });
  test('query strings are canonicalized (sorted, RFC 3986) like the reference', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    const ours = signV4(
      { method: 'GET', url: new URL('https://s3.example.com/b?versions&prefix=a b&max-keys=2'), headers: {}, body: '' },
      creds,
      'us-east-1',
      's3',
      now,
    );
    const reference = aws4.sign(
      {
        method: 'GET',
        host: 's3.example.com',
        path: '/b?versions=&prefix=a%20b&max-keys=2',
        service: 's3',
        region: 'us-east-1',
        headers: { 'X-Amz-Date': '20261123T100000Z', 'X-Amz-Content-Sha256': createHash('sha256').update('').digest('hex') },
      },
      creds,
    );
    assert.equal(ours.authorization, (reference.headers as Record<string, string>).Authorization);
  });
  test('a locked PUT carries compliance-mode headers, Content-MD5 and a retain-until date', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on('end', () => res.writeHead(200).end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const body = Buffer.from('{"record":"x"}');
    await putLockedObject(
      { endpoint: `http://127.0.0.1:${port}`, bucket: 'worm', region: 'us-east-1', credentials: creds, retentionDays: 2190 },
      loopbackFetch,
      'org/000000000001.json',
      body,
      new Date('2026-11-23T10:00:00Z'),
    );
    server.close();
    const h = seen[0];
    assert.equal(h['x-amz-object-lock-mode'], 'COMPLIANCE');
    assert.equal(h['x-amz-object-lock-retain-until-date'], '2032-11-21T10:00:00.000Z');
    assert.equal(h['content-md5'], createHash('md5').update(body).digest('base64'));
    assert.match(
      String(h.authorization),
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261123\/us-east-1\/s3\/aws4_request, SignedHeaders=content-md5;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-object-lock-mode;x-amz-object-lock-retain-until-date, Signature=[0-9a-f]{64}$/,
    );
  });
  test('a refused PUT is an error, so the cursor does not move past it', async () => {
    const server = http.createServer((_req, res) => res.writeHead(403).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    await assert.rejects(
      putLockedObject(
        { endpoint: `http://127.0.0.1:${port}`, bucket: 'worm', region: 'us-east-1', credentials: creds, retentionDays: 1 },
        loopbackFetch,
        'k',
        Buffer.from('x'),
      ),
      /403/,
    );
    server.close();
  });
});
