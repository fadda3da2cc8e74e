import { PgBoss, type Job } from 'pg-boss';
import type { Database } from '../db/index.ts';

type Data = Record<string, unknown>;

/** One kind of background work: when it runs, and what one run does. */
export interface RecurringJob {
  /** Queue name, `feature.work` (e.g. `publisher.inbox`). */
  name: string;
  /** A cron schedule (UTC, minute resolution)… */
  cron?: string;
  /** …or a short period for queues drained often (the job re-queues itself after each run). */
  everySeconds?: number;
  /**
   * The units of work, when there are several (one per channel, one per organization): each becomes a job
   * of its own under `<name>.unit`, retried and failing alone, so one bad channel holds up no other.
   */
  units?: () => Promise<Array<{ key: string; data: Data }>>;
  /** One run (or one unit when `units` is set). */
  run: (data: Data) => Promise<unknown>;
  /** Retries after a failure, with exponential backoff (default 2). */
  retryLimit?: number;
}

export interface SchedulerOptions {
  /** A failure, named without its content (messages may carry data). */
  warn: (message: string) => void;
  /** How often idle workers look for due jobs of cron queues (seconds; default 10). */
  pollSeconds?: number;
}

export interface Scheduler {
  /** Runs a job now (outside its schedule), e.g. after a write that has work for it. */
  runSoon(name: string): Promise<void>;
  /** Stops taking jobs, lets running ones finish (up to `timeoutMs`), then returns. */
  stop(timeoutMs?: number): Promise<void>;
}

const KICK = 'kick';
/**
 * A running job beats every 10 s; one whose process died (SIGKILL, power loss) stops beating and is
 * failed and retried within about 35 s. Without it, `stately` would keep the dead job "active" and hold
 * its queue (the publish queue, say) until the hour-long expiry.
 */
const LIFETIME = { expireInSeconds: 3_600, heartbeatSeconds: 20 };

/**
 * Every piece of background work on pg-boss, in the product's own database (PGlite or PostgreSQL): cron
 * schedules claimed once per occurrence across processes, retries with backoff, one queued and one
 * running job at a time per queue (policy `stately`, keyed per unit), and one graceful stop.
 */
export async function startScheduler(database: Database, jobs: RecurringJob[], opts: SchedulerOptions): Promise<Scheduler> {
  const boss = new PgBoss({
    db: { executeSql: async (text, values) => ({ rows: (await database.executeSql(text, values)).rows }) },
    backend: database.kind === 'pglite' ? 'pglite' : 'postgres',
    schema: 'pgboss',
    persistWarnings: false,
    // How often lapsed heartbeats and expired jobs are looked for (see LIFETIME below).
    superviseIntervalSeconds: 15,
    monitorIntervalSeconds: 15,
  });
  const poll = opts.pollSeconds ?? 10;
  const byName = new Map(jobs.map((j) => [j.name, j]));
  boss.on('error', (e: unknown) => opts.warn(`job scheduler error (${e instanceof Error ? e.name : 'unknown'})`));
  try {
    await boss.start();
    for (const job of jobs) {
      const retry = { retryLimit: job.retryLimit ?? 2, retryDelay: 5, retryBackoff: true, retryDelayMax: 600 };
      await boss.createQueue(job.name, { policy: 'stately', ...(job.units ? {} : retry), ...LIFETIME });
      await boss.updateQueue(job.name, LIFETIME); // queues made by an older version get the heartbeat too
      if (job.units) {
        await boss.createQueue(`${job.name}.unit`, { policy: 'stately', ...retry, ...LIFETIME });
        await boss.updateQueue(`${job.name}.unit`, LIFETIME);
      }
      // Cron jobs fire on schedule; short-period jobs are also kicked every minute in case their chain broke.
      await boss.schedule(job.name, job.cron ?? '* * * * *', { [KICK]: true }, { tz: 'UTC' });

      const units = job.units;
      const runOnce = units
        ? async () => {
            for (const unit of await units()) await boss.send(`${job.name}.unit`, unit.data, { singletonKey: unit.key });
          }
        : async (data: Data) => {
            await job.run(data);
          };
      await boss.work<Data>(
        job.name,
        { pollingIntervalSeconds: Math.min(poll, job.everySeconds ?? poll), batchSize: 1 },
        async (batch: Job<Data>[]) => {
          try {
            for (const j of batch) await runOnce(j.data ?? {});
          } catch (e) {
            opts.warn(`${job.name} failed; will retry`);
            throw e;
          } finally {
            if (job.everySeconds) await boss.send(job.name, {}, { startAfter: job.everySeconds }).catch(() => undefined);
          }
        },
      );
      if (units)
        await boss.work<Data>(
          `${job.name}.unit`,
          { pollingIntervalSeconds: Math.min(poll, job.everySeconds ?? poll), batchSize: 1 },
          async (batch) => {
            try {
              for (const j of batch) await job.run(j.data ?? {});
            } catch (e) {
              opts.warn(`${job.name} (one unit) failed; will retry`);
              throw e;
            }
          },
        );
      if (job.everySeconds) await boss.send(job.name, {});
    }
  } catch (e) {
    // Half started (the database went away mid-way): stop what did start before giving up.
    await boss.stop({ graceful: false, close: false }).catch(() => undefined);
    throw e;
  }

  return {
    async runSoon(name) {
      if (!byName.has(name)) throw new Error(`no job named ${name}`);
      await boss.send(name, {});
    },
    async stop(timeoutMs = 10_000) {
      await boss.stop({ graceful: true, timeout: timeoutMs, close: false });
    },
  };
}
