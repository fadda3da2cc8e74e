import { sql } from 'kysely';
import { STAFF_ROLES, type Actor } from '../access/policy.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Db, Tx } from '../db/database.ts';
import { queueMail } from '../notify/mailer.ts';
import { isUuid } from '../shared/ids.ts';
import { conflict, forbidden, notFound } from '../shared/errors.ts';
import { median, roundedMedian } from '../shared/stats.ts';
import { cleanText } from '../shared/text.ts';
import { overdueTraining } from '../training/service.ts';

const DAY = 86_400_000;

/** Staff members' activity on organization channels over a period, for compliance officers. */
export async function staffActivity(db: Db, orgId: string, since: Date, until = new Date()) {
  const staff = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.display_name', 'm.role'])
    .where('m.org_id', '=', orgId)
    .where('m.role', 'in', [...STAFF_ROLES])
    .orderBy('u.display_name')
    .execute();
  const ids = staff.map((s) => s.id);
  if (!ids.length) return [];
  const counts = async (q: ReturnType<typeof sql<{ user_id: string; n: number }>>) =>
    new Map((await q.execute(db)).rows.map((r) => [r.user_id, Number(r.n)]));
  const posts = await counts(
    sql`SELECT author_id AS user_id, count(*)::int AS n FROM posts WHERE org_id = ${orgId} AND created_at >= ${since} AND created_at < ${until} GROUP BY 1`,
  );
  const comments = await counts(
    sql`SELECT author_id AS user_id, count(*)::int AS n FROM comments WHERE org_id = ${orgId} AND created_at >= ${since} AND created_at < ${until} GROUP BY 1`,
  );
  // The organization's public network channels (publisher) and its inbox.
  const networkPosts = await counts(
    sql`SELECT author_id AS user_id, count(*)::int AS n FROM publisher_posts WHERE org_id = ${orgId} AND created_at >= ${since} AND created_at < ${until} GROUP BY 1`,
  );
  const inboxReplies = (
    await sql<{ user_id: string; minutes: number }>`
    SELECT r.responder_id AS user_id, extract(epoch FROM r.created_at - i.received_at) / 60 AS minutes FROM inbox_responses r JOIN inbox_items i ON i.id = r.item_id
    WHERE r.org_id = ${orgId} AND r.created_at >= ${since} AND r.created_at < ${until}`.execute(db)
  ).rows;
  const flags = await counts(sql`
    SELECT coalesce(p.author_id, c.author_id) AS user_id, count(*)::int AS n FROM flags f
    LEFT JOIN posts p ON f.record_kind = 'post' AND p.id = f.record_id
    LEFT JOIN comments c ON f.record_kind = 'comment' AND c.id = f.record_id
    WHERE f.org_id = ${orgId} AND f.created_at >= ${since} AND f.created_at < ${until} GROUP BY 1`);
  const blocked = (
    await sql<{ user_id: string; category: string; n: number }>`
    SELECT actor_id AS user_id, category, count(*)::int AS n FROM guard_decisions, unnest(categories) AS category
    WHERE org_id = ${orgId} AND outcome = 'rejected' AND created_at >= ${since} AND created_at < ${until} GROUP BY 1, 2`.execute(db)
  ).rows;
  const answers = (
    await sql<{ user_id: string; minutes: number }>`
    SELECT answered_by AS user_id, extract(epoch FROM answered_at - created_at) / 60 AS minutes FROM posts
    WHERE org_id = ${orgId} AND answered_at >= ${since} AND answered_at < ${until} AND answered_by IS NOT NULL`.execute(db)
  ).rows;
  const reviews = (
    await sql<{ user_id: string; decision: string | null; n: number }>`
    SELECT author_id AS user_id, decision, count(*)::int AS n FROM supervisory_reviews WHERE org_id = ${orgId} AND sampled_at >= ${since} AND sampled_at < ${until} GROUP BY 1, 2`.execute(
      db,
    )
  ).rows;
  const overdue = await overdueTraining(db, orgId, ids, until);
  const unacknowledged = (
    await sql<{ user_id: string; title: string }>`
    SELECT u.id AS user_id, d.title || ' v' || v.version AS title
    FROM unnest(${ids}::uuid[]) AS u(id)
    JOIN policy_documents d ON d.org_id = ${orgId}
    JOIN LATERAL (SELECT id, version FROM policy_versions WHERE policy_id = d.id ORDER BY version DESC LIMIT 1) v ON true
    WHERE NOT EXISTS (SELECT 1 FROM policy_acknowledgements a WHERE a.user_id = u.id AND a.policy_version_id = v.id)`.execute(db)
  ).rows;
  return staff.map((s) => {
    const mine = answers.filter((a) => a.user_id === s.id).map((a) => Number(a.minutes));
    const myInbox = inboxReplies.filter((a) => a.user_id === s.id).map((a) => Number(a.minutes));
    const myReviews = reviews.filter((r) => r.user_id === s.id);
    return {
      userId: s.id,
      name: s.display_name,
      role: s.role,
      posts: posts.get(s.id) ?? 0,
      replies: comments.get(s.id) ?? 0,
      networkPosts: networkPosts.get(s.id) ?? 0,
      inboxResponses: myInbox.length,
      medianInboxResponseMinutes: roundedMedian(myInbox),
      flagsOnContent: flags.get(s.id) ?? 0,
      blockedByCategory: Object.fromEntries(blocked.filter((b) => b.user_id === s.id).map((b) => [b.category, Number(b.n)])),
      questionsAnswered: mine.length,
      medianResponseMinutes: roundedMedian(mine),
      sampled: myReviews.reduce((n, r) => n + Number(r.n), 0),
      concerns: myReviews.filter((r) => r.decision === 'concern').reduce((n, r) => n + Number(r.n), 0),
      overdueTraining: overdue.get(s.id) ?? [],
      unacknowledgedPolicies: unacknowledged.filter((u) => u.user_id === s.id).map((u) => u.title),
    };
  });
}

/** Sampled staff items waiting for (or given) a supervisor's decision, with their current text. */
export async function supervisoryReviews(db: Db, actor: Actor, status: 'open' | 'decided') {
  let q = db
    .selectFrom('supervisory_reviews as r')
    .innerJoin('users as u', 'u.id', 'r.author_id')
    .leftJoin('users as v', 'v.id', 'r.reviewer_id')
    .leftJoin('posts as p', (j) => j.on('r.record_kind', '=', 'post').onRef('p.id', '=', 'r.record_id'))
    .leftJoin('comments as c', (j) => j.on('r.record_kind', '=', 'comment').onRef('c.id', '=', 'r.record_id'))
    .select([
      'r.id',
      'r.record_kind',
      'r.record_id',
      'r.sampled_at',
      'r.decision',
      'r.note',
      'r.decided_at',
      'u.display_name as author',
      'r.author_id',
      'v.display_name as reviewer',
      sql<string>`coalesce(p.title, '')`.as('title'),
      sql<string>`coalesce(p.body, c.body, '')`.as('body'),
      sql<string>`coalesce(p.id, c.post_id)::text`.as('post_id'),
    ])
    .where('r.org_id', '=', actor.orgId);
  q =
    status === 'open'
      ? q.where('r.decided_at', 'is', null).orderBy('r.sampled_at')
      : q.where('r.decided_at', 'is not', null).orderBy('r.decided_at', 'desc');
  const rows = await q.limit(200).execute();
  return rows.map((r) => ({
    id: r.id,
    recordKind: r.record_kind,
    recordId: r.record_id,
    postId: r.post_id,
    title: r.title,
    body: r.body,
    author: r.author,
    authorId: r.author_id,
    sampledAt: r.sampled_at.toISOString(),
    decision: r.decision,
    note: r.note,
    reviewer: r.reviewer,
    decidedAt: r.decided_at?.toISOString() ?? null,
  }));
}

export async function decideReview(db: Db, actor: Actor, id: string, decision: 'appropriate' | 'concern', note: string) {
  if (!isUuid(id)) throw notFound('Review');
  await db.transaction().execute(async (tx) => {
    const r = await tx
      .selectFrom('supervisory_reviews')
      .selectAll()
      .where('id', '=', id)
      .where('org_id', '=', actor.orgId)
      .forUpdate()
      .executeTakeFirst();
    if (!r) throw notFound('Review');
    if (r.decided_at) throw conflict('This item was already reviewed.');
    if (r.author_id === actor.userId) throw forbidden('Someone else reviews your own posts.');
    await tx
      .updateTable('supervisory_reviews')
      .set({ decision, note: cleanText(note).trim().slice(0, 1000), reviewer_id: actor.userId, decided_at: new Date() })
      .where('id', '=', r.id)
      .execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: `oversight.review_${decision}`,
      targetType: r.record_kind,
      targetId: r.record_id,
      ip: actor.ip,
      detail: { reviewId: r.id, authorId: r.author_id },
    });
  });
}

/** The figures of the weekly compliance digest for a period. */
export async function digestFigures(db: Db, orgId: string, since: Date, until: Date) {
  const staff = await staffActivity(db, orgId, since, until);
  const blocked: Record<string, number> = {};
  for (const s of staff) for (const [k, n] of Object.entries(s.blockedByCategory)) blocked[k] = (blocked[k] ?? 0) + n;
  const allBlocked = (
    await sql<{ category: string; n: number }>`
    SELECT category, count(*)::int AS n FROM guard_decisions, unnest(categories) AS category
    WHERE org_id = ${orgId} AND outcome = 'rejected' AND created_at >= ${since} AND created_at < ${until} GROUP BY 1 ORDER BY 2 DESC`.execute(
      db,
    )
  ).rows;
  const consentUse = await db
    .selectFrom('guard_decisions')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('org_id', '=', orgId)
    .where('consent_id', 'is not', null)
    .where('created_at', '>=', since)
    .where('created_at', '<', until)
    .executeTakeFirstOrThrow();
  const open = await db
    .selectFrom('supervisory_reviews')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('org_id', '=', orgId)
    .where('decided_at', 'is', null)
    .executeTakeFirstOrThrow();
  const responseMinutes = staff.filter((s) => s.medianResponseMinutes !== null).map((s) => s.medianResponseMinutes!);
  return {
    period: { from: since.toISOString(), to: until.toISOString() },
    staffPosts: staff.reduce((n, s) => n + s.posts + s.replies, 0),
    networkPosts: staff.reduce((n, s) => n + s.networkPosts, 0),
    inboxResponses: staff.reduce((n, s) => n + s.inboxResponses, 0),
    blockedAttemptsByCategory: Object.fromEntries(allBlocked.map((b) => [b.category, Number(b.n)])),
    blockedAttemptsByStaffByCategory: blocked,
    flagsOnStaffContent: staff.reduce((n, s) => n + s.flagsOnContent, 0),
    questionsAnswered: staff.reduce((n, s) => n + s.questionsAnswered, 0),
    medianResponseMinutes: median(responseMinutes),
    consentBackedPosts: Number(consentUse.n),
    samplesDrawn: staff.reduce((n, s) => n + s.sampled, 0),
    samplesWithConcerns: staff.reduce((n, s) => n + s.concerns, 0),
    samplesAwaitingReview: Number(open.n),
    overdueTraining: staff.filter((s) => s.overdueTraining.length).map((s) => ({ name: s.name, modules: s.overdueTraining })),
    unacknowledgedPolicies: staff
      .filter((s) => s.unacknowledgedPolicies.length)
      .map((s) => ({ name: s.name, policies: s.unacknowledgedPolicies })),
  };
}

type Figures = Awaited<ReturnType<typeof digestFigures>>;

/** Plain-text digest: figures and staff names only, never content. */
export function digestText(orgName: string, f: Figures): string {
  const lines = [
    `Weekly compliance digest for ${orgName}`,
    `${f.period.from.slice(0, 10)} to ${f.period.to.slice(0, 10)}`,
    '',
    `Staff posts and replies in communities: ${f.staffPosts}; posts to public networks: ${f.networkPosts}; inbox responses: ${f.inboxResponses}`,
    `Blocked attempts by PHI category: ${
      Object.entries(f.blockedAttemptsByCategory)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none'
    }`,
    `Flags on staff content: ${f.flagsOnStaffContent}`,
    `Questions answered: ${f.questionsAnswered}; median response ${f.medianResponseMinutes === null ? '-' : `${Math.round(f.medianResponseMinutes)} min`}`,
    `Posts shared under a patient consent: ${f.consentBackedPosts}`,
    `Supervisory samples: ${f.samplesDrawn} drawn, ${f.samplesWithConcerns} with concerns, ${f.samplesAwaitingReview} awaiting review`,
    '',
    `Overdue training (${f.overdueTraining.length}):`,
    ...f.overdueTraining.map((o) => `  - ${o.name}: ${o.modules.join(', ')}`),
    `Policies not acknowledged (${f.unacknowledgedPolicies.length}):`,
    ...f.unacknowledgedPolicies.map((o) => `  - ${o.name}: ${o.policies.join(', ')}`),
    '',
    'Open the oversight dashboard in Harborline for details.',
  ];
  return lines.join('\n');
}

/** Sends the digest to the organization's compliance officers and keeps its figures (in the caller's transaction). */
export async function sendComplianceDigest(tx: Tx, orgId: string, now = new Date()) {
  const last = await tx
    .selectFrom('compliance_digests')
    .select('period_end')
    .where('org_id', '=', orgId)
    .orderBy('sent_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const since = last?.period_end ?? new Date(now.getTime() - 7 * DAY);
  const figures = await digestFigures(tx, orgId, since, now);
  const org = await tx.selectFrom('organizations').select('name').where('id', '=', orgId).executeTakeFirstOrThrow();
  const officers = await tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('u.email')
    .where('m.org_id', '=', orgId)
    .where('m.role', '=', 'compliance')
    .where('u.disabled_at', 'is', null)
    .where('m.deactivated_at', 'is', null)
    .execute();
  for (const o of officers)
    await queueMail(tx, {
      orgId,
      to: o.email,
      subject: `Harborline weekly compliance digest: ${org.name}`,
      body: digestText(org.name, figures),
    });
  await tx
    .insertInto('compliance_digests')
    .values({ org_id: orgId, period_start: since, period_end: now, figures: JSON.stringify(figures) })
    .execute();
  await recordAudit(tx, {
    orgId,
    actorId: null,
    action: 'oversight.digest_sent',
    targetType: 'organization',
    targetId: orgId,
    ip: null,
    detail: { recipients: officers.length },
  });
  return { recipients: officers.length, figures };
}

/** Hourly check: organizations whose last digest is a week old (or that never had one) get the next, once across processes. */
export async function runWeeklyDigests(db: Db, now = new Date()) {
  const weekAgo = new Date(now.getTime() - 7 * DAY);
  const due = await sql<{ id: string }>`
    SELECT o.id FROM organizations o
    WHERE NOT EXISTS (SELECT 1 FROM compliance_digests d WHERE d.org_id = o.id AND d.sent_at > ${weekAgo})`.execute(db);
  let sent = 0;
  for (const o of due.rows) {
    await db.transaction().execute(async (tx) => {
      const locked = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(hashtext(${`digest:${o.id}`})) AS ok`.execute(tx);
      if (!locked.rows[0]?.ok) return;
      const recent = await tx
        .selectFrom('compliance_digests')
        .select('id')
        .where('org_id', '=', o.id)
        .where('sent_at', '>', weekAgo)
        .executeTakeFirst();
      if (recent) return;
      await sendComplianceDigest(tx, o.id, now);
      sent++;
    });
  }
  return sent;
}
