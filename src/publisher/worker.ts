import type { AppContext } from '../http/context.ts';
import { collectMetrics } from './analytics.ts';
import { checkAllChannels } from './channels.ts';
import { alertSlaBreaches, pollInbox, runResponseQueue } from './inbox.ts';
import { expireApprovals } from './posts.ts';
import { runPublishQueue } from './queue.ts';
import { runTakedownQueue } from './takedowns.ts';

/**
 * The publisher's background work, on timers in every server process (claims use SKIP LOCKED or
 * conditional updates, so processes do not collide): the send queues often, the inbox every minute,
 * health checks and metrics every ten minutes.
 */
export function startPublisherWorker(ctx: Pick<AppContext, 'db' | 'secrets' | 'outbound'>, warn: (msg: string) => void) {
  // Each job runs on its own: a failure in one (a channel answering garbage) never holds up another.
  const every = (ms: number, name: string, fn: () => Promise<unknown>) => {
    let running = false;
    const t = setInterval(() => {
      if (running) return;
      running = true;
      fn()
        .catch((e) => warn(`${name} failed${e instanceof AggregateError ? ` (${e.message})` : ''}; will retry`))
        .finally(() => (running = false));
    }, ms);
    t.unref();
    return t;
  };
  const timers = [
    every(2_000, 'publish queue', () => runPublishQueue(ctx)),
    every(2_000, 'response queue', () => runResponseQueue(ctx)),
    every(10_000, 'takedowns', () => runTakedownQueue(ctx)),
    every(60_000, 'inbox poll', () => pollInbox(ctx)),
    every(60_000, 'response deadline alerts', () => alertSlaBreaches(ctx.db)),
    every(60_000, 'approval expiry', () => expireApprovals(ctx.db)),
    every(600_000, 'channel health', () => checkAllChannels(ctx)),
    every(600_000, 'metrics', () => collectMetrics(ctx)),
  ];
  return () => timers.forEach(clearInterval);
}
