import { ConnectorError } from './types.ts';

/** Reads Retry-After (seconds or an HTTP date) or X-RateLimit-Reset / RateLimit-Reset (epoch seconds or ISO). */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ra = headers.get('retry-after');
  if (ra) {
    const secs = Number(ra);
    if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
    const at = Date.parse(ra);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  const reset = headers.get('x-ratelimit-reset') ?? headers.get('ratelimit-reset');
  if (reset) {
    const n = Number(reset);
    if (Number.isFinite(n)) return Math.max(0, n > 1e9 ? n * 1000 - now : n * 1000);
    const at = Date.parse(reset);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  return undefined;
}

/** Maps an HTTP failure to what the queue should do with it. The network's own message is kept short. */
export function errorForStatus(status: number, headers: Headers, detail: string): ConnectorError {
  const msg = `${status}${detail ? `: ${detail.slice(0, 200)}` : ''}`;
  if (status === 429) return new ConnectorError('rate_limited', `rate limited (${msg})`, retryAfterMs(headers));
  if (status === 401 || status === 403) return new ConnectorError('unauthorized', `access refused (${msg})`);
  if (status >= 500 || status === 408) return new ConnectorError('unavailable', `network unavailable (${msg})`, retryAfterMs(headers));
  return new ConnectorError('rejected', `rejected (${msg})`);
}

/** JSON over fetch with a timeout; network errors and timeouts become `unavailable`. */
export async function fetchJson<T>(url: string, init: RequestInit & { timeoutMs: number }): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs) });
  } catch (e) {
    const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
    throw new ConnectorError('unavailable', timedOut ? `no answer within ${init.timeoutMs} ms` : `could not connect (${(e as Error).message})`);
  }
  const text = await res.text();
  if (!res.ok) {
    let detail = text;
    try {
      const j = JSON.parse(text);
      detail = j.error_description ?? j.error?.message ?? j.message ?? j.error ?? text;
    } catch {
      /* not JSON */
    }
    throw errorForStatus(res.status, res.headers, String(detail));
  }
  return (text ? JSON.parse(text) : null) as T;
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
