import type { FastifyInstance } from 'fastify';
import { createSerializerCompiler } from 'fastify-type-provider-zod';

const plain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v));

/** Paths of fields a handler returned that its response schema does not list (so serialization dropped them). */
export function droppedFields(returned: unknown, sent: unknown, path = ''): string[] {
  if (Array.isArray(returned) && Array.isArray(sent)) return returned.flatMap((r, i) => droppedFields(r, sent[i], `${path}[]`));
  if (!plain(returned) || !plain(sent)) return [];
  return Object.keys(returned).flatMap((k) =>
    returned[k] === undefined ? [] : k in sent ? droppedFields(returned[k], sent[k], `${path}.${k}`) : [`${path}.${k}`],
  );
}

const base = createSerializerCompiler({});

/**
 * Response contracts. Every API route declares what it answers (a zod schema per success status): the
 * answer is encoded through it, so a field nobody listed never leaves the server, and the OpenAPI document
 * and the web's generated types come from the same schemas. A route without one is refused at start.
 *
 * `strict` (tests) also fails an answer that lost fields in encoding: a handler returning something its
 * contract forgot is a bug to fix in the contract, not a field to drop silently in production.
 */
export function registerContracts(app: FastifyInstance, opts: { strict: boolean }): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as { hide?: boolean; response?: Record<string, unknown> } | undefined;
    if (!route.url.startsWith('/api/') || schema?.hide) return;
    const declared = Object.keys(schema?.response ?? {}).some((status) => /^2\d\d$/.test(status));
    if (!declared) throw new Error(`${String(route.method)} ${route.url} has no response schema`);
  });
  app.setSerializerCompiler((route) => {
    const encode = base(route as Parameters<typeof base>[0]);
    if (!opts.strict) return encode;
    return (data: unknown) => {
      const json = encode(data);
      const dropped = [...new Set(droppedFields(JSON.parse(JSON.stringify(data)), JSON.parse(json)))];
      if (dropped.length) {
        process.stderr.write(`response contract of ${route.method} ${route.url} does not list: ${dropped.slice(0, 10).join(', ')}\n`);
        throw new Error('response fields missing from the contract');
      }
      return json;
    };
  });
}
