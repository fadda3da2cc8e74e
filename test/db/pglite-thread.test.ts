import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PGliteThread } from '../../src/db/pglite-thread.ts';

describe('the embedded database thread', () => {
  test('a query after the database thread died fails with a reason instead of hanging', async () => {
    const t = new PGliteThread('memory://');
    await t.waitReady;
    const notified: string[] = [];
    const unlisten = await t.listen('hl_thread_test', (p) => notified.push(p));
    await unlisten();
    await (t as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await assert.rejects(t.execProtocolStream(new Uint8Array([0x53, 0, 0, 0, 4])), /embedded database stopped/);
  });
});
