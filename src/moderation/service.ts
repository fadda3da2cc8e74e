import { sql } from 'kysely';
import { isStaff, maySanction, type Actor } from '../access/policy.ts';
import { captureRecord } from '../archive/archive-writer.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { revokeAllSessions } from '../accounts/sessions.ts';
import type { Db, Tx } from '../db/database.ts';
import type { ContentStatus, ModerationActionKind } from '../db/schema.ts';
import { notify } from '../notify/notifications.ts';
import { isUuid } from '../shared/ids.ts';
import { badRequest, conflict, forbidden, notFound } from '../shared/errors.ts';
import { cleanText } from '../shared/text.ts';
import { requireCapability } from '../policies/gates.ts';
import { roleOf, trustLevelOf } from '../repositories/index.ts';

export type RecordKind = 'post' | 'comment';

/** What a moderator is shown of an automated flag's evidence: the claim and its correction, or the domain. */
function evidenceOf(e: Record<string, unknown> | null) {
  if (!e) return null;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    claim: str(e.claim),
    correction: e.correction === null ? null : str(e.correction),
    url: e.url === null ? null : str(e.url),
    domain: str(e.domain),
  };
}

/** How much one member's flag counts, by trust level (0 new … 4 leader); staff flags count as level 4. */
export const TRUST_WEIGHTS = [0.5, 1, 1.5, 2, 3] as const;
export const DEFAULT_AUTO_HIDE_WEIGHT = 3;

interface ContentRef {
  kind: RecordKind;
  id: string;
  authorId: string;
  status: ContentStatus;
  version: number;
  communityId: string | null;
  postId: string;
  consentId: string | null;
}

async function loadContent(db: Db | Tx, orgId: string, kind: RecordKind, id: string, lock = false): Promise<ContentRef> {
  if (!isUuid(id)) throw notFound(kind === 'post' ? 'Post' : 'Comment');
  if (kind === 'post') {
    let q = db
      .selectFrom('posts')
      .select(['id', 'author_id', 'status', 'version', 'community_id', 'consent_id'])
      .where('id', '=', id)
      .where('org_id', '=', orgId);
    if (lock) q = q.forUpdate();
    const p = await q.executeTakeFirst();
    if (!p) throw notFound('Post');
    return {
      kind,
      id: p.id,
      authorId: p.author_id,
      status: p.status,
      version: p.version,
      communityId: p.community_id,
      postId: p.id,
      consentId: p.consent_id,
    };
  }
  let q = db
    .selectFrom('comments as c')
    .innerJoin('posts as p', 'p.id', 'c.post_id')
    .select(['c.id', 'c.author_id', 'c.status', 'c.version', 'p.community_id', 'p.id as post_id'])
    .where('c.id', '=', id)
    .where('c.org_id', '=', orgId);
  if (lock) q = q.forUpdate();
  const c = await q.executeTakeFirst();
  if (!c) throw notFound('Comment');
  return {
    kind,
    id: c.id,
    authorId: c.author_id,
    status: c.status,
    version: c.version,
    communityId: c.community_id,
    postId: c.post_id,
    consentId: null,
  };
}

/** Changes what readers see of a post or comment, archived as a status event. */
async function setContentStatus(
  tx: Tx,
  actor: Actor,
  ref: ContentRef,
  status: ContentStatus,
  why: Record<string, unknown>,
): Promise<ContentStatus> {
  if (ref.status === status || ref.status === 'deleted') return ref.status;
  let next = status;
  // Restoring a post whose consent was revoked would bring the problem back: it stays hidden.
  if (status === 'visible' && ref.consentId) {
    const c = await tx.selectFrom('consents').select('revoked_at').where('id', '=', ref.consentId).executeTakeFirst();
    if (c?.revoked_at) next = 'hidden';
  }
  if (next === ref.status) return ref.status;
  const table = ref.kind === 'post' ? 'posts' : 'comments';
  await tx.updateTable(table).set({ status: next, updated_at: new Date() }).where('id', '=', ref.id).execute();
  await captureRecord(tx, {
    orgId: actor.orgId,
    recordKind: ref.kind,
    recordId: ref.id,
    recordClass: 'community_content',
    event: 'status',
    version: ref.version,
    authorId: ref.authorId,
    channel: `community:${ref.communityId}`,
    content: { status: next, by: actor.userId, ...why },
  });
  return next;
}

/**
 * A member reports content. The flag counts by the reporter's trust level; when the open flags on the
 * record add up to the organization's threshold the content is hidden until a moderator decides.
 */
export async function addMemberFlag(db: Db, actor: Actor, kind: RecordKind, id: string, reason: string) {
  return db.transaction().execute(async (tx) => {
    const ref = await loadContent(tx, actor.orgId, kind, id, true);
    const dup = await tx
      .selectFrom('flags')
      .select('id')
      .where('record_kind', '=', kind)
      .where('record_id', '=', id)
      .where('reporter_id', '=', actor.userId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (dup) throw conflict('You already reported this; a moderator will look at it.');
    const trust = await trustLevelOf(tx, actor.orgId, actor.userId);
    const weight = isStaff(actor.role) ? TRUST_WEIGHTS[4] : (TRUST_WEIGHTS[trust] ?? 1);
    const flag = await tx
      .insertInto('flags')
      .values({
        org_id: actor.orgId,
        record_kind: kind,
        record_id: id,
        reporter_id: actor.userId,
        reason: cleanText(reason).trim().slice(0, 500) || 'Reported',
        source: 'member',
        weight,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'flag.create',
      targetType: kind,
      targetId: id,
      ip: actor.ip,
      detail: { flagId: flag.id, weight },
    });
    const total = await tx
      .selectFrom('flags')
      .select(sql<number>`coalesce(sum(weight), 0)::float8`.as('w'))
      .where('record_kind', '=', kind)
      .where('record_id', '=', id)
      .where('status', '=', 'open')
      .where('source', '=', 'member')
      .executeTakeFirstOrThrow();
    const threshold = Number(actor.orgSettings?.autoHideWeight ?? DEFAULT_AUTO_HIDE_WEIGHT);
    let hidden = false;
    if (ref.status === 'visible' && total.w >= threshold) {
      await setContentStatus(tx, actor, ref, 'hidden', { autoHidden: true, flagWeight: total.w });
      await recordAudit(tx, {
        orgId: actor.orgId,
        actorId: null,
        action: 'moderation.auto_hide',
        targetType: kind,
        targetId: id,
        ip: null,
        detail: { flagWeight: total.w, threshold },
      });
      await notify(tx, {
        orgId: actor.orgId,
        userIds: [ref.authorId],
        kind: 'moderation',
        title: `Your ${kind} is hidden while a moderator reviews reports about it`,
        link: `/p/${ref.postId}`,
      });
      hidden = true;
    }
    return { flagId: flag.id, weight, hidden };
  });
}

/** The queue: every record with open flags, grouped, with the flags' sources, weights and the classifier score. */
export async function moderationQueue(db: Db, actor: Actor) {
  const flags = await db
    .selectFrom('flags as f')
    .leftJoin('users as r', 'r.id', 'f.reporter_id')
    .select([
      'f.id',
      'f.record_kind',
      'f.record_id',
      'f.reason',
      'f.source',
      'f.weight',
      'f.score',
      'f.evidence',
      'f.created_at',
      'r.display_name as reporter',
    ])
    .where('f.org_id', '=', actor.orgId)
    .where('f.status', '=', 'open')
    .orderBy('f.created_at')
    .limit(1000)
    .execute();
  const keys = [...new Map(flags.map((f) => [`${f.record_kind}:${f.record_id}`, { kind: f.record_kind, id: f.record_id }])).values()];
  const postIds = keys.filter((k) => k.kind === 'post').map((k) => k.id);
  const commentIds = keys.filter((k) => k.kind === 'comment').map((k) => k.id);
  const posts = postIds.length
    ? await db
        .selectFrom('posts as p')
        .innerJoin('users as u', 'u.id', 'p.author_id')
        .leftJoin('communities as c', 'c.id', 'p.community_id')
        .select([
          'p.id',
          'p.title',
          'p.body',
          'p.status',
          'p.author_id',
          'p.pseudonym',
          'u.display_name',
          'c.name as community',
          'p.id as post_id',
        ])
        .where('p.id', 'in', postIds)
        .execute()
    : [];
  const comments = commentIds.length
    ? await db
        .selectFrom('comments as k')
        .innerJoin('users as u', 'u.id', 'k.author_id')
        .innerJoin('posts as p', 'p.id', 'k.post_id')
        .leftJoin('communities as c', 'c.id', 'p.community_id')
        .select([
          'k.id',
          sql<string>`''`.as('title'),
          'k.body',
          'k.status',
          'k.author_id',
          'k.pseudonym',
          'u.display_name',
          'c.name as community',
          'p.id as post_id',
        ])
        .where('k.id', 'in', commentIds)
        .execute()
    : [];
  const content = new Map<string, (typeof posts)[number]>([
    ...posts.map((p) => [`post:${p.id}`, p] as const),
    ...comments.map((c) => [`comment:${c.id}`, c] as const),
  ]);
  const corrections = postIds.length
    ? await db
        .selectFrom('post_corrections as pc')
        .innerJoin('approved_sources as s', 's.id', 'pc.source_id')
        .select(['pc.post_id', 's.id', 's.title', 's.url', 's.publisher', 'pc.note'])
        .where('pc.post_id', 'in', postIds)
        .execute()
    : [];
  const items = keys.flatMap((k) => {
    const c = content.get(`${k.kind}:${k.id}`);
    if (!c) return [];
    const mine = flags.filter((f) => f.record_kind === k.kind && f.record_id === k.id);
    return [
      {
        recordKind: k.kind,
        recordId: k.id,
        postId: c.post_id,
        title: c.title,
        body: c.body,
        status: c.status,
        author: { id: c.author_id, name: c.display_name, pseudonym: c.pseudonym },
        community: c.community,
        memberFlagWeight: mine.filter((f) => f.source === 'member').reduce((s, f) => s + f.weight, 0),
        misinformationScore: mine.find((f) => f.source === 'classifier')?.score ?? null,
        flags: mine.map((f) => ({
          id: f.id,
          source: f.source,
          reason: f.reason,
          weight: f.weight,
          score: f.score,
          reporter: f.reporter,
          createdAt: f.created_at.toISOString(),
          evidence: evidenceOf(f.evidence),
        })),
        corrections: corrections
          .filter((x) => x.post_id === k.id)
          .map((x) => ({ id: x.id, title: x.title, url: x.url, publisher: x.publisher, note: x.note })),
        firstFlaggedAt: mine[0].created_at.toISOString(),
      },
    ];
  });
  // Held content and heavy reports first, then misinformation scores, oldest first within each.
  const rank = (i: (typeof items)[number]) =>
    (i.status === 'pending' ? 3 : 0) + (i.status === 'hidden' ? 2 : 0) + i.memberFlagWeight / 10 + (i.misinformationScore ?? 0);
  return items.sort((a, b) => rank(b) - rank(a) || a.firstFlaggedAt.localeCompare(b.firstFlaggedAt));
}

export interface ActionInput {
  action: ModerationActionKind;
  reason: string;
  days?: number;
}

const CONTENT_EFFECT: Partial<Record<ModerationActionKind, ContentStatus>> = {
  agree: 'hidden',
  hide: 'hidden',
  delete: 'deleted',
  silence: 'hidden',
  suspend: 'hidden',
  disagree: 'visible',
  approve: 'visible',
  restore: 'visible',
};
const CLOSES_AS: Partial<Record<ModerationActionKind, 'agreed' | 'disagreed'>> = {
  disagree: 'disagreed',
  approve: 'disagreed',
  restore: 'disagreed',
};

const MESSAGES: Record<ModerationActionKind, string> = {
  agree: 'A moderator hid your {kind}',
  hide: 'A moderator hid your {kind}',
  delete: 'A moderator removed your {kind}',
  warn: 'A moderator sent you a warning about your {kind}',
  silence: 'A moderator silenced your account for {days} days',
  suspend: 'A moderator suspended your account for {days} days',
  disagree: 'A moderator reviewed reports about your {kind} and kept it',
  approve: 'A moderator approved your {kind}',
  restore: 'A moderator restored your {kind}',
};
export const APPEALABLE: ModerationActionKind[] = ['agree', 'hide', 'delete', 'warn', 'silence', 'suspend'];

/** A moderator's decision on a record: closes its open flags, changes the content and/or the author's standing, tells the author. */
export async function actOnContent(db: Db, actor: Actor, kind: RecordKind, id: string, input: ActionInput) {
  const reason = cleanText(input.reason).trim().slice(0, 1000);
  if (!reason) throw badRequest('Give a reason: the author sees it and it is kept with the decision.');
  const days = input.action === 'silence' || input.action === 'suspend' ? Math.min(365, Math.max(1, Math.round(input.days ?? 7))) : null;
  const current = await loadContent(db, actor.orgId, kind, id);
  if (input.action === 'approve' || (current.status === 'pending' && CONTENT_EFFECT[input.action] === 'visible'))
    await requireCapability(db, actor, 'approve_posts');
  return db.transaction().execute(async (tx) => {
    const ref = await loadContent(tx, actor.orgId, kind, id, true);
    if (ref.status === 'deleted') throw conflict('This content was already removed.');
    if (ref.authorId === actor.userId) throw forbidden('Moderators do not decide on their own content; ask another moderator.');
    if (input.action === 'warn' || input.action === 'silence' || input.action === 'suspend') {
      const targetRole = await roleOf(tx, actor.orgId, ref.authorId);
      if (targetRole && !maySanction(actor.role, targetRole, input.action)) {
        throw forbidden(
          input.action === 'warn'
            ? 'Staff of your role or above are not warned by you; ask an admin.'
            : 'Silencing or suspending staff takes an admin, and admins are not sanctioned by each other.',
        );
      }
    }
    const open = await tx
      .selectFrom('flags')
      .select('id')
      .where('record_kind', '=', kind)
      .where('record_id', '=', id)
      .where('status', '=', 'open')
      .execute();
    const hasHistory = open.length > 0 || ref.status !== 'visible';
    if (!hasHistory && (input.action === 'agree' || input.action === 'disagree' || input.action === 'approve'))
      throw conflict('There is nothing open to decide on this content.');
    if (open.length) {
      await tx
        .updateTable('flags')
        .set({ status: CLOSES_AS[input.action] ?? 'agreed', decided_by: actor.userId, decided_at: new Date() })
        .where(
          'id',
          'in',
          open.map((f) => f.id),
        )
        .execute();
    }
    const effect = CONTENT_EFFECT[input.action];
    const status = effect ? await setContentStatus(tx, actor, ref, effect, { moderation: input.action }) : ref.status;
    if (days) {
      const until = new Date(Date.now() + days * 86_400_000);
      await tx
        .updateTable('memberships')
        .set(input.action === 'silence' ? { silenced_until: until } : { suspended_until: until })
        .where('org_id', '=', actor.orgId)
        .where('user_id', '=', ref.authorId)
        .execute();
      if (input.action === 'suspend') await revokeAllSessions(tx, ref.authorId);
    }
    const row = await tx
      .insertInto('moderation_actions')
      .values({
        org_id: actor.orgId,
        record_kind: kind,
        record_id: id,
        target_user_id: ref.authorId,
        action: input.action,
        reason,
        days,
        moderator_id: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: `moderation.${input.action}`,
      targetType: kind,
      targetId: id,
      ip: actor.ip,
      detail: { actionId: row.id, flags: open.length, days, status },
    });
    const title = MESSAGES[input.action].replace('{kind}', kind).replace('{days}', String(days));
    await notify(tx, {
      orgId: actor.orgId,
      userIds: [ref.authorId],
      kind: 'moderation',
      title: `${title}. Reason: ${reason.slice(0, 140)}`,
      link: '/moderation/mine',
      email: input.action !== 'approve' && input.action !== 'disagree',
    });
    return { actionId: row.id, status };
  });
}

/** Decisions about the caller's own content and account, with their appeal state. */
export async function myModerationActions(db: Db, actor: Actor) {
  const rows = await db
    .selectFrom('moderation_actions')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('target_user_id', '=', actor.userId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((a) => ({ ...presentAction(a), canAppeal: APPEALABLE.includes(a.action) && !a.appeal_status }));
}

function presentAction(a: {
  id: string;
  record_kind: string | null;
  record_id: string | null;
  action: string;
  reason: string;
  days: number | null;
  created_at: Date;
  appeal_text: string | null;
  appeal_status: string | null;
  appeal_note: string | null;
  appealed_at: Date | null;
}) {
  return {
    id: a.id,
    recordKind: a.record_kind,
    recordId: a.record_id,
    action: a.action,
    reason: a.reason,
    days: a.days,
    createdAt: a.created_at.toISOString(),
    appeal: a.appeal_status
      ? { text: a.appeal_text, status: a.appeal_status, note: a.appeal_note, at: a.appealed_at?.toISOString() ?? null }
      : null,
  };
}

/** One appeal per decision, by the person it was about. */
export async function appealAction(db: Db, actor: Actor, actionId: string, text: string) {
  if (!isUuid(actionId)) throw notFound('Decision');
  const body = cleanText(text).trim().slice(0, 2000);
  if (!body) throw badRequest('Say why the decision should change.');
  await db.transaction().execute(async (tx) => {
    const a = await tx
      .selectFrom('moderation_actions')
      .selectAll()
      .where('id', '=', actionId)
      .where('org_id', '=', actor.orgId)
      .where('target_user_id', '=', actor.userId)
      .forUpdate()
      .executeTakeFirst();
    if (!a) throw notFound('Decision');
    if (!APPEALABLE.includes(a.action)) throw conflict('This decision was in your favour; there is nothing to appeal.');
    if (a.appeal_status) throw conflict('You already appealed this decision; each decision can be appealed once.');
    await tx
      .updateTable('moderation_actions')
      .set({ appeal_text: body, appealed_at: new Date(), appeal_status: 'pending' })
      .where('id', '=', a.id)
      .execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'moderation.appeal',
      targetType: 'moderation_action',
      targetId: a.id,
      ip: actor.ip,
    });
  });
}

export async function pendingAppeals(db: Db, actor: Actor) {
  const rows = await db
    .selectFrom('moderation_actions as a')
    .innerJoin('users as u', 'u.id', 'a.target_user_id')
    .innerJoin('users as m', 'm.id', 'a.moderator_id')
    .selectAll('a')
    .select(['u.display_name as author', 'm.display_name as moderator'])
    .where('a.org_id', '=', actor.orgId)
    .where('a.appeal_status', '=', 'pending')
    .orderBy('a.appealed_at')
    .execute();
  return rows.map((a) => ({ ...presentAction(a), author: a.author, moderator: a.moderator, moderatorId: a.moderator_id }));
}

/** Another moderator decides the appeal; overturning undoes what the decision did. */
export async function decideAppeal(db: Db, actor: Actor, actionId: string, decision: 'uphold' | 'overturn', note: string) {
  if (!isUuid(actionId)) throw notFound('Appeal');
  await db.transaction().execute(async (tx) => {
    const a = await tx
      .selectFrom('moderation_actions')
      .selectAll()
      .where('id', '=', actionId)
      .where('org_id', '=', actor.orgId)
      .forUpdate()
      .executeTakeFirst();
    if (!a || a.appeal_status === null) throw notFound('Appeal');
    if (a.appeal_status !== 'pending') throw conflict('This appeal was already decided.');
    if (a.moderator_id === actor.userId) throw forbidden('A different moderator decides an appeal against your own decision.');
    if (decision === 'overturn') {
      if (a.record_kind && a.record_id && (a.record_kind === 'post' || a.record_kind === 'comment')) {
        const ref = await loadContent(tx, actor.orgId, a.record_kind, a.record_id, true);
        if (ref.status === 'hidden') await setContentStatus(tx, actor, ref, 'visible', { appeal: a.id });
        if (ref.status === 'deleted') {
          const table = a.record_kind === 'post' ? 'posts' : 'comments';
          await tx.updateTable(table).set({ status: 'visible', updated_at: new Date() }).where('id', '=', ref.id).execute();
          await captureRecord(tx, {
            orgId: actor.orgId,
            recordKind: ref.kind,
            recordId: ref.id,
            recordClass: 'community_content',
            event: 'restore',
            version: ref.version,
            authorId: ref.authorId,
            channel: `community:${ref.communityId}`,
            content: { status: 'visible', by: actor.userId, appeal: a.id },
          });
        }
      }
      if (a.action === 'silence')
        await tx
          .updateTable('memberships')
          .set({ silenced_until: null })
          .where('org_id', '=', actor.orgId)
          .where('user_id', '=', a.target_user_id!)
          .execute();
      if (a.action === 'suspend')
        await tx
          .updateTable('memberships')
          .set({ suspended_until: null })
          .where('org_id', '=', actor.orgId)
          .where('user_id', '=', a.target_user_id!)
          .execute();
    }
    const cleanNote = cleanText(note).trim().slice(0, 1000);
    await tx
      .updateTable('moderation_actions')
      .set({
        appeal_status: decision === 'uphold' ? 'upheld' : 'overturned',
        appeal_decided_by: actor.userId,
        appeal_decided_at: new Date(),
        appeal_note: cleanNote,
      })
      .where('id', '=', a.id)
      .execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: `moderation.appeal_${decision}`,
      targetType: 'moderation_action',
      targetId: a.id,
      ip: actor.ip,
    });
    await notify(tx, {
      orgId: actor.orgId,
      userIds: [a.target_user_id!],
      kind: 'moderation',
      title:
        decision === 'uphold'
          ? 'Your appeal was reviewed and the decision stands'
          : 'Your appeal was accepted and the decision was reversed',
      link: '/moderation/mine',
      email: true,
    });
  });
}

/** Moderators set how much a member's flags count. */
export async function setTrustLevel(db: Db, actor: Actor, userId: string, level: number) {
  if (!isUuid(userId)) throw notFound('Member');
  await db.transaction().execute(async (tx) => {
    const m = await tx
      .updateTable('memberships')
      .set({ trust_level: level })
      .where('org_id', '=', actor.orgId)
      .where('user_id', '=', userId)
      .returning('user_id')
      .executeTakeFirst();
    if (!m) throw notFound('Member');
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'moderation.trust_level',
      targetType: 'user',
      targetId: userId,
      ip: actor.ip,
      detail: { level },
    });
  });
}
