import type { Reaction } from '../shared/enums.ts';
import { sql } from 'kysely';
import { assertUuid, isUuid } from '../shared/ids.ts';
import { can, isStaff, type Actor } from '../access/policy.ts';
import { notify } from '../notify/notifications.ts';
import type { Db } from '../db/database.ts';
import type { CommunityVisibility, ContentStatus, PostKind, PostVisibility } from '../db/schema.ts';
import { retryItemsAfter } from '../db/index.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { randomUUID } from 'node:crypto';
import { attachedConsents, commitWrite, commitWrites, prepareWrite, type PreparedWrite } from '../guard/index.ts';
import { Batcher } from '../shared/batcher.ts';
import { perDatabase } from '../shared/per-database.ts';
import { recordEffects } from '../records/record-write.ts';
import { badRequest, conflict, forbidden, notFound } from '../shared/errors.ts';
import { cleanText } from '../shared/text.ts';
import { addMemberFlag } from '../moderation/service.ts';
import { sampleForSupervision } from '../policies/enforce.ts';
import { requireCapability } from '../policies/gates.ts';
import {
  CARE_TEAM_ROLES,
  canModerate,
  canPost,
  canReadPosts,
  canSeeCommunity,
  canSeePost,
  destinationOf,
  type CommunityAccess,
} from './visibility.ts';
import { roleOf } from '../repositories/index.ts';
import { notifyMentions } from './mentions.ts';

export interface CommunityRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  visibility: CommunityVisibility;
  member_role: 'member' | 'moderator' | null;
  pseudonym: string | null;
  member_count: number;
}

async function loadCommunity(db: Db, actor: Actor, communityId: string, withMemberCount = true): Promise<CommunityRow & CommunityAccess> {
  assertUuid(communityId, 'Community');
  const row = withMemberCount
    ? await db
        .selectFrom('communities as c')
        .leftJoin('community_members as cm', (j) => j.onRef('cm.community_id', '=', 'c.id').on('cm.user_id', '=', actor.userId))
        .select(['c.id', 'c.slug', 'c.name', 'c.description', 'c.visibility', 'c.org_id', 'cm.role as member_role', 'cm.pseudonym'])
        .select(sql<number>`(SELECT count(*)::int FROM community_members x WHERE x.community_id = c.id)`.as('member_count'))
        .where('c.id', '=', communityId)
        .executeTakeFirst()
    : await communityReader(db).submit({ communityId, userId: actor.userId });
  // Another organization's community answers like a missing one.
  const community = row && row.org_id === actor.orgId ? { ...row, memberRole: row.member_role } : undefined;
  if (!community || !canSeeCommunity(actor, community)) throw notFound('Community');
  return community;
}

/** A community as another feature needs it (events): visible to the caller, with their membership. */
export async function communityAccess(db: Db, actor: Actor, communityId: string) {
  const c = await loadCommunity(db, actor, communityId, false);
  return { id: c.id, name: c.name, visibility: c.visibility, memberRole: c.memberRole, canRead: canReadPosts(actor, c) };
}

type CommunityLookup = { communityId: string; userId: string };
type CommunityLookupRow = Omit<CommunityRow, 'member_count'> & { org_id: string; member_count: number };
/** Concurrent writes look their community and membership up in one query (read coalescing). */
const communityReader = perDatabase(
  (db: Db) =>
    new Batcher<CommunityLookup, CommunityLookupRow | undefined>(async (lookups) => {
      const rows = await sql<CommunityLookupRow & { n: number }>`
        SELECT q.n::int AS n, c.id, c.slug, c.name, c.description, c.visibility, c.org_id, cm.role AS member_role, cm.pseudonym, 0 AS member_count
        FROM unnest(${lookups.map((l) => l.communityId)}::uuid[], ${lookups.map((l) => l.userId)}::uuid[]) WITH ORDINALITY AS q(community_id, user_id, n)
        JOIN communities c ON c.id = q.community_id
        LEFT JOIN community_members cm ON cm.community_id = c.id AND cm.user_id = q.user_id`.execute(db);
      const byN = new Map(rows.rows.map((x) => [Number(x.n), x]));
      return lookups.map((_, i) => byN.get(i + 1));
    }),
);

export async function listCommunities(db: Db, actor: Actor) {
  const rows = await db
    .selectFrom('communities as c')
    .leftJoin('community_members as cm', (j) => j.onRef('cm.community_id', '=', 'c.id').on('cm.user_id', '=', actor.userId))
    .select(['c.id', 'c.slug', 'c.name', 'c.description', 'c.visibility', 'cm.role as member_role', 'cm.pseudonym'])
    .select(sql<number>`(SELECT count(*)::int FROM community_members x WHERE x.community_id = c.id)`.as('member_count'))
    // New since the member last opened it: others' visible posts they may read (care-team posts only for the care team).
    .select(
      sql<number>`CASE WHEN cm.user_id IS NULL THEN 0 ELSE (
        SELECT count(*)::int FROM posts p
        WHERE p.community_id = c.id AND p.status = 'visible' AND p.author_id <> ${actor.userId}
          AND p.created_at > coalesce(cm.last_read_at, cm.joined_at)
          AND (p.visibility <> 'care_team' OR ${CARE_TEAM_ROLES.includes(actor.role)})
      ) END`.as('unread'),
    )
    .where('c.org_id', '=', actor.orgId)
    .orderBy('c.name')
    .execute();
  return rows.filter((c) => canSeeCommunity(actor, { visibility: c.visibility, memberRole: c.member_role }));
}

/** The member opened the community: what is there now is read. */
export async function markCommunityRead(db: Db, actor: Actor, communityId: string): Promise<void> {
  const c = await loadCommunity(db, actor, communityId, false);
  if (!c.memberRole) return;
  await db
    .updateTable('community_members')
    .set({ last_read_at: new Date() })
    .where('community_id', '=', c.id)
    .where('user_id', '=', actor.userId)
    .execute();
}

export async function getCommunity(db: Db, actor: Actor, id: string) {
  return loadCommunity(db, actor, id);
}

export async function createCommunity(
  db: Db,
  actor: Actor,
  input: { name: string; slug: string; description: string; visibility: CommunityVisibility; region?: string | null },
) {
  if (!can(actor, 'community.create')) throw forbidden('Only communications staff and admins create communities.');
  const prepared = await prepareWrite(db, {
    actor,
    kind: 'community',
    destination: input.visibility === 'public' ? 'public' : 'community',
    fields: { name: input.name.trim(), description: input.description },
    confirmed: true,
  });
  const { name, description } = prepared.fields;
  return db.transaction().execute(async (tx) => {
    const exists = await tx
      .selectFrom('communities')
      .select('id')
      .where('org_id', '=', actor.orgId)
      .where('slug', '=', input.slug)
      .executeTakeFirst();
    if (exists) throw conflict('A community with that address already exists.');
    const c = await tx
      .insertInto('communities')
      .values({
        org_id: actor.orgId,
        slug: input.slug,
        name,
        description,
        visibility: input.visibility,
        created_by: actor.userId,
        region: input.region ? cleanText(input.region).trim() || null : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('community_members')
      .values({ community_id: c.id, user_id: actor.userId, org_id: actor.orgId, role: 'moderator' })
      .execute();
    await commitWrite(tx, prepared, {
      recordId: c.id,
      action: 'community.create',
      archive: {
        recordClass: 'community',
        event: 'create',
        version: 1,
        authorId: actor.userId,
        channel: `community:${c.id}`,
        content: { name, description, visibility: input.visibility, slug: input.slug },
      },
    });
    return c;
  });
}

export async function joinCommunity(db: Db, actor: Actor, communityId: string, pseudonym: string | null, acceptRules = false) {
  const c = await loadCommunity(db, actor, communityId);
  if (c.memberRole) throw conflict('You are already a member.');
  if (c.visibility === 'private' && !can(actor, 'community.moderate')) throw notFound('Community');
  if (pseudonym && actor.role !== 'patient') throw badRequest('Pseudonyms are for patients.');
  const { rules } = await db.selectFrom('communities').select('rules').where('id', '=', c.id).executeTakeFirstOrThrow();
  if (rules.trim() && !acceptRules) throw badRequest('acceptRules: read and accept the community rules to join.');
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('community_members')
      .values({
        community_id: c.id,
        user_id: actor.userId,
        org_id: actor.orgId,
        pseudonym,
        rules_accepted_at: rules.trim() ? new Date() : null,
      })
      .execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'community.join',
      targetType: 'community',
      targetId: c.id,
      ip: actor.ip,
      detail: { pseudonymous: !!pseudonym },
    });
  });
}

export interface FeedCursor {
  createdAt: string;
  id: string;
}

export function parseCursor(raw: string | undefined): FeedCursor | undefined {
  if (!raw) return undefined;
  const [createdAt, id] = Buffer.from(raw, 'base64url').toString().split('|');
  if (!createdAt || !id || !isUuid(id) || Number.isNaN(Date.parse(createdAt))) throw badRequest('Invalid cursor.');
  return { createdAt, id };
}
const makeCursor = (createdAt: Date, id: string) => Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');

/**
 * Posts with their author's name and the number of visible replies: every screen that shows a post shows
 * that number (a single post, pinned posts, search and the news feed said "0 replies" above replies when
 * only the community list counted them).
 */
function selectPosts(db: Db) {
  return db
    .selectFrom('posts as p')
    .innerJoin('users as u', 'u.id', 'p.author_id')
    .select(POST_COLUMNS)
    .select(sql<number>`(SELECT count(*)::int FROM comments x WHERE x.post_id = p.id AND x.status = 'visible')`.as('comment_count'));
}

const POST_COLUMNS = [
  'p.id',
  'p.community_id',
  'p.author_id',
  'p.kind',
  'p.title',
  'p.body',
  'p.visibility',
  'p.content_warning',
  'p.pseudonym',
  'p.status',
  'p.pinned',
  'p.version',
  'p.created_at',
  'p.updated_at',
  'p.question_to',
  'p.answered_at',
  'u.display_name as author_name',
] as const;

/** Newest first, keyset-paginated: constant time per page however many posts a community has. */
export async function listPosts(db: Db, actor: Actor, communityId: string, cursor?: FeedCursor, limit = 20) {
  const c = await loadCommunity(db, actor, communityId);
  if (!canReadPosts(actor, c)) throw forbidden('Join this community to read its posts.');
  let q = selectPosts(db).where('p.community_id', '=', c.id).where('p.status', '!=', 'deleted');
  if (cursor) q = q.where(sql<boolean>`(p.created_at, p.id) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await q
    .orderBy('p.created_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(limit + 1)
    .execute();
  const visible = rows.slice(0, limit).filter((p) => canSeePost(actor, p, c));
  const pinned = cursor
    ? []
    : await selectPosts(db).where('p.community_id', '=', c.id).where('p.pinned', '=', true).where('p.status', '=', 'visible').execute();
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return {
    community: c,
    posts: visible,
    pinned: pinned.filter((p) => canSeePost(actor, p, c)),
    nextCursor: last ? makeCursor(last.created_at, last.id) : null,
  };
}

export interface PostInput {
  title: string;
  body: string;
  kind: PostKind;
  visibility: PostVisibility;
  contentWarning: string | null;
  anonymous: boolean;
  consentId: string | null;
  consentIds?: string[];
  confirmPhi: boolean;
  /** For questions: the clinician asked (null: the organization). */
  questionTo?: string | null;
  /** Pictures the author uploaded and checked, to attach. */
  mediaIds?: string[];
}

const STAFF_KINDS: PostKind[] = ['announcement', 'education', 'event', 'campaign'];

export async function createPost(db: Db, actor: Actor, communityId: string, input: PostInput) {
  const c = await loadCommunity(db, actor, communityId, false);
  if (!canPost(actor, c)) throw forbidden('Join this community to post in it.');
  if (STAFF_KINDS.includes(input.kind) && !can(actor, 'post.publish_announcement'))
    throw forbidden('Only communications staff publish announcements, education, events and campaigns.');
  const pseudonym = input.anonymous ? c.pseudonym : null;
  if (input.anonymous && !pseudonym) throw badRequest('Set a pseudonym for this community before posting under it.');
  const questionTo = input.kind === 'question' && input.questionTo ? await assertClinician(db, actor, input.questionTo) : null;
  const destination = destinationOf(c, input.visibility);
  const hasWarning = !!input.contentWarning?.trim();
  const prepared = await prepareWrite(db, {
    actor,
    kind: 'post',
    destination,
    fields: { title: input.title.trim(), body: input.body, contentWarning: input.contentWarning?.trim() ?? '' },
    consentIds: attachedConsents(input),
    confirmed: input.confirmPhi,
    communityId: c.id,
    mediaIds: input.mediaIds,
  });
  const f = prepared.fields;
  return postWriter(db).submit({
    prepared,
    questionTo,
    row: {
      id: randomUUID(),
      org_id: actor.orgId,
      community_id: c.id,
      author_id: actor.userId,
      kind: input.kind,
      title: f.title,
      body: f.body,
      visibility: input.visibility,
      content_warning: hasWarning ? f.contentWarning : null,
      pseudonym,
      consent_id: prepared.pass.consentIds[0] ?? null,
      question_to: questionTo,
      status: prepared.hold ? 'pending' : 'visible',
    },
    communityVisibility: c.visibility,
  });
}

interface PendingPost {
  prepared: PreparedWrite<'post'>;
  questionTo: string | null;
  communityVisibility: string;
  row: {
    id: string;
    org_id: string;
    community_id: string;
    author_id: string;
    kind: PostKind;
    title: string;
    body: string;
    visibility: PostVisibility;
    content_warning: string | null;
    pseudonym: string | null;
    consent_id: string | null;
    question_to: string | null;
    status: 'visible' | 'pending';
  };
}

/**
 * Posts that passed the guard are stored by group commit: one transaction for everything waiting. A batch
 * that failed because of one post is retried post by post; one that lost the database is not: it may have
 * committed, and writing its posts again failed on their ids (a 500 for a stored post).
 */
const postWriter = perDatabase(
  (db: Db) =>
    new Batcher<PendingPost, { id: string; created_at: Date; version: number; status: ContentStatus }>(
      (items) => storePosts(db, items),
      undefined,
      retryItemsAfter,
    ),
);

async function storePosts(db: Db, items: PendingPost[]) {
  return db.transaction().execute(async (tx) => {
    const stored = await tx
      .insertInto('posts')
      .values(items.map((i) => i.row))
      .returning(['id', 'created_at', 'version', 'status'])
      .execute();
    const byId = new Map(stored.map((s) => [s.id, s]));
    await sampleForSupervision(
      tx,
      items.map((i) => ({ actor: i.prepared.actor, recordKind: 'post' as const, recordId: i.row.id })),
    );
    await commitWrites(
      tx,
      items.map(({ prepared, row, communityVisibility }) => ({
        prepared,
        effects: {
          recordId: row.id,
          action: 'post.create',
          archive: {
            recordClass: 'community_content',
            event: 'create' as const,
            version: 1,
            authorId: row.author_id,
            channel: `community:${row.community_id}`,
            content: {
              title: row.title,
              body: row.body,
              kind: row.kind,
              visibility: row.visibility,
              contentWarning: row.content_warning,
              pseudonym: row.pseudonym,
            },
          },
          distribution: {
            destinationKind: prepared.destination === 'care_team' ? ('care_team' as const) : ('community' as const),
            destinationId: row.community_id,
            audience: { communityVisibility, postVisibility: row.visibility },
          },
          auditDetail: row.status === 'pending' ? { heldForApproval: true } : {},
        },
      })),
    );
    for (const { prepared, row } of items.filter((x) => x.row.status === 'visible')) {
      await notifyMentions(tx, {
        orgId: prepared.actor.orgId,
        authorId: prepared.actor.userId,
        authorLabel: row.pseudonym ?? prepared.actor.displayName,
        communityId: row.community_id,
        visibility: row.visibility,
        texts: [row.title, row.body],
        link: `/p/${row.id}`,
      });
    }
    for (const i of items.filter((x) => x.questionTo)) {
      await notify(tx, {
        orgId: i.prepared.actor.orgId,
        userIds: [i.questionTo!],
        kind: 'mention',
        title: `${i.row.pseudonym ?? i.prepared.actor.displayName} asked you a question`,
        link: `/p/${i.row.id}`,
        email: true,
      });
    }
    return items.map((i) => byId.get(i.row.id)!);
  });
}

async function assertClinician(db: Db, actor: Actor, userId: string): Promise<string> {
  if (!isUuid(userId)) throw notFound('Provider');
  if ((await roleOf(db, actor.orgId, userId)) !== 'clinician') throw notFound('Provider');
  return userId;
}

async function loadPost(db: Db, actor: Actor, postId: string) {
  assertUuid(postId, 'Post');
  const post = await selectPosts(db).where('p.id', '=', postId).where('p.org_id', '=', actor.orgId).executeTakeFirst();
  if (!post || !post.community_id) throw notFound('Post');
  let community: CommunityRow & CommunityAccess;
  try {
    community = await loadCommunity(db, actor, post.community_id);
  } catch {
    throw notFound('Post');
  }
  if (!canReadPosts(actor, community) || !canSeePost(actor, post, community)) throw notFound('Post');
  return { post, community };
}

/** Whether the actor may see a post or comment (for its pictures): throws not found otherwise. */
export async function assertReadable(db: Db, actor: Actor, kind: 'post' | 'comment', id: string): Promise<void> {
  if (kind === 'post') {
    await loadPost(db, actor, id);
    return;
  }
  assertUuid(id, 'Comment');
  const c = await db
    .selectFrom('comments')
    .select(['post_id', 'status'])
    .where('id', '=', id)
    .where('org_id', '=', actor.orgId)
    .executeTakeFirst();
  if (!c || c.status !== 'visible') throw notFound('Comment');
  await loadPost(db, actor, c.post_id);
}

export async function getPost(db: Db, actor: Actor, postId: string) {
  const { post, community } = await loadPost(db, actor, postId);
  const comments = await db
    .selectFrom('comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .select([
      'c.id',
      'c.parent_id',
      'c.author_id',
      'c.body',
      'c.pseudonym',
      'c.status',
      'c.created_at',
      'c.updated_at',
      'u.display_name as author_name',
    ])
    .where('c.post_id', '=', post.id)
    .where('c.status', '=', 'visible')
    .orderBy('c.created_at')
    .limit(500)
    .execute();
  const reactions = await db
    .selectFrom('reactions')
    .select(['emoji', sql<number>`count(*)::int`.as('count'), sql<boolean>`bool_or(user_id = ${actor.userId})`.as('mine')])
    .where('post_id', '=', post.id)
    .groupBy('emoji')
    .execute();
  return { post, community, comments, reactions };
}

export async function editPost(
  db: Db,
  actor: Actor,
  postId: string,
  input: Pick<PostInput, 'title' | 'body' | 'contentWarning' | 'consentId' | 'consentIds' | 'confirmPhi'>,
) {
  const { post, community } = await loadPost(db, actor, postId);
  if (post.author_id !== actor.userId) throw forbidden('Only the author can edit a post.');
  const destination = destinationOf(community, post.visibility);
  const prepared = await prepareWrite(db, {
    actor,
    kind: 'post',
    destination,
    fields: { title: input.title.trim(), body: input.body, contentWarning: input.contentWarning?.trim() ?? '' },
    consentIds: attachedConsents(input),
    confirmed: input.confirmPhi,
    communityId: community.id,
  });
  const { title, body } = prepared.fields;
  const contentWarning = input.contentWarning?.trim() ? prepared.fields.contentWarning : null;
  const status = prepared.hold && post.status === 'visible' ? 'pending' : post.status;
  return db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable('posts')
      .set({
        title,
        body,
        content_warning: contentWarning,
        version: post.version + 1,
        updated_at: new Date(),
        consent_id: prepared.pass.consentIds[0] ?? null,
        status,
      })
      .where('id', '=', post.id)
      .where('version', '=', post.version)
      .returning(['id', 'version', 'status'])
      .executeTakeFirst();
    if (!updated) throw conflict('The post changed while you were editing it. Reload and try again.');
    // The consents an edit relies on replace the earlier ones.
    await tx.deleteFrom('record_consents').where('record_kind', '=', 'post').where('record_id', '=', post.id).execute();
    await commitWrite(tx, prepared, {
      recordId: post.id,
      action: 'post.edit',
      archive: {
        recordClass: 'community_content',
        event: 'edit',
        version: updated.version,
        authorId: post.author_id,
        channel: `community:${community.id}`,
        content: { title, body, kind: post.kind, visibility: post.visibility, contentWarning, pseudonym: post.pseudonym },
      },
    });
    return updated;
  });
}

/** Deleting hides the post everywhere in the product; its archive entries stay. */
export async function deletePost(db: Db, actor: Actor, postId: string) {
  const { post, community } = await loadPost(db, actor, postId);
  if (post.author_id !== actor.userId && !canModerate(actor, community))
    throw forbidden('Only the author or a moderator can delete a post.');
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('posts')
      .set({ status: 'deleted', version: post.version + 1, updated_at: new Date() })
      .where('id', '=', post.id)
      .execute();
    await recordEffects(tx, {
      actor,
      action: 'post.delete',
      archive: {
        recordKind: 'post',
        recordId: post.id,
        recordClass: 'community_content',
        event: 'delete',
        version: post.version + 1,
        authorId: post.author_id,
        channel: `community:${community.id}`,
        content: { title: post.title, body: post.body, status: 'deleted', deletedBy: actor.userId },
      },
    });
  });
}

export async function addComment(
  db: Db,
  actor: Actor,
  postId: string,
  input: {
    body: string;
    parentId: string | null;
    anonymous: boolean;
    confirmPhi: boolean;
    consentId: string | null;
    consentIds?: string[];
    markAnswer?: boolean;
    mediaIds?: string[];
  },
) {
  const { post, community } = await loadPost(db, actor, postId);
  const answering = !!input.markAnswer;
  if (answering && (post.kind !== 'question' || !(isStaff(actor.role) || post.question_to === actor.userId))) {
    throw forbidden('Only the care team answers questions.');
  }
  if (post.status !== 'visible') throw conflict('This post no longer takes replies.');
  if (!canPost(actor, community)) throw forbidden('Join this community to reply.');
  if (input.parentId) {
    assertUuid(input.parentId, 'Comment');
    const parent = await db
      .selectFrom('comments')
      .select('id')
      .where('id', '=', input.parentId)
      .where('post_id', '=', post.id)
      .where('status', '=', 'visible')
      .executeTakeFirst();
    if (!parent) throw notFound('Comment');
  }
  const pseudonym = input.anonymous ? community.pseudonym : null;
  if (input.anonymous && !pseudonym) throw badRequest('Set a pseudonym for this community before posting under it.');
  const destination = destinationOf(community, post.visibility);
  if (answering) await requireCapability(db, actor, 'answer_questions');
  const prepared = await prepareWrite(db, {
    actor,
    kind: 'comment',
    destination,
    fields: { body: input.body },
    consentIds: attachedConsents(input),
    confirmed: input.confirmPhi,
    communityId: community.id,
    mediaIds: input.mediaIds,
  });
  const body = prepared.fields.body;
  return db.transaction().execute(async (tx) => {
    const comment = await tx
      .insertInto('comments')
      .values({
        org_id: actor.orgId,
        post_id: post.id,
        parent_id: input.parentId,
        author_id: actor.userId,
        body,
        pseudonym,
        status: prepared.hold ? 'pending' : 'visible',
      })
      .returning(['id', 'created_at', 'status'])
      .executeTakeFirstOrThrow();
    await sampleForSupervision(tx, [{ actor, recordKind: 'comment', recordId: comment.id }]);
    await commitWrite(tx, prepared, {
      recordId: comment.id,
      action: 'comment.create',
      archive: {
        recordClass: 'community_content',
        event: 'create',
        version: 1,
        authorId: actor.userId,
        channel: `community:${community.id}`,
        content: { postId: post.id, parentId: input.parentId, body, pseudonym },
      },
      distribution: { destinationKind: 'community', destinationId: community.id },
    });
    if (answering && !post.answered_at) {
      await tx.updateTable('posts').set({ answered_at: new Date(), answered_by: actor.userId }).where('id', '=', post.id).execute();
      await recordAudit(tx, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: 'question.answered',
        targetType: 'post',
        targetId: post.id,
        ip: actor.ip,
        detail: { responseMinutes: Math.round((Date.now() - post.created_at.getTime()) / 60_000) },
      });
    }
    if (comment.status === 'visible') {
      await notifyMentions(tx, {
        orgId: actor.orgId,
        authorId: actor.userId,
        authorLabel: pseudonym ?? actor.displayName,
        communityId: community.id,
        visibility: post.visibility,
        texts: [body],
        link: `/p/${post.id}`,
      });
      // A reply to a reply tells the person answered (the post's author is told below).
      const parent = input.parentId
        ? await tx.selectFrom('comments').select('author_id').where('id', '=', input.parentId).executeTakeFirst()
        : undefined;
      if (parent && parent.author_id !== actor.userId && parent.author_id !== post.author_id)
        await notify(tx, {
          orgId: actor.orgId,
          userIds: [parent.author_id],
          kind: 'mention',
          title: 'New reply to your comment',
          link: `/p/${post.id}`,
        });
    }
    if (post.author_id !== actor.userId) {
      await notify(tx, {
        orgId: actor.orgId,
        userIds: [post.author_id],
        kind: answering ? 'answer' : 'mention',
        title: answering ? `${actor.displayName} answered your question` : `New reply to your post`,
        link: `/p/${post.id}`,
        email: answering,
      });
    }
    return comment;
  });
}

export async function toggleReaction(db: Db, actor: Actor, postId: string, emoji: Reaction) {
  const { post } = await loadPost(db, actor, postId);
  return db.transaction().execute(async (tx) => {
    const existing = await tx
      .selectFrom('reactions')
      .select('emoji')
      .where('post_id', '=', post.id)
      .where('user_id', '=', actor.userId)
      .where('emoji', '=', emoji)
      .executeTakeFirst();
    if (existing)
      await tx
        .deleteFrom('reactions')
        .where('post_id', '=', post.id)
        .where('user_id', '=', actor.userId)
        .where('emoji', '=', emoji)
        .execute();
    else await tx.insertInto('reactions').values({ org_id: actor.orgId, post_id: post.id, user_id: actor.userId, emoji }).execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: existing ? 'reaction.remove' : 'reaction.add',
      targetType: 'post',
      targetId: post.id,
      ip: actor.ip,
      detail: { emoji },
    });
    return { reacted: !existing };
  });
}

/** Reports go to the moderation queue, weighted by the reporter's trust level (see moderation). */
export async function flagContent(db: Db, actor: Actor, postId: string, reason: string) {
  const { post } = await loadPost(db, actor, postId);
  return addMemberFlag(db, actor, 'post', post.id, reason);
}

export async function flagComment(db: Db, actor: Actor, commentId: string, reason: string) {
  assertUuid(commentId, 'Comment');
  const c = await db
    .selectFrom('comments')
    .select(['post_id'])
    .where('id', '=', commentId)
    .where('org_id', '=', actor.orgId)
    .where('status', '=', 'visible')
    .executeTakeFirst();
  if (!c) throw notFound('Comment');
  await loadPost(db, actor, c.post_id).catch(() => {
    throw notFound('Comment');
  });
  return addMemberFlag(db, actor, 'comment', commentId, reason);
}

/** Full-text search over posts the caller may read, newest first (ranking a million rows is too slow). */
export async function searchPosts(db: Db, actor: Actor, query: string, limit = 20) {
  const communities = (await listCommunities(db, actor)).filter((c) =>
    canReadPosts(actor, { visibility: c.visibility, memberRole: c.member_role }),
  );
  if (communities.length === 0) return [];
  const rows = await selectPosts(db)
    .where('p.org_id', '=', actor.orgId)
    .where(
      'p.community_id',
      'in',
      communities.map((c) => c.id),
    )
    .where('p.status', '=', 'visible')
    .where(sql<boolean>`p.search @@ websearch_to_tsquery('english', ${query})`)
    .orderBy('p.created_at', 'desc')
    .limit(limit)
    .execute();
  const byId = new Map(communities.map((c) => [c.id, c]));
  return rows.filter((p) =>
    canSeePost(actor, p, { visibility: byId.get(p.community_id!)!.visibility, memberRole: byId.get(p.community_id!)!.member_role }),
  );
}

/**
 * A member's profile as this person may see it: their name and role, the communities both belong to, and
 * their recent posts there under their own name — never one written under a pseudonym (that would tie the
 * pseudonym to the name), never from a community the viewer does not share.
 */
export async function personProfile(db: Db, actor: Actor, userId: string) {
  assertUuid(userId, 'Person');
  const person = await db
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .leftJoin('provider_profiles as pp', (j) => j.onRef('pp.user_id', '=', 'u.id').onRef('pp.org_id', '=', 'm.org_id'))
    .select(['u.id', 'u.display_name', 'm.role', 'm.created_at', 'pp.specialty'])
    .where('u.id', '=', userId)
    .where('m.org_id', '=', actor.orgId)
    .where('m.deactivated_at', 'is', null)
    .executeTakeFirst();
  if (!person) throw notFound('Person');
  const shared = (await listCommunities(db, actor)).filter((c) => c.member_role !== null);
  const theirs = shared.length
    ? new Set(
        (
          await db
            .selectFrom('community_members')
            .select('community_id')
            .where('user_id', '=', userId)
            .where(
              'community_id',
              'in',
              shared.map((c) => c.id),
            )
            .execute()
        ).map((r) => r.community_id),
      )
    : new Set<string>();
  const inCommon = shared.filter((c) => theirs.has(c.id));
  const posts = inCommon.length
    ? (
        await selectPosts(db)
          .where('p.org_id', '=', actor.orgId)
          .where('p.author_id', '=', userId)
          .where('p.pseudonym', 'is', null)
          .where('p.status', '=', 'visible')
          .where(
            'p.community_id',
            'in',
            inCommon.map((c) => c.id),
          )
          .orderBy('p.created_at', 'desc')
          .limit(10)
          .execute()
      ).filter((p) => {
        const c = inCommon.find((x) => x.id === p.community_id)!;
        return canSeePost(actor, p, { visibility: c.visibility, memberRole: c.member_role });
      })
    : [];
  return { person, communities: inCommon.map((c) => ({ id: c.id, name: c.name })), posts };
}

export async function pinPost(db: Db, actor: Actor, postId: string, pinned: boolean) {
  const { post, community } = await loadPost(db, actor, postId);
  if (!canModerate(actor, community)) throw forbidden('Only moderators pin posts.');
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('posts').set({ pinned }).where('id', '=', post.id).execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: pinned ? 'post.pin' : 'post.unpin',
      targetType: 'post',
      targetId: post.id,
      ip: actor.ip,
    });
  });
}

/** Every version of a post, from the archive: for its author and the community's moderators. */
export async function postHistory(db: Db, actor: Actor, postId: string) {
  const { post, community } = await loadPost(db, actor, postId);
  if (post.author_id !== actor.userId && !canModerate(actor, community))
    throw forbidden('Only the author and moderators see earlier versions.');
  return db
    .selectFrom('archive_entries as a')
    .innerJoin('archive_content as c', (j) => j.onRef('c.entry_id', '=', 'a.id').onRef('c.occurred_at', '=', 'a.occurred_at'))
    .select(['a.version', 'a.event', 'c.content', 'a.occurred_at'])
    .where('a.org_id', '=', actor.orgId)
    .where('a.record_kind', '=', 'post')
    .where('a.record_id', '=', post.id)
    .where('a.event', 'in', ['create', 'edit'])
    .orderBy('a.seq')
    .execute();
}

async function readableCommunityIds(db: Db, actor: Actor): Promise<string[]> {
  return (await listCommunities(db, actor))
    .filter((c) => canReadPosts(actor, { visibility: c.visibility, memberRole: c.member_role }))
    .map((c) => c.id);
}

/** The organization's news: announcements, health education, events and campaigns, newest first. */
export async function organizationFeed(db: Db, actor: Actor, limit = 30) {
  const ids = await readableCommunityIds(db, actor);
  if (ids.length === 0) return [];
  return selectPosts(db)
    .where('p.org_id', '=', actor.orgId)
    .where('p.community_id', 'in', ids)
    .where('p.kind', 'in', STAFF_KINDS)
    .where('p.status', '=', 'visible')
    .where('p.visibility', '!=', 'care_team')
    .orderBy('p.created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Questions with their response times: staff see every open or answered question they can read; patients their own. */
export async function listQuestions(db: Db, actor: Actor, status: 'open' | 'answered') {
  const ids = await readableCommunityIds(db, actor);
  if (ids.length === 0) return { questions: [], medianResponseMinutes: null };
  let q = selectPosts(db)
    .where('p.org_id', '=', actor.orgId)
    .where('p.community_id', 'in', ids)
    .where('p.kind', '=', 'question')
    .where('p.status', '=', 'visible')
    .where('p.answered_at', status === 'open' ? 'is' : 'is not', null);
  if (!isStaff(actor.role)) q = q.where('p.author_id', '=', actor.userId);
  // Care-team questions only for the care team of their community (or their author).
  const mine = db.selectFrom('community_members').select('community_id').where('user_id', '=', actor.userId);
  q = q.where((eb) =>
    eb.or([
      eb('p.visibility', '!=', 'care_team'),
      eb('p.author_id', '=', actor.userId),
      ...(CARE_TEAM_ROLES.includes(actor.role) ? [eb('p.community_id', 'in', mine)] : []),
    ]),
  );
  const questions = await q
    .orderBy('p.created_at', status === 'open' ? 'asc' : 'desc')
    .limit(200)
    .execute();
  const times = await db
    .selectFrom('posts')
    .select(sql<number>`percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - created_at) / 60)`.as('median'))
    .where('org_id', '=', actor.orgId)
    .where('kind', '=', 'question')
    .where('answered_at', 'is not', null)
    .executeTakeFirst();
  return {
    questions,
    medianResponseMinutes: times?.median === null || times?.median === undefined ? null : Math.round(Number(times.median)),
  };
}
