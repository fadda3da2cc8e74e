import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A failure the next matching request(s) will see: a status, a slow answer, or both. */
export interface Fault {
  match: RegExp;
  status?: number;
  body?: unknown;
  retryAfterSeconds?: number;
  /** Answer this late. With `afterWork`, the request is carried out first (the client times out on a success). */
  delayMs?: number;
  afterWork?: boolean;
  times?: number;
  /** An answer as bytes (HTML, broken JSON), sent with `status` (default 200) and these headers. */
  raw?: { body: string; contentType?: string; headers?: Record<string, string> };
  /** The connection is closed without any answer. */
  hangUp?: boolean;
  /** Stays: every n-th matching request fails (a network that is flaky, not down). */
  every?: number;
  seen?: number;
  /** How many requests this fault answered. */
  fired?: number;
}

export interface Req {
  method: string;
  path: string;
  query: URLSearchParams;
  body: any;
  /** The body as it arrived (uploads of bytes). */
  raw: Buffer;
  headers: http.IncomingHttpHeaders;
}
export type Handler = (
  req: Req,
) =>
  | { status: number; body: unknown; headers?: Record<string, string> }
  | Promise<{ status: number; body: unknown; headers?: Record<string, string> }>;

/**
 * A loopback HTTP server for a network's API, with scripted faults. The protocol logic lives in each
 * network's handler; this part only parses JSON and forms, and plays back faults.
 */
export async function startNetworkServer(handle: Handler) {
  const faults: Fault[] = [];
  const requests: { method: string; path: string }[] = [];
  let latencyMs = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const bytes = Buffer.concat(chunks);
      const raw = bytes.toString('utf8');
      const type = req.headers['content-type'] ?? '';
      let body: any = null;
      if (raw) {
        if (type.includes('json')) body = JSON.parse(raw);
        else if (type.startsWith('multipart/form-data')) {
          // Files as { type, size, bytes }, fields as strings (parsed by the platform's own form-data reader).
          const form = await new Response(bytes, { headers: { 'content-type': type } }).formData();
          body = {};
          for (const [k, v] of form.entries())
            body[k] = typeof v === 'string' ? v : { type: v.type, size: v.size, bytes: Buffer.from(await v.arrayBuffer()) };
        } else if (type.includes('x-www-form-urlencoded') || !type) body = Object.fromEntries(new URLSearchParams(raw));
      }
      requests.push({ method: req.method ?? 'GET', path: url.pathname });
      // Every standing fault counts each matching request; the first whose turn it is (or one-shot fault) answers.
      let fault: Fault | undefined;
      for (const f of faults) {
        if (!f.match.test(`${req.method} ${url.pathname}`)) continue;
        const due = !f.every || (f.seen = (f.seen ?? 0) + 1) % f.every === 0;
        if (due && !fault) fault = f;
      }
      if (fault) fault.fired = (fault.fired ?? 0) + 1;
      if (fault && !fault.every) {
        fault.times = (fault.times ?? 1) - 1;
        if (fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
      }
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(payload === undefined ? '' : JSON.stringify(payload));
      };
      try {
        if (latencyMs) await new Promise((r) => setTimeout(r, latencyMs));
        if (fault && !fault.afterWork) {
          if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
          if (fault.hangUp) return void req.socket.destroy();
          if (fault.raw) {
            res.writeHead(fault.status ?? 200, { 'content-type': fault.raw.contentType ?? 'application/json', ...fault.raw.headers });
            return void res.end(fault.raw.body);
          }
          if (fault.status)
            return send(
              fault.status,
              fault.body ?? { error: `injected ${fault.status}` },
              fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {},
            );
        }
        const out = await handle({
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          body,
          raw: bytes,
          headers: req.headers,
        });
        if (fault?.afterWork && fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
        // Status 0: the connection is lost before any answer (after the handler did its part).
        if (out.status === 0) return void req.socket.destroy();
        send(out.status, out.body, out.headers);
      } catch (e) {
        send(500, { error: 'InternalServerError', message: (e as Error).message });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    faults,
    requests,
    fail: (f: Fault) => faults.push(f),
    /** Every answer this much later (a network across the internet, not on loopback). */
    setLatency: (ms: number) => (latencyMs = ms),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export const bearer = (req: Req) => (req.headers.authorization ?? '').replace(/^Bearer /, '');
