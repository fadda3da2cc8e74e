import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { droppedFields, registerContracts } from '../../src/http/contracts.ts';

async function appWith(strict: boolean) {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  registerContracts(app, { strict });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const response = { 200: z.object({ user: z.object({ id: z.string(), name: z.string() }) }) };
  // The handler returns more than its contract lists (a password hash slipped into a row).
  r.get('/api/user', { schema: { response } }, async () => ({ user: { id: 'u1', name: 'Sam', password_hash: 'argon2…' } }) as never);
  await app.ready();
  return app;
}

test('a field the response schema does not list never leaves the server', async () => {
  const app = await appWith(false);
  const res = await app.inject({ method: 'GET', url: '/api/user' });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { user: { id: 'u1', name: 'Sam' } });
  await app.close();
});

test('in strict mode (tests, development) the same answer fails, naming the field', async () => {
  const app = await appWith(true);
  const written: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  const capture = (chunk: string | Uint8Array) => (written.push(String(chunk)), true);
  process.stderr.write = capture;
  try {
    const res = await app.inject({ method: 'GET', url: '/api/user' });
    assert.equal(res.statusCode, 500);
    assert.ok(!res.body.includes('argon2'), 'the content is not in the answer');
  } finally {
    process.stderr.write = write;
  }
  assert.ok(written.some((w) => w.includes('GET /api/user') && w.includes('.user.password_hash')));
  assert.ok(
    written.every((w) => !w.includes('argon2')),
    'nor in the log',
  );
  await app.close();
});

test('an answer whose types drift from its contract is still cut down to the listed fields in production, and fails in tests', async () => {
  for (const strict of [false, true]) {
    const app = Fastify({ logger: false });
    registerContracts(app, { strict });
    const r = app.withTypeProvider<ZodTypeProvider>();
    const response = { 200: z.object({ items: z.array(z.object({ id: z.string(), rating: z.number() })) }) };
    // A raw SQL average came back as a string, and a column nobody listed rode along.
    r.get('/api/items', { schema: { response } }, async () => ({ items: [{ id: 'a', rating: '4.5', secret: 's3cret' }] }) as never);
    const write = process.stderr.write.bind(process.stderr);
    const written: string[] = [];
    const capture = (chunk: string | Uint8Array) => (written.push(String(chunk)), true);
    process.stderr.write = capture;
    try {
      const res = await app.inject({ method: 'GET', url: '/api/items' });
      if (strict) assert.equal(res.statusCode, 500);
      else assert.deepEqual(res.json(), { items: [{ id: 'a', rating: '4.5' }] });
      assert.ok(!res.body.includes('s3cret'));
    } finally {
      process.stderr.write = write;
    }
    assert.ok(
      written.some((w) => w.includes('GET /api/items does not match its contract at: items.0.rating')),
      written.join(''),
    );
    await app.close();
  }
});

test('an API route without a response schema is refused when the server starts', async () => {
  const app = Fastify({ logger: false });
  registerContracts(app, { strict: false });
  assert.throws(() => app.get('/api/anything', async () => ({ ok: true })), /GET \/api\/anything has no response schema/);
  app.get('/api/hidden', { schema: { hide: true } }, async () => ({ ok: true }));
  await app.close();
});

test('droppedFields walks objects and arrays and ignores undefined values', () => {
  assert.deepEqual(droppedFields({ a: 1, b: [{ c: 1, d: 2 }], e: undefined }, { a: 1, b: [{ c: 1 }] }), ['.b[].d']);
  assert.deepEqual(droppedFields({ at: new Date(0) }, { at: '1970-01-01T00:00:00.000Z' }), []);
});
