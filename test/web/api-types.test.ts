import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { enumsModule, openApiDocument, typesFromOpenApi } from '../../src/cli/api-types.ts';

const DIR = path.join(import.meta.dirname, '..', '..', 'web', 'src', 'api');
const FILE = path.join(DIR, 'endpoints.gen.ts');

test("the web's API types are generated from the server's current schemas", async () => {
  const fresh = typesFromOpenApi(await openApiDocument());
  assert.ok(fresh === fs.readFileSync(FILE, 'utf8'), 'web/src/api/endpoints.gen.ts is out of date: run `npm run api-types`');
  // Enums and nullability come through: the web sees exactly what the server promises.
  assert.match(
    fresh,
    /"GET \/api\/session": \{[\s\S]*?role: "patient" \| "clinician" \| "staff" \| "communications" \| "compliance" \| "admin";/,
  );
  assert.match(fresh, /contentWarning: string \| null;/);
  assert.ok(
    enumsModule() === fs.readFileSync(path.join(DIR, 'enums.gen.ts'), 'utf8'),
    'web/src/api/enums.gen.ts is out of date: run `npm run api-types`',
  );
  assert.match(enumsModule(), /export const ROLES = \["patient","clinician","staff","communications","compliance","admin"\] as const;/);
});

test('the converter handles the JSON Schema zod emits', () => {
  const out = typesFromOpenApi({
    paths: {
      '/api/things/{id}': {
        post: {
          parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string' } }],
          requestBody: {
            content: { 'application/json': { schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } } },
          },
          responses: {
            '201': {
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      at: { type: 'string', format: 'date-time', nullable: true },
                      tags: { type: 'array', items: { enum: ['a', 'b'] } },
                    },
                    required: ['at'],
                  },
                },
              },
            },
          },
        },
      },
    },
  });
  assert.match(
    out,
    /"POST \/api\/things\/\{id\}": \{\n    params: \{ id: string \};\n    query: never;\n    body: \{\n      n: number;\n    \};/,
  );
  assert.match(out, /at: string \| null;\n      tags\?: Array<"a" \| "b">;/);
});
