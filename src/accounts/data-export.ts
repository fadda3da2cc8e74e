import { sql } from 'kysely';
import type { Actor } from '../access/policy.ts';
import { recordAuditNow } from '../audit/audit-log.ts';
import type { Db } from '../db/database.ts';

/**
 * A person's own data, whole, as JSON (the right of access): their account, what they wrote (posts,
 * comments, messages, reviews), their consents, self-screening results, goals and readings, event replies
 * and pledges. Only what is theirs: other people's words in the same threads are not included. Audited.
 */
export async function exportMyData(db: Db, actor: Actor) {
  const me = actor.userId;
  const [account, posts, comments, messages, reviews, consents, screenings, goals, entries, events, pledges] = await Promise.all([
    db
      .selectFrom('users as u')
      .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'u.id').on('m.org_id', '=', actor.orgId))
      .innerJoin('organizations as o', 'o.id', 'm.org_id')
      .select(['u.display_name', 'u.email', 'm.role', 'o.name as organization', 'u.created_at', 'u.notification_prefs'])
      .where('u.id', '=', me)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('posts')
      .select(['id', 'community_id', 'kind', 'title', 'body', 'visibility', 'status', 'created_at'])
      .where('author_id', '=', me)
      .where('org_id', '=', actor.orgId)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('comments')
      .select(['id', 'post_id', 'body', 'created_at'])
      .where('author_id', '=', me)
      .where('org_id', '=', actor.orgId)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('messages')
      .select(['id', 'thread_id', 'body', 'created_at'])
      .where('author_id', '=', me)
      .where('org_id', '=', actor.orgId)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('reviews')
      .select(['id', 'provider_id', 'rating', 'body', 'created_at'])
      .where('author_id', '=', me)
      .where('org_id', '=', actor.orgId)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('consents')
      .select(['id', 'purpose', 'destinations', 'categories', 'valid_from', 'expires_at', 'revoked_at'])
      .where('patient_id', '=', me)
      .where('org_id', '=', actor.orgId)
      .orderBy('valid_from')
      .execute(),
    db
      .selectFrom('screening_results')
      .select(['id', 'instrument', 'instrument_title', 'answers', 'score', 'max_score', 'band', 'crisis', 'created_at'])
      .where('patient_id', '=', me)
      .where('org_id', '=', actor.orgId)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('goals')
      .select(['id', 'kind', 'title', 'unit', 'target', 'target2', 'status', 'created_at'])
      .where('patient_id', '=', me)
      .where('org_id', '=', actor.orgId)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('goal_entries as e')
      .innerJoin('goals as g', 'g.id', 'e.goal_id')
      .select(['e.goal_id', 'e.value', 'e.value2', sql<string>`e.recorded_on::text`.as('date')])
      .where('g.patient_id', '=', me)
      .where('g.org_id', '=', actor.orgId)
      .orderBy('e.recorded_on')
      .execute(),
    db
      .selectFrom('event_rsvps as r')
      .innerJoin('events as e', 'e.id', 'r.event_id')
      .select(['e.id', 'e.title', 'e.starts_at', 'r.status', 'r.attended'])
      .where('r.user_id', '=', me)
      .where('e.org_id', '=', actor.orgId)
      .orderBy('e.starts_at')
      .execute(),
    db
      .selectFrom('pledges as p')
      .innerJoin('campaigns as c', 'c.id', 'p.campaign_id')
      .select(['c.title', 'p.amount_cents', 'c.currency', 'p.thank_publicly', 'p.created_at'])
      .where('p.donor_id', '=', me)
      .where('p.org_id', '=', actor.orgId)
      .orderBy('p.created_at')
      .execute(),
  ]);
  await recordAuditNow(db, { orgId: actor.orgId, actorId: me, action: 'data.export', targetType: 'user', targetId: me, ip: actor.ip });
  return {
    exportedAt: new Date().toISOString(),
    account: {
      name: account.display_name,
      email: account.email,
      role: account.role,
      organization: account.organization,
      memberSince: account.created_at.toISOString(),
      notificationPreferences: account.notification_prefs,
    },
    posts,
    comments,
    messages,
    reviews,
    consents,
    selfScreening: screenings,
    goals: goals.map((g) => ({ ...g, readings: entries.filter((e) => e.goal_id === g.id).map(({ goal_id: _g, ...e }) => e) })),
    events,
    pledges: pledges.map((p) => ({
      campaign: p.title,
      amount: Number(p.amount_cents) / 100,
      currency: p.currency,
      thankedPublicly: p.thank_publicly,
      date: p.created_at,
    })),
  };
}
