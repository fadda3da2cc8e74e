import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startScheduler, type Scheduler } from '../../src/jobs/index.ts';
import type { AppContext } from '../../src/http/context.ts';
import { openTestContext } from '../helpers/context.ts';

/** Waits until `check` holds, polling; fails with `what` after a generous bound (the machine may be busy). */
async function eventually(what: string, check: () => boolean | Promise<boolean>, limitMs = 60_000) {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('job scheduler on pg-boss (the product database)', () => {
  let ctx: AppContext;
  let scheduler: Scheduler;
  const ticks: number[] = [];
  const unitRuns = new Map<string, number>();
  const warnings: string[] = [];
  let slowRunning = false;
  let slowFinished = false;

  before(async () => {
    ctx = await openTestContext();
    scheduler = await startScheduler(
      ctx.database,
      [
        // A short-period queue drains again and again without a timer.
        { name: 'test.tick', everySeconds: 1, run: async () => void ticks.push(ticks.length) },
        // Units: channel "bad" always fails; "good" and "also-good" must run regardless, and "bad" is retried.
        {
          name: 'test.units',
          everySeconds: 1,
          retryLimit: 1,
          units: async () => ['good', 'bad', 'also-good'].map((key) => ({ key, data: { key } })),
          run: async (data) => {
            const key = String(data.key);
            unitRuns.set(key, (unitRuns.get(key) ?? 0) + 1);
            if (key === 'bad') throw new Error('the network answered garbage');
          },
        },
        // A run in progress when the scheduler stops is allowed to finish.
        {
          name: 'test.slow',
          cron: '0 0 1 1 *',
          run: async () => {
            slowRunning = true;
            await new Promise((r) => setTimeout(r, 1_500));
            slowFinished = true;
          },
        },
      ],
      { warn: (m) => warnings.push(m), pollSeconds: 1 },
    );
  });
  after(async () => {
    await scheduler?.stop();
    await ctx?.database.close();
  });

  test('a short-period job runs repeatedly', async () => {
    await eventually('three ticks', () => ticks.length >= 3);
  });

  test('each unit of work is its own job: a failing one is retried and holds up no other', async () => {
    await eventually('good units run twice', () => (unitRuns.get('good') ?? 0) >= 2 && (unitRuns.get('also-good') ?? 0) >= 2);
    await eventually('the bad unit retried', () => (unitRuns.get('bad') ?? 0) >= 2);
    assert.ok(warnings.includes('test.units (one unit) failed; will retry'));
    // Warnings name the job, never the error's content.
    assert.ok(warnings.every((w) => !w.includes('garbage')));
  });

  test('cron jobs are registered once in the database, and a job can be run on demand', async () => {
    const { rows } = await ctx.database.executeSql('SELECT name, cron FROM pgboss.schedule ORDER BY name');
    assert.deepEqual(
      (rows as Array<{ name: string; cron: string }>).map((r) => `${r.name} ${r.cron}`),
      ['test.slow 0 0 1 1 *', 'test.tick * * * * *', 'test.units * * * * *'],
    );
    await scheduler.runSoon('test.slow');
    await eventually('the slow job started', () => slowRunning);
    await assert.rejects(scheduler.runSoon('test.nope'), /no job named/);
  });

  test('stopping waits for the job in progress', async () => {
    assert.equal(slowFinished, false);
    await scheduler.stop();
    assert.equal(slowFinished, true);
    const before = ticks.length;
    await new Promise((r) => setTimeout(r, 2_500));
    assert.equal(ticks.length, before, 'no work after stop');
  });
});
