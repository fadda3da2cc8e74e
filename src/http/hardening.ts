import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/env.ts';
import { AppError } from '../shared/errors.ts';

// Control characters other than tab and line breaks (a CR only before LF): NUL cannot be stored, and the
// others forge lines and fields in exports or hide text from readers.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\r(?!\n)/;

/** The first path (body.a.b, query.q) holding a string with a control character, and which one. */
export function controlPath(value: unknown, path: string, depth = 0): { path: string; char: string } | null {
  if (typeof value === 'string') {
    const m = CONTROL.exec(value);
    return m ? { path, char: m[0] } : null;
  }
  if (!value || typeof value !== 'object' || depth > 32) return null;
  // An uploaded file arrives as a stream: it is not text to check (its content is checked as a picture).
  if (value instanceof Readable) return null;
  for (const [k, v] of Object.entries(value)) {
    const inKey = CONTROL.exec(k);
    if (inKey) return { path: `${path}.(key)`, char: inKey[0] };
    const hit = controlPath(v, Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`, depth + 1);
    if (hit) return hit;
  }
  return null;
}

const describe = (c: string) =>
  c === '\u0000' ? 'a NUL character' : `the control character U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Response headers every answer carries, and request checks that run before any route: API answers are
 * never cached (they can carry PHI), HSTS when the product is served over https, and a control character
 * (NUL included, which used to reach the database and answer 500) anywhere in the input is refused with
 * the field named.
 */
export function registerHardening(app: FastifyInstance, config: Pick<Config, 'publicUrl'>): void {
  const https = (config.publicUrl ?? '').startsWith('https://');
  app.addHook('preValidation', async (req) => {
    const hit = controlPath(req.params, 'path') ?? controlPath(req.query, 'query') ?? controlPath(req.body, 'body');
    if (hit)
      throw new AppError(
        'bad_request',
        `Invalid request: ${hit.path} contains ${describe(hit.char)}, which is not allowed (only tab and line breaks are).`,
      );
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    // A route serving a user's file sets a stricter policy of its own.
    if (!reply.hasHeader('content-security-policy'))
      reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'",
      );
    if (https) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
      reply.header('pragma', 'no-cache');
    }
  });
}
