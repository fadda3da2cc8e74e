import type { Db } from '../db/index.ts';
import type { AppContext } from '../http/context.ts';
import type { RecurringJob } from '../jobs/index.ts';
import { collectMetrics } from './analytics.ts';
import { checkAllChannels } from './channels.ts';
import { alertSlaBreaches, pollInbox, runResponseQueue } from './inbox.ts';
import { expireApprovals } from './posts.ts';
import { runPublishQueue } from './queue.ts';
import { runTakedownQueue } from './takedowns.ts';

type Ctx = Pick<AppContext, 'db' | 'secrets' | 'outbound' | 'config'>;

/** One unit per active channel: a channel that answers garbage fails (and is retried) alone. */
async function activeChannels(db: Db) {
  const rows = await db.selectFrom('channels').select('id').where('status', '=', 'active').execute();
  return rows.map((c) => ({ key: c.id, data: { channelId: c.id } }));
}
const channelOf = (data: Record<string, unknown>) => ({ channelId: String(data.channelId) });

/**
 * The publisher's background work. The send queues are drained every few seconds (targets are claimed
 * with SKIP LOCKED and each is sent alone, with its own attempts and backoff); the inbox is pulled every
 * 30 seconds, health checks and metrics every ten minutes, one job per channel.
 */
export function publisherJobs(ctx: Ctx): RecurringJob[] {
  return [
    { name: 'publisher.publish', everySeconds: 2, run: () => runPublishQueue(ctx) },
    { name: 'publisher.responses', everySeconds: 2, run: () => runResponseQueue(ctx) },
    { name: 'publisher.takedowns', everySeconds: 10, run: () => runTakedownQueue(ctx) },
    // Every 30 s: answers keep their response deadlines, and the sandbox's replies show up while one watches.
    { name: 'publisher.inbox', everySeconds: 30, units: () => activeChannels(ctx.db), run: (d) => pollInbox(ctx, channelOf(d)) },
    { name: 'publisher.response-deadlines', cron: '* * * * *', run: () => alertSlaBreaches(ctx.db) },
    { name: 'publisher.approval-expiry', cron: '* * * * *', run: () => expireApprovals(ctx.db) },
    {
      name: 'publisher.channel-health',
      cron: '*/10 * * * *',
      units: () => activeChannels(ctx.db),
      run: (d) => checkAllChannels(ctx, channelOf(d)),
    },
    {
      name: 'publisher.metrics',
      cron: '*/10 * * * *',
      units: () => activeChannels(ctx.db),
      run: (d) => collectMetrics(ctx, new Date(), channelOf(d)),
    },
  ];
}
