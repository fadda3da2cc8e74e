import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback web server with a few files: where a network that fetches pictures (Instagram, Google) finds them. */
export async function startFileServer(files: Record<string, { type: string; data: Buffer }>) {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const f = files[req.url ?? ''];
    if (!f) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': f.type, 'content-length': String(f.data.length) }).end(f.data);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
