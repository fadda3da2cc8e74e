import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { OutboundRefusedError, readText, type OutboundFetch } from '../../outbound/index.ts';
import { ConnectorError } from './types.ts';

/** Reads Retry-After (seconds or an HTTP date) or X-Rate-Limit-Reset (X) / X-RateLimit-Reset / RateLimit-Reset (epoch seconds or ISO). */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ra = headers.get('retry-after');
  if (ra) {
    const secs = Number(ra);
    if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
    const at = Date.parse(ra);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  const reset = headers.get('x-rate-limit-reset') ?? headers.get('x-ratelimit-reset') ?? headers.get('ratelimit-reset');
  if (reset) {
    const n = Number(reset);
    if (Number.isFinite(n)) return Math.max(0, n > 1e9 ? n * 1000 - now : n * 1000);
    const at = Date.parse(reset);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  return undefined;
}

/**
 * Maps an HTTP failure to what the queue should do with it. The remote server's body is never repeated:
 * its words could carry an internal service's error page to the user.
 */
export function errorForStatus(status: number, headers: Headers, body = ''): ConnectorError {
  if (status === 429) return new ConnectorError('rate_limited', `rate limited (${status})`, retryAfterMs(headers));
  if (status === 401 || status === 403) return new ConnectorError('unauthorized', `access refused (${status})`);
  if (status >= 500 || status === 408) return new ConnectorError('unavailable', `network unavailable (${status})`, retryAfterMs(headers));
  if (status >= 300 && status < 400) return new ConnectorError('rejected', `the server answered with a redirect (${status})`);
  if (status === 404 || status === 410) return new ConnectorError('gone', `not found on the network (${status})`);
  return new ConnectorError('rejected', `rejected (${status})`, undefined, jsonReason(body));
}

/**
 * A network's stated reason for refusing a request: only a string field of a JSON error answer, on one
 * line, printable, at most 200 characters. HTML pages and anything else are never passed on.
 */
export function jsonReason(body: string): string | undefined {
  let j: unknown;
  try {
    j = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!j || typeof j !== 'object') return undefined;
  const o = j as Record<string, unknown>;
  const nested = o.error && typeof o.error === 'object' ? (o.error as Record<string, unknown>).message : undefined;
  const raw = [o.error_description, nested, o.message, o.error].find((v) => typeof v === 'string');
  if (typeof raw !== 'string') return undefined;
  const clean = raw
    .replace(/[\u0000-\u001f\u007f-\u009f<>]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
  return clean || undefined;
}

/**
 * JSON through the outbound guard with a timeout. Network errors and timeouts become `unavailable`, a
 * refused address `rejected`; an answer that does not have the expected shape is `unavailable` too
 * (a broken or hostile server), so a caller never works on malformed data.
 */
export async function fetchJsonWithHeaders<T>(
  fetcher: OutboundFetch,
  url: string,
  init: RequestInit & {
    timeoutMs: number;
    /** A network's own error vocabulary (Graph error codes, for one), consulted before the HTTP status. */
    classify?: (status: number, headers: Headers, body: string) => ConnectorError | undefined;
  },
  shape?: z.ZodType<T>,
): Promise<{ body: T; headers: Headers }> {
  let res: Response;
  let text: string;
  try {
    res = await fetcher(url, init);
    text = await readText(res);
  } catch (e) {
    if (e instanceof OutboundRefusedError) throw new ConnectorError('rejected', `address refused: ${e.message}`);
    const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
    throw new ConnectorError('unavailable', timedOut ? `no answer within ${init.timeoutMs} ms` : 'could not connect');
  }
  if (!res.ok) throw init.classify?.(res.status, res.headers, text) ?? errorForStatus(res.status, res.headers, text);
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new ConnectorError('unavailable', 'the server answered with something other than JSON');
    }
  }
  // A success status around an error object ({"error": …}, as OAuth, Graph, Google and Mastodon write
  // errors) is an error all the same: the network's own vocabulary decides, else it is tried again later.
  if (body && typeof body === 'object' && 'error' in body)
    throw (
      init.classify?.(res.status, res.headers, text) ??
      new ConnectorError('unavailable', 'the server answered with an error inside a success', undefined, jsonReason(text))
    );
  if (!shape) return { body: body as T, headers: res.headers };
  const checked = shape.safeParse(body);
  if (!checked.success)
    throw new ConnectorError(
      'unavailable',
      `the server's answer has an unexpected shape (${checked.error.issues[0]?.path.join('.') || 'body'})`,
    );
  return { body: checked.data, headers: res.headers };
}

/** JSON through the outbound guard (see fetchJsonWithHeaders), the body only. */
export async function fetchJson<T>(
  fetcher: OutboundFetch,
  url: string,
  init: Parameters<typeof fetchJsonWithHeaders>[2],
  shape?: z.ZodType<T>,
): Promise<T> {
  return (await fetchJsonWithHeaders(fetcher, url, init, shape)).body;
}

/** A picture as a multipart file part named `name` (the file name only tells its kind). */
export const picturePart = (name: string, p: { data: Buffer; type: string }) => ({
  name,
  file: p.data,
  type: p.type,
  fileName: `picture.${p.type.split('/')[1] ?? 'bin'}`,
});

/** A file upload's body for bearerJson: sent as multipart/form-data instead of JSON. */
export interface MultipartBody {
  multipart: ReturnType<typeof multipartBody>;
}
const isMultipart = (b: unknown): b is MultipartBody => !!b && typeof b === 'object' && 'multipart' in b;

/** A JSON request with a bearer token, the REST style most networks share (or a multipart upload). */
export function bearerJson<T>(
  fetcher: OutboundFetch,
  at: { baseUrl: string; token: string; timeoutMs: number },
  method: string,
  path: string,
  shape?: z.ZodType<T>,
  body?: unknown,
): Promise<T> {
  const upload = isMultipart(body) ? body.multipart : null;
  return fetchJson<T>(
    fetcher,
    new URL(path, at.baseUrl).toString(),
    {
      method,
      // An upload carries a picture: it gets longer than a JSON call.
      timeoutMs: upload ? at.timeoutMs * 3 : at.timeoutMs,
      headers: {
        authorization: `Bearer ${at.token}`,
        ...(upload ? { 'content-type': upload.contentType } : body ? { 'content-type': 'application/json' } : {}),
      },
      body: upload ? new Uint8Array(upload.body) : body ? JSON.stringify(body) : undefined,
    },
    shape,
  );
}

/** Status text from HTML (Mastodon sends posts as HTML): line breaks kept, tags dropped, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/**
 * A multipart/form-data body built as bytes (RFC 7578): the guarded fetch sends it as is, whichever
 * FormData class a caller would have used. Fields are text; a file part carries its type and a file name.
 */
export function multipartBody(
  parts: ({ name: string; value: string } | { name: string; file: Buffer; type: string; fileName: string })[],
): {
  body: Buffer;
  contentType: string;
} {
  const boundary = `harborline-${randomBytes(12).toString('hex')}`;
  const quote = (s: string) => s.replace(/["\r\n]/g, '_');
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head =
      'file' in p
        ? `--${boundary}\r\nContent-Disposition: form-data; name="${quote(p.name)}"; filename="${quote(p.fileName)}"\r\nContent-Type: ${p.type}\r\n\r\n`
        : `--${boundary}\r\nContent-Disposition: form-data; name="${quote(p.name)}"\r\n\r\n`;
    chunks.push(Buffer.from(head), 'file' in p ? p.file : Buffer.from(p.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
