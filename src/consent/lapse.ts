import { sql } from 'kysely';
import { captureRecord } from '../archive/archive-writer.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Db, Tx } from '../db/database.ts';
import { notify } from '../notify/notifications.ts';
import { memberIds } from '../repositories/index.ts';

export interface LapseResult {
  hiddenPosts: string[];
  hiddenComments: string[];
  cancelledTargets: number;
  takedowns: number;
}

/**
 * Carries a revoked or expired consent out everywhere, in the caller's transaction: community posts and
 * replies that relied on it are hidden and flagged for review; network posts not yet sent are cancelled;
 * posts already on a network (or being sent now) get a takedown queued, which the publisher carries out
 * through the network's delete and retries with backoff. Every change is archived and audited.
 */
export async function lapseConsent(
  tx: Tx,
  e: { orgId: string; consentId: string; actorId: string | null; ip: string | null; reason: 'revoked' | 'expired' },
): Promise<LapseResult> {
  const reliedOn = (kind: 'post' | 'comment' | 'network_post') =>
    tx.selectFrom('record_consents').select('record_id').where('consent_id', '=', e.consentId).where('record_kind', '=', kind);
  const now = new Date();
  const flagReason = `Consent ${e.reason}: review before showing again`;

  const posts = await tx
    .updateTable('posts')
    .set({ status: 'hidden', updated_at: now })
    .where((eb) => eb.or([eb('consent_id', '=', e.consentId), eb('id', 'in', reliedOn('post'))]))
    .where('org_id', '=', e.orgId)
    .where('status', 'in', ['visible', 'pending'])
    .returning(['id', 'version', 'author_id', 'community_id'])
    .execute();
  for (const p of posts) {
    await tx
      .insertInto('flags')
      .values({ org_id: e.orgId, record_kind: 'post', record_id: p.id, reporter_id: null, reason: flagReason })
      .execute();
    await captureRecord(tx, {
      orgId: e.orgId,
      recordKind: 'post',
      recordId: p.id,
      recordClass: 'community_content',
      event: 'status',
      version: p.version,
      authorId: p.author_id,
      channel: `community:${p.community_id}`,
      content: { status: 'hidden', reason: `consent_${e.reason}`, consentId: e.consentId },
    });
  }
  const comments = await tx
    .updateTable('comments')
    .set({ status: 'hidden', updated_at: now })
    .where('id', 'in', reliedOn('comment'))
    .where('org_id', '=', e.orgId)
    .where('status', 'in', ['visible', 'pending'])
    .returning(['id', 'author_id', 'post_id'])
    .execute();
  for (const c of comments) {
    await tx
      .insertInto('flags')
      .values({ org_id: e.orgId, record_kind: 'comment', record_id: c.id, reporter_id: null, reason: flagReason })
      .execute();
    await captureRecord(tx, {
      orgId: e.orgId,
      recordKind: 'comment',
      recordId: c.id,
      recordClass: 'community_content',
      event: 'status',
      version: 1,
      authorId: c.author_id,
      channel: `post:${c.post_id}`,
      content: { status: 'hidden', reason: `consent_${e.reason}`, consentId: e.consentId },
    });
  }

  const networkPosts = await tx
    .selectFrom('publisher_posts')
    .select(['id', 'author_id', 'status'])
    .where('org_id', '=', e.orgId)
    .where((eb) => eb.or([eb('consent_id', '=', e.consentId), eb('id', 'in', reliedOn('network_post'))]))
    .execute();
  const postIds = networkPosts.map((p) => p.id);
  let cancelled = 0;
  let takedowns = 0;
  if (postIds.length) {
    const stopped = await tx
      .updateTable('publisher_targets')
      .set({ status: 'cancelled', locked_until: null, last_error: `Consent ${e.reason}` })
      .where('post_id', 'in', postIds)
      .where('status', 'in', ['waiting', 'queued'])
      .returning('id')
      .execute();
    cancelled = stopped.length;
    // Published, or being sent this very moment: take it down (the takedown waits for a send in flight).
    const live = await tx
      .selectFrom('publisher_targets')
      .select('id')
      .where('post_id', 'in', postIds)
      .where('status', 'in', ['published', 'publishing'])
      .execute();
    if (live.length) {
      const queued = await tx
        .insertInto('takedowns')
        .values(live.map((t) => ({ org_id: e.orgId, target_id: t.id, consent_id: e.consentId, reason: `consent ${e.reason}` })))
        .onConflict((oc) => oc.column('target_id').doNothing())
        .returning('id')
        .execute();
      takedowns = queued.length;
    }
    await tx
      .updateTable('publisher_posts')
      .set({ status: 'cancelled', updated_at: now })
      .where('id', 'in', postIds)
      .where('status', 'in', ['pending_approval', 'approved'])
      .execute();
    for (const p of networkPosts) {
      await captureRecord(tx, {
        orgId: e.orgId,
        recordKind: 'network_post',
        recordId: p.id,
        recordClass: 'public_communication',
        event: 'status',
        version: 1,
        authorId: p.author_id,
        channel: 'publisher',
        content: { consent: e.reason, consentId: e.consentId, cancelledTargets: cancelled, takedownsQueued: takedowns },
      });
    }
  }

  await tx.updateTable('consents').set({ lapsed_at: now }).where('id', '=', e.consentId).execute();
  await recordAudit(tx, {
    orgId: e.orgId,
    actorId: e.actorId,
    action: e.reason === 'revoked' ? 'consent.revoke' : 'consent.expired',
    targetType: 'consent',
    targetId: e.consentId,
    ip: e.ip,
    detail: { hiddenPosts: posts.length, hiddenComments: comments.length, cancelledTargets: cancelled, takedowns },
  });
  const touched = posts.length + comments.length + cancelled + takedowns;
  if (touched) {
    const reviewers = await memberIds(tx, e.orgId, { roles: ['compliance', 'communications'] });
    const authors = [...posts.map((p) => p.author_id), ...comments.map((c) => c.author_id), ...networkPosts.map((p) => p.author_id)];
    await notify(tx, {
      orgId: e.orgId,
      userIds: [...new Set([...reviewers, ...authors])],
      kind: 'consent_revoked',
      title: `A consent was ${e.reason}: ${posts.length + comments.length} community item(s) hidden, ${cancelled} network post(s) cancelled, ${takedowns} takedown(s) queued`,
      link: '/moderation',
    });
  }
  return { hiddenPosts: posts.map((p) => p.id), hiddenComments: comments.map((c) => c.id), cancelledTargets: cancelled, takedowns };
}

/** Consents whose expiry has passed are carried out like revocations (each in its own transaction). */
export async function lapseExpiredConsents(db: Db, now = new Date()): Promise<number> {
  const due = await db
    .selectFrom('consents')
    .select(['id', 'org_id', 'patient_id'])
    .where('lapsed_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '<=', now)
    .limit(200)
    .execute();
  for (const c of due) {
    await db.transaction().execute(async (tx) => {
      const claimed = await sql<{
        id: string;
      }>`SELECT id FROM consents WHERE id = ${c.id} AND lapsed_at IS NULL FOR UPDATE SKIP LOCKED`.execute(tx);
      if (!claimed.rows.length) return;
      // The expiry is an event of the record: its six-year retention counts from here.
      await captureRecord(tx, {
        orgId: c.org_id,
        recordKind: 'consent',
        recordId: c.id,
        recordClass: 'consent',
        event: 'status',
        version: 2,
        authorId: null,
        channel: c.patient_id ? `patient:${c.patient_id}` : 'consents',
        content: { expired: true },
      });
      await lapseConsent(tx, { orgId: c.org_id, consentId: c.id, actorId: null, ip: null, reason: 'expired' });
    });
  }
  return due.length;
}
