import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryItemsAfter } from '../../src/db/index.ts';
import { Batcher } from '../../src/shared/batcher.ts';

const failure = (code: string) => Object.assign(new Error(`failed (${code})`), { code });

/** Three items in one failing batch: how many more flushes, and what each submitter hears. */
async function failedBatch(err: Error) {
  const flushed: string[][] = [];
  let release!: () => void;
  const first = new Promise<void>((resolve) => (release = resolve));
  const batcher = new Batcher<string, string>(
    async (items) => {
      flushed.push(items);
      if (items.includes('first')) {
        await first;
        return items;
      }
      if (items.length > 1) throw err;
      return items.map((i) => `${i} alone`);
    },
    64,
    retryItemsAfter,
  );
  const head = batcher.submit('first');
  // Submitted while the first flush runs: they go together in the next one, which fails.
  const rest = ['a', 'b', 'c'].map((i) => batcher.submit(i).then(String, (e: Error) => `rejected: ${e.message}`));
  release();
  await head;
  const answers = await Promise.all(rest);
  return { flushes: flushed.slice(1), answers };
}

test('a batch that lost the database is not written again item by item (its commit may have happened)', async () => {
  for (const code of ['57P01', '08006', 'ECONNRESET']) {
    const { flushes, answers } = await failedBatch(failure(code));
    assert.deepEqual(flushes, [['a', 'b', 'c']], code);
    assert.deepEqual(
      answers,
      ['a', 'b', 'c'].map(() => `rejected: failed (${code})`),
    );
  }
  const lost = await failedBatch(new Error('Connection terminated unexpectedly'));
  assert.equal(lost.flushes.length, 1);
  const full = await failedBatch(failure('53100'));
  assert.equal(full.flushes.length, 1, 'out of space: retrying each item only fails again');
});

test('a batch that one item or a conflict rolled back is retried item by item', async () => {
  for (const err of [new Error('an item is wrong'), failure('23514'), failure('40P01'), failure('40001')]) {
    const { flushes, answers } = await failedBatch(err);
    assert.deepEqual(flushes, [['a', 'b', 'c'], ['a'], ['b'], ['c']], err.message);
    assert.deepEqual(answers, ['a alone', 'b alone', 'c alone']);
  }
});
