import { randomBytes } from 'node:crypto';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config/env.ts';
import { openDatabase } from '../db/index.ts';
import { appContext } from '../http/context.ts';
import { CATEGORY_LABELS } from '../phi/index.ts';
import * as enums from '../shared/enums.ts';
import { ERRORS } from '../shared/errors.ts';
import { SecretBox } from '../shared/secret-box.ts';

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  format?: string;
  description?: string;
};
interface Operation {
  parameters?: Array<{ in: string; name: string; required?: boolean; schema: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

/** Members of a union, each once (a date and a string are both strings on the wire). */
const union = (parts: string[]) => (parts.includes('unknown') ? 'unknown' : [...new Set(parts)].join(' | '));

/** One JSON Schema (the subset zod emits) as a TypeScript type. */
function typeOf(s: JsonSchema | undefined, indent: string): string {
  if (!s || Object.keys(s).length === 0) return 'unknown';
  let t: string;
  if (s.$ref) t = s.$ref.endsWith('/Error') ? 'ApiErrorBody' : 'unknown';
  else if (s.enum) t = s.enum.map((v) => JSON.stringify(v)).join(' | ');
  else if (s.anyOf ?? s.oneOf) t = union((s.anyOf ?? s.oneOf)!.map((x) => typeOf(x, indent)));
  else if (s.allOf) t = s.allOf.map((x) => typeOf(x, indent)).join(' & ');
  else if (Array.isArray(s.type)) t = union(s.type.map((x) => typeOf({ ...s, type: x, nullable: false }, indent)));
  else if (s.type === 'string') t = 'string';
  else if (s.type === 'integer' || s.type === 'number') t = 'number';
  else if (s.type === 'boolean') t = 'boolean';
  else if (s.type === 'null') t = 'null';
  else if (s.type === 'array') t = `Array<${typeOf(s.items, indent)}>`;
  else if (s.type === 'object' || s.properties) {
    const inner = `${indent}  `;
    const props = Object.entries(s.properties ?? {}).map(
      ([name, p]) => `${inner}${key(name)}${s.required?.includes(name) ? '' : '?'}: ${typeOf(p, inner)};`,
    );
    const extra = typeof s.additionalProperties === 'object' ? typeOf(s.additionalProperties, inner) : undefined;
    if (props.length === 0) t = extra ? `Record<string, ${extra}>` : 'Record<string, never>';
    else t = `{\n${props.join('\n')}${extra ? `\n${inner}[key: string]: ${extra};` : ''}\n${indent}}`;
  } else t = 'unknown';
  return s.nullable && t !== 'null' && t !== 'unknown' ? `${t} | null` : t;
}

/** TypeScript types for every operation of the document: params, query, body and each JSON response. */
export function typesFromOpenApi(doc: OpenApiDocument): string {
  const lines = [
    "// Generated from the API's OpenAPI document by `npm run api-types`; do not edit by hand.",
    "// A test fails when this file and the server's schemas differ.",
    '',
    'export interface ApiErrorBody {',
    '  error: { id: string; message: string; details?: Record<string, unknown> };',
    '}',
    '',
    'export interface Endpoints {',
  ];
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
  );
  ops.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { name, op } of ops) {
    const group = (where: string) => {
      const ps = (op.parameters ?? []).filter((p) => p.in === where);
      if (ps.length === 0) return 'never';
      return `{ ${ps.map((p) => `${key(p.name)}${p.required ? '' : '?'}: ${typeOf(p.schema, '    ')}`).join('; ')} }`;
    };
    const body = op.requestBody?.content?.['application/json']?.schema;
    const ok = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
    const responses = ok.map(([, r]) => typeOf(r.content?.['application/json']?.schema, '    '));
    lines.push(
      `  ${JSON.stringify(name)}: {`,
      `    params: ${group('path')};`,
      `    query: ${group('query')};`,
      `    body: ${body ? typeOf(body, '    ') : 'never'};`,
      `    response: ${responses.length ? [...new Set(responses)].join(' | ') : 'unknown'};`,
      '  };',
    );
  }
  lines.push('}', '');
  return lines.join('\n');
}

/** The server's OpenAPI document, from the routes as registered (no database is touched). */
export async function openApiDocument(): Promise<OpenApiDocument> {
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '/tmp/harborline-openapi' });
  const database = await openDatabase({ dataDir: 'memory://' });
  try {
    const ctx = appContext(config, database, new SecretBox(randomBytes(32)));
    const app = await buildApp(ctx, { logger: false });
    await app.ready();
    const doc = app.swagger() as unknown as OpenApiDocument;
    await app.close();
    return doc;
  } finally {
    await database.close();
  }
}

/** The product's value lists (src/shared/enums.ts) for the web, which cannot import server code. */
export function enumsModule(): string {
  const lines = ['// Generated from src/shared/enums.ts by `npm run api-types`; do not edit by hand.', ''];
  for (const [name, values] of Object.entries(enums)) {
    if (!Array.isArray(values)) continue;
    lines.push(`export const ${name} = ${JSON.stringify(values)} as const;`);
  }
  // What people read instead of a Safe Harbor code (SH01_NAME is for logs and auditors, "Name" for everyone).
  lines.push(`export const CATEGORY_LABELS: Record<string, string> = ${JSON.stringify(CATEGORY_LABELS)};`);
  // What each error id means, so the web can say it in the reader's language when the server's message is English.
  const meanings = Object.fromEntries(Object.entries(ERRORS).map(([id, e]) => [id, e.meaning]));
  lines.push(`export const ERROR_MEANINGS: Record<string, string> = ${JSON.stringify(meanings)};`);
  lines.push('');
  return lines.join('\n');
}
