import { randomInt, timingSafeEqual } from 'node:crypto';
import type { Actor } from '../access/policy.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Db, Tx } from '../db/database.ts';
import { commitWrite, prepareWrite } from '../guard/index.ts';
import { notify } from '../notify/notifications.ts';
import { sha256Hex } from '../shared/canonical.ts';
import { AppError, badRequest, conflict, notFound } from '../shared/errors.ts';
import { assertUuid } from '../shared/ids.ts';
import { canModerate, canSeeCommunity, type CommunityAccess } from './visibility.ts';

/**
 * How people come into a community by themselves: its rules (accepted at join), invitation links the
 * organization makes (a code in the link, optionally typed by hand; optional moderator approval, email
 * domains and an access code handed out in person), and join requests moderators decide.
 */

// No 0/O, 1/I/L: codes are read aloud at a front desk and typed on phones.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** Ten characters of 31 (about 50 bits), shown as two groups of five. */
export function newJoinCode(): string {
  const chars = Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}
/** What a person typed, as stored: upper case, the dash optional, look-alike letters read as digits. */
export function normalizeJoinCode(raw: string): string {
  const s = raw
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return s.length === 10 ? `${s.slice(0, 5)}-${s.slice(5)}` : s;
}
const hashAccessCode = (code: string) => sha256Hex(`join-access:${code.trim().toUpperCase()}`);
const sameHash = (a: string, b: string) => timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The community with the caller's membership, if the caller may see it at all, with what `allowed` asks. */
async function communityFor(db: Db | Tx, actor: Actor, communityId: string, allowed: (access: CommunityAccess) => boolean) {
  assertUuid(communityId, 'Community');
  const c = await db
    .selectFrom('communities as c')
    .leftJoin('community_members as cm', (j) => j.onRef('cm.community_id', '=', 'c.id').on('cm.user_id', '=', actor.userId))
    .select(['c.id', 'c.name', 'c.visibility', 'c.rules', 'cm.role as memberRole'])
    .where('c.id', '=', communityId)
    .where('c.org_id', '=', actor.orgId)
    .executeTakeFirst();
  if (!c || !allowed({ visibility: c.visibility, memberRole: c.memberRole ?? null })) throw notFound('Community');
  return c;
}
const moderatedCommunity = (db: Db | Tx, actor: Actor, communityId: string) =>
  communityFor(db, actor, communityId, (access) => canModerate(actor, access));

/** The rules as a person about to join (or a member) reads them. */
export async function communityRules(db: Db, actor: Actor, communityId: string): Promise<string> {
  return (await communityFor(db, actor, communityId, (access) => canSeeCommunity(actor, access))).rules;
}

/** The community's rules; moderators change them (screened like any text patients read). */
export async function setCommunityRules(db: Db, actor: Actor, communityId: string, rules: string) {
  const c = await moderatedCommunity(db, actor, communityId);
  const prepared = await prepareWrite(db, {
    actor,
    kind: 'community_rules',
    destination: c.visibility === 'public' ? 'public' : 'community',
    fields: { rules },
    confirmed: true,
  });
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('communities').set({ rules: prepared.fields.rules }).where('id', '=', c.id).execute();
    // The community record's next version in the archive (its creation was version 1).
    const last = await tx
      .selectFrom('archive_entries')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('record_id', '=', c.id)
      .where('record_class', '=', 'community')
      .executeTakeFirst();
    await commitWrite(tx, prepared, {
      recordId: c.id,
      action: 'community.rules_changed',
      archive: {
        recordClass: 'community',
        event: 'edit',
        version: Number(last?.v ?? 1) + 1,
        authorId: actor.userId,
        channel: `community:${c.id}`,
        content: { rules: prepared.fields.rules },
      },
    });
  });
  return { rules: prepared.fields.rules };
}

export interface JoinLinkInput {
  label: string;
  requiresApproval: boolean;
  emailDomains: string[];
  accessCode: string | null;
  expiresAt: Date | null;
  maxUses: number | null;
}

const presentLink = (l: {
  id: string;
  code: string;
  label: string;
  requires_approval: boolean;
  email_domains: string[];
  access_code_hash: string | null;
  expires_at: Date | null;
  max_uses: number | null;
  uses: number;
  revoked_at: Date | null;
  created_at: Date;
}) => ({
  id: l.id,
  code: l.code,
  path: `/join/${l.code}`,
  label: l.label,
  requiresApproval: l.requires_approval,
  emailDomains: l.email_domains,
  needsAccessCode: l.access_code_hash !== null,
  expiresAt: l.expires_at?.toISOString() ?? null,
  maxUses: l.max_uses,
  uses: l.uses,
  active: usable(l),
  createdAt: l.created_at.toISOString(),
});
const usable = (l: { revoked_at: Date | null; expires_at: Date | null; max_uses: number | null; uses: number }) =>
  !l.revoked_at && (!l.expires_at || l.expires_at.getTime() > Date.now()) && (l.max_uses === null || l.uses < l.max_uses);

export async function createJoinLink(db: Db, actor: Actor, communityId: string, input: JoinLinkInput) {
  const c = await moderatedCommunity(db, actor, communityId);
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw badRequest('expiresAt: must be in the future.');
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('community_invites')
      .values({
        org_id: actor.orgId,
        community_id: c.id,
        code: newJoinCode(),
        label: input.label,
        requires_approval: input.requiresApproval,
        email_domains: input.emailDomains,
        access_code_hash: input.accessCode ? hashAccessCode(input.accessCode) : null,
        expires_at: input.expiresAt,
        max_uses: input.maxUses,
        created_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'community.join_link_created',
      targetType: 'community',
      targetId: c.id,
      ip: actor.ip,
      detail: {
        linkId: row.id,
        requiresApproval: input.requiresApproval,
        emailDomains: input.emailDomains,
        accessCode: Boolean(input.accessCode),
      },
    });
    return presentLink(row);
  });
}

export async function listJoinLinks(db: Db, actor: Actor, communityId: string) {
  const c = await moderatedCommunity(db, actor, communityId);
  const rows = await db
    .selectFrom('community_invites')
    .selectAll()
    .where('community_id', '=', c.id)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(presentLink);
}

export async function revokeJoinLink(db: Db, actor: Actor, linkId: string) {
  assertUuid(linkId, 'Invitation link');
  const link = await db
    .selectFrom('community_invites')
    .select(['id', 'community_id'])
    .where('id', '=', linkId)
    .where('org_id', '=', actor.orgId)
    .executeTakeFirst();
  if (!link) throw notFound('Invitation link');
  await moderatedCommunity(db, actor, link.community_id);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('community_invites')
      .set({ revoked_at: new Date() })
      .where('id', '=', link.id)
      .where('revoked_at', 'is', null)
      .execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'community.join_link_revoked',
      targetType: 'community',
      targetId: link.community_id,
      ip: actor.ip,
      detail: { linkId: link.id },
    });
  });
}

/** An invitation link by its code, if it can still be used (expired, withdrawn, used up and unknown codes answer alike). */
export async function findJoinLink(db: Db | Tx, rawCode: string) {
  const code = normalizeJoinCode(rawCode);
  if (!/^[A-Z0-9]{5}-[A-Z0-9]{5}$/.test(code)) throw notFound('Invitation');
  const row = await db
    .selectFrom('community_invites as i')
    .innerJoin('communities as c', 'c.id', 'i.community_id')
    .innerJoin('organizations as o', 'o.id', 'i.org_id')
    .select([
      'i.id',
      'i.code',
      'i.org_id',
      'i.community_id',
      'i.requires_approval',
      'i.email_domains',
      'i.access_code_hash',
      'i.expires_at',
      'i.max_uses',
      'i.uses',
      'i.revoked_at',
      'c.name as community_name',
      'c.description',
      'c.rules',
      'o.name as org_name',
    ])
    .where('i.code', '=', code)
    .executeTakeFirst();
  if (!row || !usable(row))
    throw new AppError('invitation_expired', 'This invitation link has expired or was withdrawn. Ask for a new one.');
  return row;
}
export type JoinLink = Awaited<ReturnType<typeof findJoinLink>>;

/** What the invitation page shows before anyone signs up: never who else joined or how many. */
export async function describeJoinLink(db: Db, code: string) {
  const l = await findJoinLink(db, code);
  return {
    organization: l.org_name,
    community: { name: l.community_name, description: l.description, rules: l.rules },
    requiresApproval: l.requires_approval,
    needsAccessCode: l.access_code_hash !== null,
    emailDomains: l.email_domains,
  };
}

/** The link's own conditions for this person: rules accepted, email domain, access code. */
export function checkJoinConditions(link: JoinLink, input: { email: string; acceptRules: boolean; accessCode?: string | null }): void {
  if (link.rules.trim() && !input.acceptRules) throw badRequest('acceptRules: read and accept the community rules to join.');
  const domain = input.email.split('@')[1]?.toLowerCase() ?? '';
  if (link.email_domains.length && !link.email_domains.some((d) => domain === d || domain.endsWith(`.${d}`)))
    throw badRequest(`email: this invitation is for addresses at ${link.email_domains.join(' or ')}.`);
  if (link.access_code_hash && !(input.accessCode && sameHash(hashAccessCode(input.accessCode), link.access_code_hash)))
    throw badRequest('accessCode: the access code is missing or wrong. It is on the card or letter the invitation came with.');
}

/**
 * Brings someone of the link's organization into its community: a member at once, or a join request the
 * moderators are told about. One use of the link is counted, within its limit, in the same transaction.
 */
export async function admitWithLink(
  tx: Tx,
  link: JoinLink,
  person: { userId: string; displayName: string; pseudonym: string | null; rulesAcceptedAt: Date; ip: string | null },
): Promise<{ communityId: string; pending: boolean }> {
  const counted = await tx
    .updateTable('community_invites')
    .set((eb) => ({ uses: eb('uses', '+', 1) }))
    .where('id', '=', link.id)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
    .executeTakeFirst();
  if (Number(counted.numUpdatedRows) !== 1)
    throw new AppError('invitation_expired', 'This invitation link has been used as many times as it allows. Ask for a new one.');
  const already = await tx
    .selectFrom('community_members')
    .select('user_id')
    .where('community_id', '=', link.community_id)
    .where('user_id', '=', person.userId)
    .executeTakeFirst();
  if (already) throw conflict('You are already a member of this community.');
  const base = {
    orgId: link.org_id,
    actorId: person.userId,
    targetType: 'community',
    targetId: link.community_id,
    ip: person.ip,
  };
  if (link.requires_approval) {
    const request = await tx
      .insertInto('community_join_requests')
      .values({
        org_id: link.org_id,
        community_id: link.community_id,
        user_id: person.userId,
        pseudonym: person.pseudonym,
        invite_id: link.id,
        rules_accepted_at: person.rulesAcceptedAt,
      })
      .onConflict((oc) => oc.columns(['community_id', 'user_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!request) throw conflict('Your request to join is already waiting for a moderator.');
    await recordAudit(tx, { ...base, action: 'community.join_requested', detail: { linkId: link.id, pseudonymous: !!person.pseudonym } });
    const moderators = await tx
      .selectFrom('community_members')
      .select('user_id')
      .where('community_id', '=', link.community_id)
      .where('role', '=', 'moderator')
      .execute();
    await notify(tx, {
      orgId: link.org_id,
      userIds: moderators.map((m) => m.user_id),
      kind: 'moderation',
      title: `Someone asks to join ${link.community_name}`,
      link: `/c/${link.community_id}`,
    });
    return { communityId: link.community_id, pending: true };
  }
  await tx
    .insertInto('community_members')
    .values({
      community_id: link.community_id,
      user_id: person.userId,
      org_id: link.org_id,
      pseudonym: person.pseudonym,
      rules_accepted_at: person.rulesAcceptedAt,
    })
    .execute();
  await recordAudit(tx, { ...base, action: 'community.join', detail: { linkId: link.id, pseudonymous: !!person.pseudonym } });
  return { communityId: link.community_id, pending: false };
}

/** Someone already signed in to the link's organization joins with it. */
export async function joinWithLink(
  db: Db,
  actor: Actor,
  code: string,
  input: { pseudonym: string | null; acceptRules: boolean; accessCode: string | null },
) {
  const link = await findJoinLink(db, code);
  // Another organization's link answers like an unknown one: a session is for one organization.
  if (link.org_id !== actor.orgId) throw new AppError('invitation_expired', 'This invitation link is for another organization.');
  if (input.pseudonym && actor.role !== 'patient') throw badRequest('pseudonym: pseudonyms are for patients.');
  const me = await db.selectFrom('users').select('email').where('id', '=', actor.userId).executeTakeFirstOrThrow();
  checkJoinConditions(link, { email: me.email, acceptRules: input.acceptRules, accessCode: input.accessCode });
  return db.transaction().execute((tx) =>
    admitWithLink(tx, link, {
      userId: actor.userId,
      displayName: actor.displayName,
      pseudonym: input.pseudonym,
      rulesAcceptedAt: new Date(),
      ip: actor.ip,
    }),
  );
}

export async function listJoinRequests(db: Db, actor: Actor, communityId: string) {
  const c = await moderatedCommunity(db, actor, communityId);
  const rows = await db
    .selectFrom('community_join_requests as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.id', 'r.pseudonym', 'r.created_at', 'u.display_name'])
    .where('r.community_id', '=', c.id)
    .orderBy('r.created_at')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name, pseudonym: r.pseudonym, requestedAt: r.created_at.toISOString() }));
}

/** A moderator lets a person in (with the pseudonym they chose and the rules they accepted) or declines. */
export async function decideJoinRequest(db: Db, actor: Actor, requestId: string, approve: boolean) {
  assertUuid(requestId, 'Join request');
  const request = await db
    .selectFrom('community_join_requests as r')
    .innerJoin('communities as c', 'c.id', 'r.community_id')
    .select(['r.id', 'r.community_id', 'r.user_id', 'r.pseudonym', 'r.rules_accepted_at', 'c.name'])
    .where('r.id', '=', requestId)
    .where('r.org_id', '=', actor.orgId)
    .executeTakeFirst();
  if (!request) throw notFound('Join request');
  await moderatedCommunity(db, actor, request.community_id);
  await db.transaction().execute(async (tx) => {
    const taken = await tx.deleteFrom('community_join_requests').where('id', '=', request.id).executeTakeFirst();
    if (Number(taken.numDeletedRows) !== 1) throw new AppError('not_pending', 'Another moderator already decided this request.');
    if (approve)
      await tx
        .insertInto('community_members')
        .values({
          community_id: request.community_id,
          user_id: request.user_id,
          org_id: actor.orgId,
          pseudonym: request.pseudonym,
          rules_accepted_at: request.rules_accepted_at,
        })
        .onConflict((oc) => oc.columns(['community_id', 'user_id']).doNothing())
        .execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: approve ? 'community.join_approved' : 'community.join_declined',
      targetType: 'community',
      targetId: request.community_id,
      ip: actor.ip,
      detail: { userId: request.user_id },
    });
    await notify(tx, {
      orgId: actor.orgId,
      userIds: [request.user_id],
      kind: 'moderation',
      title: approve ? `Welcome: you are now a member of ${request.name}` : `Your request to join ${request.name} was not accepted`,
      link: approve ? `/c/${request.community_id}` : '/',
      email: true,
    });
  });
}
