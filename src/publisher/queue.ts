import { sql } from 'kysely';
import { captureRecord, logDistribution } from '../archive/archive-writer.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { AppContext } from '../http/context.ts';
import { notify } from '../notify/notifications.ts';
import { checkChannel, connectorFor, persistCredentials, type ChannelRow } from './channels.ts';
import { eachAlone } from '../shared/each-alone.ts';
import { ConnectorError, type Connector, type PublishResult } from './connectors/index.ts';
import { readOrgSettings } from '../repositories/index.ts';
import { textAsSent } from './links.ts';
import { publisherSettings } from './posts.ts';
import { scheduleNextOccurrence } from './recurrence.ts';
import { picturesToSend } from '../media/index.ts';

type Ctx = Pick<AppContext, 'db' | 'secrets' | 'outbound' | 'config'>;
export const MAX_ATTEMPTS = 6;

/** 30 s, 1 min, 2 min … capped at an hour; a network's own Retry-After wins when it is longer. */
export const backoffMs = (attempt: number, retryAfterMs?: number) =>
  Math.max(retryAfterMs ?? 0, Math.min(3_600_000, 30_000 * 2 ** (attempt - 1)));

type ClaimedTarget = {
  id: string;
  post_id: string;
  org_id: string;
  channel_id: string;
  idempotency_key: string;
  attempts: number;
  remote_id: string | null;
  remote_url: string | null;
  thread_ref: string | null;
  follow_up_keys: string[];
  follow_up_ids: string[];
};

/** Channels sent to at once, and sends in flight on one channel (one connector: a token refresh is shared). */
const CHANNELS_AT_ONCE = 8;
const SENDS_PER_CHANNEL = 4;
/** A run stops claiming after this long, so one job run never holds locks near their expiry. */
const RUN_BUDGET_MS = 45_000;

/**
 * The publish queue: targets are claimed with SKIP LOCKED (any number of server processes), sent with
 * their idempotency key, and either recorded as published (archive + distribution log + audit) or put
 * back with backoff. A target whose process died mid-send is reclaimed after its lock expires and sent
 * again with the same key, so the network never gets it twice. A run claims batch after batch until
 * nothing is due (or its time budget is spent) and answers how many targets it handled.
 */
export async function runPublishQueue(ctx: Ctx, now = new Date(), batch = 40): Promise<number> {
  const started = Date.now();
  let handled = 0;
  for (;;) {
    const claimed = await claimTargets(ctx, now, batch);
    handled += claimed.length;
    const byChannel = new Map<string, ClaimedTarget[]>();
    for (const t of claimed) byChannel.set(t.channel_id, [...(byChannel.get(t.channel_id) ?? []), t]);
    await eachAlone(byChannel.values(), (targets) => sendToChannel(ctx, targets, now), { concurrency: CHANNELS_AT_ONCE });
    if (claimed.length < batch || Date.now() - started > RUN_BUDGET_MS) return handled;
  }
}

async function claimTargets(ctx: Ctx, now: Date, batch: number): Promise<ClaimedTarget[]> {
  const claimed = await sql<ClaimedTarget>`
    UPDATE publisher_targets SET status = 'publishing', attempts = attempts + 1, locked_until = ${new Date(now.getTime() + ctx.config.publisherSendLockMs)}
    WHERE id IN (
      SELECT id FROM publisher_targets
      WHERE (status = 'queued' AND next_attempt_at <= ${now}) OR (status = 'publishing' AND locked_until < ${now})
      ORDER BY next_attempt_at LIMIT ${batch} FOR UPDATE SKIP LOCKED)
    RETURNING id, post_id, org_id, channel_id, idempotency_key, attempts, remote_id, remote_url, thread_ref, follow_up_keys, follow_up_ids`.execute(
    ctx.db,
  );
  // Sent in the order they were composed (keys are time-ordered).
  return claimed.rows.toSorted((a, b) => a.idempotency_key.localeCompare(b.idempotency_key));
}

/** One channel's claimed targets through one connector (refreshed tokens are sealed once). */
async function sendToChannel(ctx: Ctx, targets: ClaimedTarget[], now: Date) {
  let channel = await ctx.db.selectFrom('channels').selectAll().where('id', '=', targets[0].channel_id).executeTakeFirstOrThrow();
  const connector = channel.status === 'active' ? connectorFor(ctx, channel) : null;
  await eachAlone(
    targets,
    async (t) => {
      await sendTarget(ctx, t, channel, connector, now);
      if (connector) channel = await persistCredentials(ctx, channel, connector);
    },
    { concurrency: SENDS_PER_CHANNEL },
  );
}

async function sendTarget(ctx: Ctx, t: ClaimedTarget, channel: ChannelRow, connector: Connector | null, now: Date) {
  const db = ctx.db;
  const post = await db
    .selectFrom('publisher_posts')
    .select(['id', 'body', 'author_id', 'version', 'status', 'campaign', 'follow_ups'])
    .where('id', '=', t.post_id)
    .executeTakeFirstOrThrow();
  if (post.status === 'cancelled' || (await consentLapsed(db, post.id))) {
    await db
      .updateTable('publisher_targets')
      .set({
        status: 'cancelled',
        locked_until: null,
        ...(post.status === 'cancelled' ? {} : { last_error: 'A consent it relies on was revoked or expired' }),
      })
      .where('id', '=', t.id)
      .execute();
    return;
  }
  if (!connector) {
    // Not sent from a revoked or paused connection; it waits (without using up attempts) until fixed.
    await db
      .updateTable('publisher_targets')
      .set({
        status: 'queued',
        attempts: t.attempts - 1,
        next_attempt_at: new Date(now.getTime() + 300_000),
        locked_until: null,
        last_error: `Channel ${channel.status}: ${channel.status_reason ?? ''}`.trim(),
      })
      .where('id', '=', t.id)
      .execute();
    return;
  }
  // With link tracking on, links carry UTM parameters, unless the longer text would not fit the network.
  const tracking = { on: publisherSettings(await readOrgSettings(db, t.org_id)).linkTracking, campaign: post.campaign };
  const asSent = (text: string) => textAsSent(text, channel, tracking);
  const sent = asSent(post.body);
  const parts = post.follow_ups.map(asSent);
  const isRetry = t.attempts > 1;
  // Progress is kept on the target as each part lands, so a retry resumes the thread where it stopped.
  let root: PublishResult | null = t.remote_id ? { remoteId: t.remote_id, url: t.remote_url, threadRef: t.thread_ref } : null;
  const partIds = [...t.follow_up_ids];
  try {
    if (!root) {
      const pictures = await picturesToSend(ctx, 'network_post', post.id);
      root = await connector.post(sent, t.idempotency_key, isRetry, pictures);
      if (parts.length)
        await db
          .updateTable('publisher_targets')
          .set({ remote_id: root.remoteId, remote_url: root.url, thread_ref: root.threadRef ?? null })
          .where('id', '=', t.id)
          .execute();
    }
    let parent = { remoteId: partIds.at(-1) ?? root.remoteId, threadRef: (partIds.length ? t.thread_ref : root.threadRef) ?? null };
    for (let k = partIds.length; k < parts.length; k++) {
      const part = await connector.continueThread(parent, parts[k], t.follow_up_keys[k], isRetry);
      partIds.push(part.remoteId);
      parent = { remoteId: part.remoteId, threadRef: part.threadRef ?? null };
      await db
        .updateTable('publisher_targets')
        .set({ follow_up_ids: partIds, thread_ref: parent.threadRef })
        .where('id', '=', t.id)
        .execute();
    }
    await recordPublished(db, t, channel, post, { body: sent, parts, root, partIds });
  } catch (e) {
    if (!(e instanceof ConnectorError)) throw e;
    const giveUp = !e.retryable || t.attempts >= MAX_ATTEMPTS;
    // The post itself is out: it stays published, with the parts that could not follow named.
    if (giveUp && root) {
      const missing = `Part ${partIds.length + 2} of the thread and after could not be sent: ${e.forAuthor}`;
      await recordPublished(db, t, channel, post, { body: sent, parts, root, partIds, missing });
      return;
    }
    await db.transaction().execute(async (tx) => {
      await lockPost(tx, post.id);
      await tx
        .updateTable('publisher_targets')
        .set(
          giveUp
            ? { status: 'failed', locked_until: null, last_error: e.forAuthor }
            : {
                status: 'queued',
                locked_until: null,
                last_error: e.forAuthor,
                next_attempt_at: new Date(now.getTime() + backoffMs(t.attempts, e.retryAfterMs)),
              },
        )
        .where('id', '=', t.id)
        .execute();
      await recordAudit(tx, {
        orgId: t.org_id,
        actorId: null,
        action: giveUp ? 'publisher.failed' : 'publisher.retry_scheduled',
        targetType: 'network_post',
        targetId: post.id,
        ip: null,
        detail: { channel: channel.name, attempt: t.attempts, error: e.kind },
      });
      if (giveUp) {
        await settlePost(tx, post.id);
        await notify(tx, {
          orgId: t.org_id,
          userIds: [post.author_id],
          kind: 'moderation',
          title: `Your post could not be published to ${channel.name}: ${e.kind === 'rejected' ? 'the network rejected it' : e.kind === 'unauthorized' ? 'the connection was refused' : 'the network kept failing'}`,
          link: '/publisher',
        });
      }
    });
    if (e.kind === 'unauthorized') await checkChannel(ctx, channel);
  }
}

/** The target is out: its status, the record as sent (with every part of a thread), the distribution log, the audit trail. */
async function recordPublished(
  db: Ctx['db'],
  t: ClaimedTarget,
  channel: ChannelRow,
  post: { id: string; body: string; author_id: string; version: number },
  out: { body: string; parts: string[]; root: PublishResult; partIds: string[]; missing?: string },
) {
  const { root } = out;
  await db.transaction().execute(async (tx) => {
    await lockPost(tx, post.id);
    await tx
      .updateTable('publisher_targets')
      .set({
        status: 'published',
        remote_id: root.remoteId,
        remote_url: root.url,
        published_at: new Date(),
        locked_until: null,
        last_error: out.missing ?? null,
      })
      .where('id', '=', t.id)
      .execute();
    await captureRecord(tx, {
      orgId: t.org_id,
      recordKind: 'network_post',
      recordId: post.id,
      recordClass: 'public_communication',
      event: 'status',
      version: post.version,
      authorId: post.author_id,
      channel: `network:${channel.id}`,
      content: {
        // What went out, as sent (with tracking parameters when they were added).
        body: out.body,
        ...(out.body !== post.body ? { linkTracking: true } : {}),
        ...(out.parts.length ? { thread: out.parts.slice(0, out.partIds.length), threadIds: out.partIds } : {}),
        ...(out.missing ? { threadIncomplete: out.missing } : {}),
        status: 'published',
        network: channel.network,
        channel: channel.name,
        remoteId: root.remoteId,
        url: root.url,
      },
    });
    await logDistribution(tx, {
      orgId: t.org_id,
      recordKind: 'network_post',
      recordId: post.id,
      destinationKind: 'network',
      destinationId: channel.id,
      externalId: root.remoteId,
      audience: { network: channel.network, handle: channel.handle, url: root.url },
    });
    await recordAudit(tx, {
      orgId: t.org_id,
      actorId: null,
      action: 'publisher.published',
      targetType: 'network_post',
      targetId: post.id,
      ip: null,
      detail: { channel: channel.name, remoteId: root.remoteId, attempts: t.attempts, parts: out.partIds.length },
    });
    await settlePost(tx, post.id);
  });
}

/** Checked right before sending, so a revocation a moment earlier still stops the post. */
async function consentLapsed(db: Ctx['db'], postId: string): Promise<boolean> {
  const lapsed = await db
    .selectFrom('record_consents as r')
    .innerJoin('consents as c', 'c.id', 'r.consent_id')
    .select('c.id')
    .where('r.record_kind', '=', 'network_post')
    .where('r.record_id', '=', postId)
    .where((eb) => eb.or([eb('c.revoked_at', 'is not', null), eb('c.expires_at', '<=', new Date())]))
    .executeTakeFirst();
  return !!lapsed;
}

/**
 * Targets of one post finish in parallel transactions: each takes the post's row lock first (before its
 * target row, in the order approvals and cancellations take them), so the last one sees all the others.
 */
const lockPost = (tx: Parameters<typeof captureRecord>[0], postId: string) =>
  tx.selectFrom('publisher_posts').select('id').where('id', '=', postId).forUpdate().executeTakeFirst();

/** The post's status follows its targets (under the post's lock): published, partly failed or failed once none is pending. */
async function settlePost(tx: Parameters<typeof captureRecord>[0], postId: string) {
  const targets = await tx.selectFrom('publisher_targets').select('status').where('post_id', '=', postId).execute();
  const live = targets.filter((t) => t.status !== 'cancelled');
  if (live.some((t) => ['waiting', 'queued', 'publishing'].includes(t.status))) return;
  const published = live.filter((t) => t.status === 'published').length;
  const status = published === live.length ? 'published' : published ? 'partly_failed' : 'failed';
  await tx.updateTable('publisher_posts').set({ status, updated_at: new Date() }).where('id', '=', postId).execute();
  await scheduleNextOccurrence(tx, postId);
}
