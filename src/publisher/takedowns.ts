import { sql } from 'kysely';
import { captureRecord, logDistribution } from '../archive/archive-writer.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Actor } from '../access/policy.ts';
import type { Db, Tx } from '../db/database.ts';
import { conflict, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import type { AppContext } from '../http/context.ts';
import { notify } from '../notify/notifications.ts';
import { raiseAlert } from '../security/alerts.ts';
import { eachAlone } from '../shared/each-alone.ts';
import { connectorFor, persistCredentials } from './channels.ts';
import { COMMENT_THREAD_NETWORKS, ConnectorError } from './connectors/index.ts';
import { backoffMs, MAX_ATTEMPTS } from './queue.ts';
import { memberIds } from '../repositories/index.ts';

type Ctx = Pick<AppContext, 'db' | 'secrets' | 'outbound'>;

/**
 * A person takes a published network post down (a mistake, a complaint, a withdrawn story): the request
 * and its reason are archived with the post and audited, and the takedown queue removes it from the
 * network like a consent revocation does.
 */
export async function requestTakedown(db: Db, actor: Actor, targetId: string, reason: string): Promise<void> {
  if (!isUuid(targetId)) throw notFound('Published post');
  await db.transaction().execute(async (tx) => {
    const t = await tx
      .selectFrom('publisher_targets as t')
      .innerJoin('publisher_posts as p', 'p.id', 't.post_id')
      .innerJoin('channels as c', 'c.id', 't.channel_id')
      .select(['t.id', 't.status', 't.post_id', 't.remote_id', 'p.author_id', 'p.version', 'c.id as channel_id', 'c.name as channel'])
      .where('t.id', '=', targetId)
      .where('t.org_id', '=', actor.orgId)
      .forUpdate()
      .executeTakeFirst();
    if (!t) throw notFound('Published post');
    if (t.status !== 'published' && t.status !== 'publishing')
      throw conflict(`This post is ${t.status.replace('_', ' ')} on ${t.channel}, not live.`);
    const queued = await tx
      .insertInto('takedowns')
      .values({ org_id: actor.orgId, target_id: t.id, consent_id: null, reason: `requested: ${reason}` })
      .onConflict((oc) => oc.column('target_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!queued) throw conflict('A takedown of this post is already under way.');
    await captureRecord(tx, {
      orgId: actor.orgId,
      recordKind: 'network_post',
      recordId: t.post_id,
      recordClass: 'public_communication',
      event: 'status',
      version: t.version,
      authorId: t.author_id,
      channel: `network:${t.channel_id}`,
      content: { status: 'takedown_requested', reason, by: actor.userId, channel: t.channel, remoteId: t.remote_id },
    });
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'publisher.takedown_requested',
      targetType: 'network_post',
      targetId: t.post_id,
      ip: actor.ip,
      detail: { channel: t.channel, reason },
    });
  });
}
const LOCK_MS = 120_000;

/**
 * Takes down network posts whose consent lapsed, through each network's delete. Retried with backoff like
 * sends; a post that is already gone counts as taken down. When a network refuses (or keeps failing), or
 * the post had been edited on the network, communications and compliance are alerted. Every outcome is
 * archived and audited.
 */
export async function runTakedownQueue(ctx: Ctx, now = new Date()): Promise<number> {
  const due = await sql<{ id: string; org_id: string; target_id: string; attempts: number; reason: string }>`
    UPDATE takedowns SET attempts = attempts + 1, next_attempt_at = ${new Date(now.getTime() + LOCK_MS)}
    WHERE id IN (SELECT id FROM takedowns WHERE status = 'pending' AND next_attempt_at <= ${now} ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED)
    RETURNING id, org_id, target_id, attempts, reason`.execute(ctx.db);
  await eachAlone(due.rows, (t) => takeDown(ctx, t, now));
  return due.rows.length;
}

async function notifyTeam(tx: Tx, orgId: string, title: string) {
  const team = await memberIds(tx, orgId, { roles: ['communications', 'compliance'] });
  await notify(tx, { orgId, userIds: team, kind: 'moderation', title, link: '/publisher', email: true });
}

async function takeDown(ctx: Ctx, t: { id: string; org_id: string; target_id: string; attempts: number; reason: string }, now: Date) {
  const db = ctx.db;
  const target = await db
    .selectFrom('publisher_targets as t')
    .innerJoin('publisher_posts as p', 'p.id', 't.post_id')
    .select([
      't.id',
      't.status',
      't.remote_id',
      't.remote_url',
      't.channel_id',
      't.post_id',
      't.follow_up_ids',
      'p.author_id',
      'p.version',
      'p.body',
    ])
    .where('t.id', '=', t.target_id)
    .executeTakeFirstOrThrow();
  if (target.status === 'publishing') {
    // A send is in flight: wait for it to land, then take it down.
    await db
      .updateTable('takedowns')
      .set({ attempts: t.attempts - 1, next_attempt_at: new Date(now.getTime() + 30_000) })
      .where('id', '=', t.id)
      .execute();
    return;
  }
  if (target.status !== 'published' || !target.remote_id) {
    await db.updateTable('takedowns').set({ status: 'done', done_at: now, last_error: 'Never published' }).where('id', '=', t.id).execute();
    return;
  }
  const channel = await db.selectFrom('channels').selectAll().where('id', '=', target.channel_id).executeTakeFirstOrThrow();
  let outcome: 'removed' | 'already_gone' | { error: ConnectorError };
  let editedThere = false;
  try {
    const connector = connectorFor(ctx, channel);
    // Edited on the network since it was posted: copies or quotes of the new words may be out there too.
    editedThere = await connector.read(target.remote_id).then(
      (now) => now.edited || now.text.trim() !== target.body.trim(),
      () => false,
    );
    // A thread's later parts are posts of their own; comments (Facebook, LinkedIn) go with their post.
    if (!COMMENT_THREAD_NETWORKS.has(channel.network))
      for (const part of target.follow_up_ids.toReversed())
        await connector.remove(part).catch((e: unknown) => {
          if (!(e instanceof ConnectorError && e.kind === 'gone')) throw e;
        });
    await connector.remove(target.remote_id);
    await persistCredentials(ctx, channel, connector);
    outcome = 'removed';
  } catch (e) {
    if (!(e instanceof ConnectorError)) throw e;
    outcome = e.kind === 'gone' ? 'already_gone' : { error: e };
  }
  if (typeof outcome === 'string') {
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('publisher_targets').set({ status: 'taken_down', last_error: null }).where('id', '=', target.id).execute();
      await tx.updateTable('takedowns').set({ status: 'done', done_at: now, last_error: null }).where('id', '=', t.id).execute();
      await captureRecord(tx, {
        orgId: t.org_id,
        recordKind: 'network_post',
        recordId: target.post_id,
        recordClass: 'public_communication',
        event: 'status',
        version: target.version,
        authorId: target.author_id,
        channel: `network:${channel.id}`,
        content: {
          status: 'taken_down',
          reason: t.reason,
          network: channel.network,
          channel: channel.name,
          remoteId: target.remote_id,
          url: target.remote_url,
          alreadyGone: outcome === 'already_gone',
        },
      });
      await logDistribution(tx, {
        orgId: t.org_id,
        recordKind: 'network_post',
        recordId: target.post_id,
        destinationKind: 'network',
        destinationId: channel.id,
        externalId: target.remote_id ?? undefined,
        audience: { takenDown: true, network: channel.network },
      });
      await recordAudit(tx, {
        orgId: t.org_id,
        actorId: null,
        action: 'publisher.taken_down',
        targetType: 'network_post',
        targetId: target.post_id,
        ip: null,
        detail: {
          channel: channel.name,
          remoteId: target.remote_id,
          attempts: t.attempts,
          alreadyGone: outcome === 'already_gone',
          editedThere,
        },
      });
      if (editedThere) {
        await raiseAlert(tx, {
          orgId: t.org_id,
          userId: null,
          kind: 'takedown_failed',
          detail: { channel: channel.name, url: target.remote_url, postId: target.post_id, editedThere: true },
        });
        await notifyTeam(
          tx,
          t.org_id,
          `A post on ${channel.name} was taken down (consent lapsed), but it had been edited on the network first: check for copies of the edited words`,
        );
      }
    });
    return;
  }
  const e = outcome.error;
  const giveUp = !e.retryable || t.attempts >= MAX_ATTEMPTS;
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('takedowns')
      .set(
        giveUp
          ? { status: 'failed', last_error: e.forAuthor }
          : { last_error: e.forAuthor, next_attempt_at: new Date(now.getTime() + backoffMs(t.attempts, e.retryAfterMs)) },
      )
      .where('id', '=', t.id)
      .execute();
    await recordAudit(tx, {
      orgId: t.org_id,
      actorId: null,
      action: giveUp ? 'publisher.takedown_failed' : 'publisher.takedown_retry',
      targetType: 'network_post',
      targetId: target.post_id,
      ip: null,
      detail: { channel: channel.name, attempt: t.attempts, error: e.kind },
    });
    if (giveUp) {
      await raiseAlert(tx, {
        orgId: t.org_id,
        userId: null,
        kind: 'takedown_failed',
        detail: { channel: channel.name, url: target.remote_url, postId: target.post_id },
      });
      await notifyTeam(
        tx,
        t.org_id,
        `A post on ${channel.name} must come down (consent lapsed) but the network refused: remove it by hand${target.remote_url ? ` at ${target.remote_url}` : ''}`,
      );
    }
  });
}
