import { can, type Actor } from '../access/policy.ts';
import type { CommunityVisibility, PostVisibility, Role } from '../db/schema.ts';
import type { Destination } from '../phi/policy.ts';

export interface CommunityAccess {
  visibility: CommunityVisibility;
  memberRole: 'member' | 'moderator' | null;
}

/** Whether the community shows up for this person at all (private ones only for members and moderators of the org). */
export function canSeeCommunity(actor: Actor, c: CommunityAccess): boolean {
  return c.visibility !== 'private' || c.memberRole !== null || can(actor, 'community.moderate') || !!actor.breakGlass;
}

/** Whether they may read its posts: public communities to everyone in the organization, others to members. */
export function canReadPosts(actor: Actor, c: CommunityAccess): boolean {
  return c.visibility === 'public' || c.memberRole !== null || can(actor, 'community.moderate') || !!actor.breakGlass;
}

export function canPost(actor: Actor, c: CommunityAccess): boolean {
  return c.memberRole !== null || can(actor, 'community.moderate');
}

export function canModerate(actor: Actor, c: CommunityAccess): boolean {
  return c.memberRole === 'moderator' || can(actor, 'community.moderate');
}

/** The care team of a community: clinicians and nurses (the clinical roles) who are its members. */
export const CARE_TEAM_ROLES: readonly Role[] = ['clinician', 'staff'];
export const isCareTeam = (actor: Pick<Actor, 'role'>, c: Pick<CommunityAccess, 'memberRole'>) =>
  CARE_TEAM_ROLES.includes(actor.role) && c.memberRole !== null;

/**
 * Care-team posts are seen by their author and the community's care team only — never by communications,
 * marketing or other staff because of their role (emergency access, audited, is the exception).
 */
export function canSeePost(
  actor: Actor,
  post: { author_id: string; visibility: PostVisibility; status: string },
  c: CommunityAccess,
): boolean {
  if (post.status === 'deleted') return false;
  if (actor.breakGlass) return true;
  if (post.visibility === 'care_team') return post.author_id === actor.userId || isCareTeam(actor, c);
  if ((post.status === 'hidden' || post.status === 'pending') && post.author_id !== actor.userId && !canModerate(actor, c)) return false;
  return true;
}

/** Which PHI policy column applies: what a post can reach decides how strict the guard is. */
export function destinationOf(c: CommunityAccess, postVisibility: PostVisibility): Destination {
  if (postVisibility === 'care_team') return 'care_team';
  if (c.visibility === 'public' && postVisibility === 'public') return 'public';
  return 'community';
}
