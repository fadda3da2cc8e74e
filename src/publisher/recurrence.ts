import { captureRecord } from '../archive/archive-writer.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Tx } from '../db/database.ts';
import type { RepeatPeriod } from '../db/schema.ts';
import { insertTargets } from './posts.ts';

/** The same wall-clock moment one period later (UTC); a month from the 31st lands on the month's last day. */
export function nextTime(from: Date, every: RepeatPeriod): Date {
  const next = new Date(from);
  if (every === 'day') next.setUTCDate(next.getUTCDate() + 1);
  else if (every === 'week') next.setUTCDate(next.getUTCDate() + 7);
  else {
    const day = next.getUTCDate();
    next.setUTCDate(1);
    next.setUTCMonth(next.getUTCMonth() + 1);
    const last = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
    next.setUTCDate(Math.min(day, last));
  }
  return next;
}

/**
 * A recurring post that has gone out (or failed) schedules its next occurrence: the same words to the same
 * channels one period after the last one was due, already approved (the series was approved once), with
 * the same consents, so a revocation stops every later occurrence too. Cancelling the upcoming occurrence
 * ends the series.
 */
export async function scheduleNextOccurrence(tx: Tx, postId: string): Promise<string | null> {
  const post = await tx.selectFrom('publisher_posts').selectAll().where('id', '=', postId).executeTakeFirstOrThrow();
  if (!post.repeat_every || post.repeat_remaining <= 0 || post.next_occurrence_id) return null;
  const dueWas = post.scheduled_at ?? post.created_at;
  let at = nextTime(dueWas, post.repeat_every);
  // A series that fell far behind (the server was down) resumes from now, without a burst of catch-up posts.
  while (at.getTime() < Date.now()) at = nextTime(at, post.repeat_every);
  const next = await tx
    .insertInto('publisher_posts')
    .values({
      org_id: post.org_id,
      body: post.body,
      follow_ups: post.follow_ups,
      author_id: post.author_id,
      status: 'approved',
      approvals_required: post.approvals_required,
      approval_expires_at: post.approval_expires_at,
      scheduled_at: at,
      campaign: post.campaign,
      consent_id: post.consent_id,
      misinformation: post.misinformation,
      screen_flags: post.screen_flags,
      repeat_every: post.repeat_every,
      repeat_remaining: post.repeat_remaining - 1,
      series_id: post.series_id ?? post.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await tx.updateTable('publisher_posts').set({ next_occurrence_id: next.id }).where('id', '=', post.id).execute();
  const consents = await tx
    .selectFrom('record_consents')
    .select(['org_id', 'consent_id'])
    .where('record_kind', '=', 'network_post')
    .where('record_id', '=', post.id)
    .execute();
  if (consents.length)
    await tx
      .insertInto('record_consents')
      .values(consents.map((c) => ({ ...c, record_kind: 'network_post' as const, record_id: next.id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  const channels = await tx.selectFrom('publisher_targets').select('channel_id as id').where('post_id', '=', post.id).execute();
  await insertTargets(tx, post.org_id, next.id, channels, post.follow_ups.length);
  await tx.updateTable('publisher_targets').set({ status: 'queued', next_attempt_at: at }).where('post_id', '=', next.id).execute();
  await captureRecord(tx, {
    orgId: post.org_id,
    recordKind: 'network_post',
    recordId: next.id,
    recordClass: 'public_communication',
    event: 'create',
    version: next.version,
    authorId: next.author_id,
    channel: 'publisher',
    content: {
      body: next.body,
      ...(next.follow_ups.length ? { thread: next.follow_ups } : {}),
      scheduledAt: at.toISOString(),
      status: 'approved',
      occurrenceOf: next.series_id,
      occurrencesLeft: next.repeat_remaining,
    },
  });
  await recordAudit(tx, {
    orgId: post.org_id,
    actorId: null,
    action: 'publisher.recurring_scheduled',
    targetType: 'network_post',
    targetId: next.id,
    ip: null,
    detail: { seriesOf: next.series_id, scheduledAt: at.toISOString(), left: next.repeat_remaining },
  });
  return next.id;
}
