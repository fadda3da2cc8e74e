import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { z } from 'zod';
import { buildApp } from '../../src/app.ts';
import { raiseStorageAlerts } from '../../src/db/index.ts';
import { createTestOrg, openTestContext, signedIn } from '../helpers/context.ts';

test('a write refused for a full disk is a 507; administrators get an alert once writing works again', async (t) => {
  const ctx = await openTestContext();
  const app = await buildApp(ctx, { logger: false });
  t.after(async () => {
    await app.close();
    await ctx.database.close();
  });
  // A write that meets PostgreSQL's "could not extend file: No space left on device" (SQLSTATE 53100).
  app.post('/api/test/full-disk-write', { schema: { response: { 200: z.object({ ok: z.boolean() }) } } }, () => {
    throw Object.assign(new Error('could not extend file "base/16384/2619": No space left on device'), { code: '53100' });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const server = { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
  const org = await createTestOrg(ctx);
  const staff = await signedIn(server, org, 'staff');
  for (let i = 0; i < 2; i++) {
    const r = await staff.post('/api/test/full-disk-write', {});
    assert.equal(r.status, 507);
    assert.equal(r.json.error.id, 'storage_full');
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    assert.doesNotMatch(r.text, /base\/16384|extend file/, 'no server detail in the answer');
  }
  assert.ok((await raiseStorageAlerts(ctx.db)) >= 1);
  assert.equal(await raiseStorageAlerts(ctx.db), 0, 'raised once');
  const admin = await signedIn(server, org, 'admin');
  const alerts = (await admin.get('/api/security/alerts?scope=organization')).json.alerts as {
    kind: string;
    detail: { refusedWrites: number };
  }[];
  const full = alerts.filter((a) => a.kind === 'storage_full');
  assert.equal(full.length, 1);
  assert.equal(full[0].detail.refusedWrites, 2);
  const patient = await signedIn(server, org, 'patient');
  assert.equal((await patient.get('/api/security/alerts?scope=organization')).status, 404, 'for those who read the organization’s alerts');
});
