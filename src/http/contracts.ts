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

type Def = {
  type: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  innerType?: unknown;
  options?: unknown[];
  valueType?: unknown;
  in?: unknown;
};
const defOf = (schema: unknown) => (schema as { _zod?: { def?: Def } })?._zod?.def;

/**
 * `data` cut down to the fields `schema` lists, without checking their types: what production sends when an
 * answer does not match its contract (the mismatch is logged by route and path; no field is ever added).
 */
export function stripToSchema(schema: unknown, data: unknown): unknown {
  const def = defOf(schema);
  if (!def || data === null || data === undefined) return data;
  switch (def.type) {
    case 'object': {
      if (!plain(data)) return data;
      return Object.fromEntries(Object.entries(def.shape ?? {}).flatMap(([k, s]) => (k in data ? [[k, stripToSchema(s, data[k])]] : [])));
    }
    case 'array':
      return Array.isArray(data) ? data.map((x) => stripToSchema(def.element, x)) : data;
    case 'record':
      return plain(data) ? Object.fromEntries(Object.entries(data).map(([k, v]) => [k, stripToSchema(def.valueType, v)])) : data;
    case 'union': {
      // Keep what any branch lists.
      const kept = (def.options ?? []).map((o) => stripToSchema(o, data));
      return plain(data) ? Object.assign({}, ...kept.filter(plain)) : (kept[0] ?? data);
    }
    case 'nullable':
    case 'optional':
    case 'default':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return stripToSchema(def.innerType, data);
    case 'pipe':
      return stripToSchema(def.in, data);
    default:
      return data;
  }
}

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
    return (data: unknown) => {
      let json: string;
      try {
        json = encode(data);
      } catch (e) {
        const issues = (e as { cause?: { issues?: Array<{ path: PropertyKey[] }> } }).cause?.issues ?? [];
        const where = issues
          .map((i) => i.path.map(String).join('.'))
          .slice(0, 5)
          .join(', ');
        process.stderr.write(`response of ${route.method} ${route.url} does not match its contract at: ${where || '(root)'}\n`);
        if (opts.strict) throw e;
        const schema = route.schema as { properties?: unknown };
        return JSON.stringify(stripToSchema(defOf(schema) ? schema : schema.properties, data));
      }
      if (!opts.strict) return json;
      const dropped = [...new Set(droppedFields(JSON.parse(JSON.stringify(data)), JSON.parse(json)))];
      if (dropped.length) {
        process.stderr.write(`response contract of ${route.method} ${route.url} does not list: ${dropped.slice(0, 10).join(', ')}\n`);
        throw new Error('response fields missing from the contract');
      }
      return json;
    };
  });
}
