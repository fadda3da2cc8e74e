import type { AppContext } from '../http/context.ts';
import { collectMetrics } from './analytics.ts';
import { checkAllChannels } from './channels.ts';
import { alertSlaBreaches, pollInbox, runResponseQueue } from './inbox.ts';
import { expireApprovals } from './posts.ts';
import { runPublishQueue } from './queue.ts';

/**
 * The publisher's background work, on timers in every server process (claims use SKIP LOCKED or
 * conditional updates, so processes do not collide): the send queues often, the inbox every minute,
 * health checks and metrics every ten minutes.
 */
export function startPublisherWorker(ctx: Pick<AppContext, 'db' | 'secrets'>, warn: (msg: string) => void) {
  const every = (ms: number, name: string, fn: () => Promise<unknown>) => {
    let running = false;
    const t = setInterval(() => {
      if (running) return;
      running = true;
      fn()
        .catch(() => warn(`${name} failed; will retry`))
        .finally(() => (running = false));
    }, ms);
    t.unref();
    return t;
  };
  const timers = [
    every(2_000, 'publish queue', async () => {
      await runPublishQueue(ctx);
      await runResponseQueue(ctx);
    }),
    every(60_000, 'inbox poll', async () => {
      await pollInbox(ctx);
      await alertSlaBreaches(ctx.db);
      await expireApprovals(ctx.db);
    }),
    every(600_000, 'channel health', async () => {
      await checkAllChannels(ctx);
      await collectMetrics(ctx);
    }),
  ];
  return () => timers.forEach(clearInterval);
}
