import type { Actor } from '../access/policy.ts';
import { isStaff } from '../access/policy.ts';
import type { AttachedPicture } from '../media/index.ts';
import type { CommunityVisibility, PostKind, PostVisibility } from '../shared/enums.ts';

interface PostRow {
  id: string;
  community_id: string | null;
  author_id: string;
  author_name: string;
  kind: PostKind;
  title: string;
  body: string;
  visibility: PostVisibility;
  content_warning: string | null;
  pseudonym: string | null;
  status: string;
  pinned: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  comment_count: number;
  question_to: string | null;
  answered_at: Date | null;
}

/**
 * Every field a post shows. A pseudonymous author is shown by pseudonym to patients; clinical and staff
 * roles see who it is (for safety follow-up), and the author always sees their own name.
 */
export function presentPost(p: PostRow, viewer: Actor, pictures: readonly AttachedPicture[] = []) {
  const revealAuthor = !p.pseudonym || p.author_id === viewer.userId || isStaff(viewer.role);
  return {
    id: p.id,
    communityId: p.community_id,
    kind: p.kind,
    title: p.title,
    body: p.body,
    visibility: p.visibility,
    contentWarning: p.content_warning,
    status: p.status,
    pinned: p.pinned,
    version: p.version,
    author: {
      id: revealAuthor ? p.author_id : null,
      name: p.pseudonym && !revealAuthor ? p.pseudonym : p.author_name,
      pseudonym: p.pseudonym,
    },
    mine: p.author_id === viewer.userId,
    edited: p.version > 1,
    commentCount: p.comment_count,
    pictures: [...pictures],
    question:
      p.kind === 'question'
        ? {
            askedTo: p.question_to,
            answeredAt: p.answered_at?.toISOString() ?? null,
            waitingMinutes: p.answered_at ? null : Math.round((Date.now() - p.created_at.getTime()) / 60_000),
          }
        : null,
    createdAt: p.created_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
  };
}

export function presentComment(
  c: {
    id: string;
    parent_id: string | null;
    author_id: string;
    author_name: string;
    body: string;
    pseudonym: string | null;
    created_at: Date;
  },
  viewer: Actor,
  pictures: readonly AttachedPicture[] = [],
) {
  const revealAuthor = !c.pseudonym || c.author_id === viewer.userId || isStaff(viewer.role);
  return {
    id: c.id,
    parentId: c.parent_id,
    body: c.body,
    author: {
      id: revealAuthor ? c.author_id : null,
      name: c.pseudonym && !revealAuthor ? c.pseudonym : c.author_name,
      pseudonym: c.pseudonym,
    },
    mine: c.author_id === viewer.userId,
    pictures: [...pictures],
    createdAt: c.created_at.toISOString(),
  };
}

export function presentCommunity(c: {
  id: string;
  slug: string;
  name: string;
  description: string;
  visibility: CommunityVisibility;
  member_role: 'member' | 'moderator' | null;
  pseudonym: string | null;
  member_count: number;
  unread?: number;
}) {
  return {
    id: c.id,
    slug: c.slug,
    name: c.name,
    description: c.description,
    visibility: c.visibility,
    membership: c.member_role ? { role: c.member_role, pseudonym: c.pseudonym } : null,
    memberCount: c.member_count,
    unread: c.unread ?? 0,
  };
}
