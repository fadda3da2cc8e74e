/**
 * Log redaction: request bodies, cookies, tokens and anything that may carry content (and so PHI) are
 * never written. Fastify's pino logger gets these paths.
 */
export const REDACTED_LOG_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'body',
  'req.body',
  'password',
  'token',
  'text',
];

/** Query strings can carry search terms (possibly PHI): log the path only. */
export function pathOnly(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q) + '?…';
}
