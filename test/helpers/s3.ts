import http from 'node:http';
import type { AddressInfo } from 'node:net';
import aws4 from 'aws4';

/**
 * An S3-compatible bucket on loopback: PUT, GET and DELETE of objects by path-style key, each request's
 * Signature Version 4 checked with an independent implementation (aws4); a wrong signature gets 403.
 */
export async function startS3(opts: { bucket: string; credentials: { accessKeyId: string; secretAccessKey: string }; region?: string }) {
  const objects = new Map<string, { body: Buffer; type: string }>();
  const log: string[] = [];
  const region = opts.region ?? 'us-east-1';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const auth = String(req.headers.authorization ?? '');
      const signed = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
      // Exactly the headers the client signed (aws4 would otherwise add and sign Content-Length itself).
      const headers = Object.fromEntries(signed.map((h) => [h, String(req.headers[h] ?? '')]));
      const expected = aws4.sign(
        {
          method: req.method,
          host: String(req.headers.host),
          path: req.url,
          service: 's3',
          region,
          headers,
          body,
          doNotModifyHeaders: true,
        },
        opts.credentials,
      ).headers as Record<string, string>;
      if (!auth || expected.Authorization !== auth) {
        res.writeHead(403, { 'content-type': 'application/xml' }).end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
        return;
      }
      const prefix = `/${opts.bucket}/`;
      if (!req.url?.startsWith(prefix)) return res.writeHead(404).end();
      const key = decodeURIComponent(req.url.slice(prefix.length));
      log.push(`${req.method} ${key}`);
      if (req.method === 'PUT') {
        objects.set(key, { body, type: String(req.headers['content-type'] ?? 'application/octet-stream') });
        return res.writeHead(200, { etag: '"x"' }).end();
      }
      const found = objects.get(key);
      if (req.method === 'GET')
        return found ? res.writeHead(200, { 'content-type': found.type }).end(found.body) : res.writeHead(404).end();
      if (req.method === 'DELETE') {
        objects.delete(key);
        return res.writeHead(204).end();
      }
      res.writeHead(405).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    objects,
    log,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
