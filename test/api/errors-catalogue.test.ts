import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ERRORS } from '../../src/shared/errors.ts';
import { startTestServer } from '../helpers/context.ts';
import { Client } from '../helpers/http.ts';

const SRC = path.resolve(import.meta.dirname, '..', '..', 'src');
const sources = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

describe('one error catalogue', () => {
  test('each id has one status and a meaning; ids are snake_case', () => {
    for (const [id, e] of Object.entries(ERRORS)) {
      assert.match(id, /^[a-z][a-z0-9_]*$/);
      assert.ok(e.status >= 400 && e.status < 600, `${id} has an error status`);
      assert.ok(e.meaning.length > 5, `${id} says what it means`);
    }
  });
  test('the API document publishes the error shape and every id with its status', async () => {
    const server = await startTestServer();
    try {
      const doc = (await new Client(server.url).get('/api/openapi.json')).json;
      const id = doc.components.schemas.Error.properties.error.properties.id;
      assert.deepEqual(id.enum, Object.keys(ERRORS));
      assert.match(id.description, /phi_consent_required \(422\)/);
      const missing = await new Client(server.url).get('/api/no-such-route');
      assert.equal(missing.status, ERRORS.route_not_found.status);
      assert.equal(missing.json.error.id, 'route_not_found');
    } finally {
      await server.close();
    }
  });
  test('no error response is built outside the catalogue (no literal status beside an error id)', () => {
    const offenders: string[] = [];
    // http/errors.ts is the one place that writes the error shape, with the catalogue's status.
    for (const file of sources(SRC).filter((f) => !f.endsWith(path.join('http', 'errors.ts')))) {
      const text = fs.readFileSync(file, 'utf8');
      if (/new AppError\(\s*\d{3}/.test(text) || /send\(\{\s*error:/.test(text)) offenders.push(path.relative(SRC, file));
    }
    assert.deepEqual(offenders, []);
  });
});
