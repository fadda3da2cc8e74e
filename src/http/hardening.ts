import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/env.ts';
import { AppError } from '../shared/errors.ts';

/** The first path (body.a.b, query.q) holding a string with a NUL character, which PostgreSQL cannot store. */
export function nulPath(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (!value || typeof value !== 'object' || depth > 32) return null;
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000')) return `${path}.(key)`;
    const hit = nulPath(v, Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`, depth + 1);
    if (hit) return hit;
  }
  return null;
}

/**
 * Response headers every answer carries, and request checks that run before any route: API answers are
 * never cached (they can carry PHI), HSTS when the product is served over https, and a NUL character
 * anywhere in the input is refused with the field named (it used to reach the database and answer 500).
 */
export function registerHardening(app: FastifyInstance, config: Pick<Config, 'publicUrl'>): void {
  const https = (config.publicUrl ?? '').startsWith('https://');
  app.addHook('preValidation', async (req) => {
    const hit = nulPath(req.params, 'path') ?? nulPath(req.query, 'query') ?? nulPath(req.body, 'body');
    if (hit) throw new AppError(400, 'bad_request', `Invalid request: ${hit} contains a NUL character, which is not allowed.`);
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'");
    if (https) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
      reply.header('pragma', 'no-cache');
    }
  });
}
