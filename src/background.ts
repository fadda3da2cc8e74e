import { runRetentionSchedule } from './archive/disposition.ts';
import { copyToWorm } from './archive/worm.ts';
import { lapseExpiredConsents } from './consent/lapse.ts';
import { ensurePartitions, raiseStorageAlerts, type Db } from './db/index.ts';
import type { AppContext } from './http/context.ts';
import { startScheduler, type RecurringJob, type Scheduler } from './jobs/index.ts';
import { deliverOutbox } from './notify/mailer.ts';
import { deliverPushes } from './notify/web-push.ts';
import { sendDigests } from './notify/notifications.ts';
import { runWeeklyDigests } from './oversight/service.ts';
import { publisherJobs } from './publisher/jobs.ts';
import { processWaiting, purgeDestroyedFiles } from './media/index.ts';
import { runSignalSweep } from './signals/service.ts';
import { sendEventReminders } from './events/index.ts';

async function organizations(db: Db) {
  const rows = await db.selectFrom('organizations').select('id').execute();
  return rows.map((o) => ({ key: o.id, data: { orgId: o.id } }));
}
const orgOf = (data: Record<string, unknown>) => String(data.orgId);

/** Every piece of background work the product does, with its schedule. */
export function backgroundJobs(ctx: AppContext): RecurringJob[] {
  const { config, db, secrets } = ctx;
  const smtpUrl = config.smtpUrl;
  const worm = config.worm;
  const jobs: RecurringJob[] = [
    // Retention: daily at 03:15 UTC, one job per organization (an advisory lock also guards each sweep).
    {
      name: 'archive.disposition',
      cron: '15 3 * * *',
      units: () => organizations(db),
      // Carries out approved requests past their delay and proposes new ones; never destroys on its own.
      run: (d) => runRetentionSchedule(db, secrets, orgOf(d)),
    },
    // Writes this process saw refused for a full disk become an alert for administrators once writing works again.
    { name: 'db.storage-alerts', everySeconds: 30, run: () => raiseStorageAlerts(db) },
    // History tables are partitioned by month: the coming months' partitions are made ahead, daily.
    { name: 'db.partitions', cron: '20 2 * * *', run: () => ensurePartitions(db) },
    // Expired consents are carried out like revocations (hidden, cancelled, taken down) within a minute.
    { name: 'consent.lapse', cron: '* * * * *', run: () => lapseExpiredConsents(db) },
    // Notification digests go out after quiet hours; public-health signals are swept hourly (alerts are unique per day).
    { name: 'notify.digests', cron: '* * * * *', run: () => sendDigests(db) },
    { name: 'signals.sweep', cron: '5 * * * *', run: () => runSignalSweep(db) },
    { name: 'oversight.weekly-digests', cron: '10 * * * *', run: () => runWeeklyDigests(db) },
    // Event reminders a day ahead, to everyone going (held through their quiet hours like any notification).
    { name: 'events.remind', cron: '*/5 * * * *', run: () => sendEventReminders(db) },
    ...publisherJobs(ctx),
    // Pictures whose check was interrupted (a restart, a crash) are checked again.
    { name: 'media.recheck', everySeconds: 30, run: () => processWaiting(ctx) },
    // Files of destroyed pictures leave storage once their destruction has committed.
    { name: 'media.purge', everySeconds: 60, run: () => purgeDestroyedFiles(ctx) },
  ];
  // Web Push to the devices people turned on; like mail, any process may deliver (SKIP LOCKED).
  jobs.push({ name: 'notify.push', everySeconds: 2, run: () => deliverPushes(ctx) });
  // Outgoing mail: rows are claimed with SKIP LOCKED, so any process may deliver.
  if (smtpUrl) jobs.push({ name: 'notify.mail', everySeconds: 2, run: () => deliverOutbox(db, smtpUrl) });
  // WORM copy: new archive entries go to locked object storage, one organization per job; the cursor is in the database.
  if (worm)
    jobs.push({
      name: 'archive.worm-copy',
      everySeconds: 10,
      units: () => organizations(db),
      run: (d) => copyToWorm(db, worm, ctx.outbound, orgOf(d)),
    });
  return jobs;
}

/**
 * Starts the scheduler and keeps trying while the database is unavailable (a server that is up answers
 * 503s meanwhile; its background work starts once the database is back). `started` settles when running.
 */
export function startBackgroundJobs(ctx: AppContext, warn: (message: string) => void): { started: Promise<void>; stop(): Promise<void> } {
  let scheduler: Scheduler | undefined;
  let stopped = false;
  const started = (async () => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        scheduler = await startScheduler(ctx.database, backgroundJobs(ctx), { warn });
        if (stopped) await scheduler.stop();
        return;
      } catch {
        warn('job scheduler could not start (database unavailable); will retry');
        await new Promise((r) => setTimeout(r, Math.min(30_000, 1_000 * 2 ** attempt)).unref());
      }
    }
  })();
  return {
    started,
    async stop() {
      stopped = true;
      await scheduler?.stop();
    },
  };
}
