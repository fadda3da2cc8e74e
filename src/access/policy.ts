import type { Role } from '../db/schema.ts';
import type { OrgSettings } from '../repositories/organization-settings.ts';

/** Who is asking: resolved from the session, never from the request body. */
export interface Actor {
  userId: string;
  orgId: string;
  role: Role;
  displayName: string;
  sessionId: string;
  ip: string | null;
  /** Time-limited emergency access, approved by a second person: reads everything in the organization, loudly audited. */
  breakGlass?: boolean;
  /** The organization's settings as read with the session (saves a query on every guarded write). */
  orgSettings?: OrgSettings;
  /** A moderator silenced this member: they may read but not post until then. */
  silencedUntil?: Date | null;
}

export type { OrgSettings };

export type Action =
  | 'community.create'
  | 'community.moderate'
  | 'post.publish_announcement'
  | 'post.pin'
  | 'content.moderate'
  | 'consent.record'
  | 'audit.read'
  | 'archive.read'
  | 'archive.dispose'
  | 'org.manage_members'
  | 'security.read_alerts'
  | 'break_glass.grant'
  | 'break_glass.approve'
  | 'signals.read'
  | 'policy.manage'
  | 'oversight.read'
  | 'publisher.compose'
  | 'publisher.channels'
  | 'publisher.approve'
  | 'publisher.inbox'
  | 'publisher.analytics'
  | 'publisher.library'
  | 'guard.profile'
  | 'screening.manage'
  | 'fundraising.manage';

/** Everyone who works for the organization (not patients). */
export const STAFF_ROLES: readonly Role[] = ['clinician', 'staff', 'communications', 'compliance', 'admin'];

/** One table for every role check; anything not listed is denied. */
const GRANTS: Record<Action, readonly Role[]> = {
  'community.create': ['communications', 'admin'],
  'community.moderate': ['communications', 'compliance', 'admin'],
  'post.publish_announcement': ['communications', 'admin'],
  'post.pin': ['communications', 'admin'],
  'content.moderate': ['communications', 'compliance', 'admin'],
  'consent.record': ['clinician', 'staff', 'compliance', 'admin'],
  'audit.read': ['compliance', 'admin'],
  'archive.read': ['compliance'],
  /** Asking for, approving and cancelling destruction under the retention schedule (two different people). */
  'archive.dispose': ['compliance', 'admin'],
  'org.manage_members': ['admin'],
  'security.read_alerts': ['compliance', 'admin'],
  'break_glass.grant': ['admin'],
  'break_glass.approve': ['admin', 'compliance'],
  'signals.read': ['clinician', 'communications', 'compliance', 'admin'],
  'policy.manage': ['compliance', 'admin'],
  'oversight.read': ['compliance', 'admin'],
  'publisher.compose': ['communications', 'admin'],
  'publisher.channels': ['communications', 'admin'],
  'publisher.approve': ['communications', 'compliance', 'admin'],
  'publisher.inbox': ['communications', 'admin'],
  'publisher.analytics': ['communications', 'compliance', 'admin'],
  /** Reading the content library: those who compose with it and those who approve its items. */
  'publisher.library': ['communications', 'compliance', 'admin'],
  'guard.profile': ['communications', 'compliance', 'admin'],
  /** Adding and retiring the organization's own self-screening questionnaires. */
  'screening.manage': ['clinician', 'admin'],
  /** Running fundraising campaigns: their pages, updates, recorded gifts and the pledge list. */
  'fundraising.manage': ['communications', 'admin'],
};

/** Every action there is, as listed in the table. */
export const ACTIONS = Object.keys(GRANTS) as [Action, ...Action[]];

/** Every action a role may take: the session carries it, so the web shows what the server allows. */
export function actionsFor(role: Role): Action[] {
  return (Object.keys(GRANTS) as Action[]).filter((a) => GRANTS[a].includes(role));
}

/** The roles allowed an action (whom to tell when something waits for it). */
export function rolesThatCan(action: Action): readonly Role[] {
  return GRANTS[action];
}

export function can(actor: Pick<Actor, 'role'>, action: Action): boolean {
  return GRANTS[action].includes(actor.role);
}

export function isStaff(role: Role): boolean {
  return STAFF_ROLES.includes(role);
}

/** Seniority for sanctions: nobody sanctions someone of equal or higher standing. */
const RANK: Record<Role, number> = { patient: 0, clinician: 1, staff: 1, communications: 2, compliance: 2, admin: 3 };

/**
 * Whether a moderator may sanction a member's account (warn, silence, suspend). Content decisions are
 * not sanctions. Patients can be sanctioned by any moderator; staff only by someone senior, and silencing
 * or suspending staff takes an admin.
 */
export function maySanction(actor: Role, target: Role, action: 'warn' | 'silence' | 'suspend'): boolean {
  if (target === 'patient') return true;
  if (RANK[actor] <= RANK[target]) return false;
  return action === 'warn' || actor === 'admin';
}
