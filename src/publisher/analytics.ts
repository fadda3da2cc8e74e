import { sql } from 'kysely';
import type { Actor } from '../access/policy.ts';
import type { Db } from '../db/database.ts';
import type { AppContext } from '../http/context.ts';
import { csvCell } from '../shared/csv.ts';
import { median } from '../shared/stats.ts';
import { connectorFor, persistCredentials } from './channels.ts';
import { eachAlone } from '../shared/each-alone.ts';
import { ConnectorError } from './connectors/index.ts';

/** Snapshots reach and engagement of posts published in the last 30 days from the networks. */
export async function collectMetrics(
  ctx: Pick<AppContext, 'db' | 'secrets' | 'outbound'>,
  now = new Date(),
  only?: { channelId: string },
): Promise<number> {
  let query = ctx.db
    .selectFrom('publisher_targets')
    .select(['id', 'channel_id', 'remote_id', 'org_id'])
    .where('status', '=', 'published')
    .where('published_at', '>', new Date(now.getTime() - 30 * 86_400_000));
  if (only) query = query.where('channel_id', '=', only.channelId);
  const targets = await query.execute();
  let captured = 0;
  await eachAlone(new Set(targets.map((t) => t.channel_id)), async (channelId) => {
    const channel = await ctx.db.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirstOrThrow();
    if (channel.status !== 'active') return;
    const mine = targets.filter((t) => t.channel_id === channelId && t.remote_id);
    const connector = connectorFor(ctx, channel);
    let metrics;
    try {
      metrics = await connector.metrics(mine.map((t) => t.remote_id!));
      await persistCredentials(ctx, channel, connector);
    } catch (e) {
      if (e instanceof ConnectorError) return;
      throw e;
    }
    const rows = mine.flatMap((t) => {
      const m = metrics.get(t.remote_id!);
      return m
        ? [
            {
              target_id: t.id,
              org_id: t.org_id,
              captured_at: now,
              likes: m.likes,
              reposts: m.reposts,
              replies: m.replies,
              impressions: m.impressions,
            },
          ]
        : [];
    });
    if (rows.length)
      await ctx.db
        .insertInto('network_metrics')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .execute();
    captured += rows.length;
  });
  return captured;
}

/** Reach and engagement per post and channel, response times and SLA breaches, and compliance figures. */
export async function publisherAnalytics(db: Db, actor: Actor, days: number) {
  const since = new Date(Date.now() - days * 86_400_000);
  const posts = (
    await sql<{
      target_id: string;
      post_id: string;
      body: string;
      campaign: string | null;
      channel: string;
      network: string;
      published_at: Date;
      likes: number | null;
      reposts: number | null;
      replies: number | null;
      impressions: number | null;
    }>`
    SELECT t.id AS target_id, p.id AS post_id, p.body, p.campaign, c.name AS channel, c.network, t.published_at, m.likes, m.reposts, m.replies, m.impressions
    FROM publisher_targets t
    JOIN publisher_posts p ON p.id = t.post_id
    JOIN channels c ON c.id = t.channel_id
    LEFT JOIN LATERAL (SELECT likes, reposts, replies, impressions FROM network_metrics WHERE target_id = t.id ORDER BY captured_at DESC LIMIT 1) m ON true
    WHERE t.org_id = ${actor.orgId} AND t.status = 'published' AND t.published_at >= ${since}
    ORDER BY t.published_at DESC`.execute(db)
  ).rows;
  const channels = new Map<string, { channel: string; network: string; posts: number; likes: number; reposts: number; replies: number }>();
  for (const p of posts) {
    const c = channels.get(p.channel) ?? { channel: p.channel, network: p.network, posts: 0, likes: 0, reposts: 0, replies: 0 };
    c.posts++;
    c.likes += p.likes ?? 0;
    c.reposts += p.reposts ?? 0;
    c.replies += p.replies ?? 0;
    channels.set(p.channel, c);
  }
  const inbox = await db
    .selectFrom('inbox_items')
    .select(['received_at', 'first_response_at', 'due_at', 'status', 'breach_alerted_at'])
    .where('org_id', '=', actor.orgId)
    .where('received_at', '>=', since)
    .execute();
  const responseMinutes = inbox
    .filter((i) => i.first_response_at)
    .map((i) => (i.first_response_at!.getTime() - i.received_at.getTime()) / 60_000);
  // Late answers, alerts already raised, and items still open past their deadline.
  const breaches = inbox.filter(
    (i) => i.breach_alerted_at !== null || (i.first_response_at ? i.first_response_at > i.due_at : i.due_at.getTime() < Date.now()),
  ).length;
  const blocked = (
    await sql<{ category: string; n: number }>`
    SELECT category, count(*)::int AS n FROM guard_decisions, unnest(categories) AS category
    WHERE org_id = ${actor.orgId} AND record_kind IN ('network_post', 'inbox_response') AND outcome = 'rejected' AND created_at >= ${since}
    GROUP BY 1 ORDER BY 2 DESC`.execute(db)
  ).rows;
  const approvals = (
    await sql<{
      status: string;
      n: number;
    }>`SELECT status, count(*)::int AS n FROM publisher_posts WHERE org_id = ${actor.orgId} AND created_at >= ${since} GROUP BY 1`.execute(
      db,
    )
  ).rows;
  const consent = await db
    .selectFrom('publisher_posts')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('org_id', '=', actor.orgId)
    .where('created_at', '>=', since)
    .where('consent_id', 'is not', null)
    .executeTakeFirstOrThrow();
  // Community events in the period: replies and attendance (taken by the organizers).
  const eventFigures = await db
    .selectFrom('events as e')
    .select(['e.id', 'e.title', 'e.starts_at', 'e.status', 'e.capacity'])
    .select((eb) => [
      eb
        .selectFrom('event_rsvps as r')
        .select(eb.fn.countAll().as('n'))
        .whereRef('r.event_id', '=', 'e.id')
        .where('r.status', '=', 'going')
        .as('going'),
      eb
        .selectFrom('event_rsvps as r')
        .select(eb.fn.countAll().as('n'))
        .whereRef('r.event_id', '=', 'e.id')
        .where('r.status', '=', 'waitlist')
        .as('waitlist'),
      eb
        .selectFrom('event_rsvps as r')
        .select(eb.fn.countAll().as('n'))
        .whereRef('r.event_id', '=', 'e.id')
        .where('r.attended', '=', true)
        .as('attended'),
    ])
    .where('e.org_id', '=', actor.orgId)
    .where('e.starts_at', '>=', since)
    .orderBy('e.starts_at')
    .limit(200)
    .execute();
  return {
    days,
    channels: [...channels.values()],
    posts: posts.map((p) => ({
      postId: p.post_id,
      channel: p.channel,
      network: p.network,
      campaign: p.campaign,
      excerpt: p.body.slice(0, 80),
      publishedAt: p.published_at.toISOString(),
      likes: p.likes,
      reposts: p.reposts,
      replies: p.replies,
      impressions: p.impressions,
    })),
    inbox: {
      received: inbox.length,
      responded: responseMinutes.length,
      medianResponseMinutes: median(responseMinutes),
      slaBreaches: breaches,
      openOverdue: inbox.filter((i) => i.status === 'open' && i.due_at.getTime() < Date.now()).length,
    },
    events: eventFigures.map((e) => ({
      eventId: e.id,
      title: e.title,
      startsAt: e.starts_at.toISOString(),
      status: e.status,
      capacity: e.capacity,
      going: Number(e.going),
      waitlist: Number(e.waitlist),
      attended: Number(e.attended),
    })),
    compliance: {
      blockedByCategory: Object.fromEntries(blocked.map((b) => [b.category, Number(b.n)])),
      postsByStatus: Object.fromEntries(approvals.map((a) => [a.status, Number(a.n)])),
      consentBackedPosts: Number(consent.n),
    },
  };
}

export function analyticsCsv(a: Awaited<ReturnType<typeof publisherAnalytics>>): string {
  const header = ['published_at', 'channel', 'network', 'campaign', 'excerpt', 'likes', 'reposts', 'replies', 'impressions'];
  const lines = [
    header.join(','),
    ...a.posts.map((p) =>
      [p.publishedAt, p.channel, p.network, p.campaign, p.excerpt, p.likes, p.reposts, p.replies, p.impressions].map(csvCell).join(','),
    ),
  ];
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}
