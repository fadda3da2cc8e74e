import { randomBytes } from 'node:crypto';
import { hashPassword, hitRateLimit, passwordProblem, startSession, type ClientInfo, type SessionOutcome } from '../accounts/index.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { AppContext } from '../http/context.ts';
import { queueMail } from '../notify/mailer.ts';
import { sha256Hex } from '../shared/canonical.ts';
import { AppError, conflict, tooManyRequests, unprocessable } from '../shared/errors.ts';
import { admitWithLink, checkJoinConditions, findJoinLink, type JoinLink } from './joining.ts';

/** A verification link is good for a day; nothing exists (no account, no membership) until it is opened. */
const VERIFY_MS = 24 * 3_600_000;

export interface SignupInput {
  email: string;
  displayName: string;
  password: string;
  pseudonym: string | null;
  acceptRules: boolean;
  accessCode: string | null;
}

const baseUrl = (ctx: AppContext) => ctx.config.publicUrl ?? `http://${ctx.config.host}:${ctx.config.port}`;

/**
 * A patient signs up from an invitation link. The link's conditions are checked now (rules, domain, access
 * code, a strong password); then a verification link goes to the address. The answer is the same whether
 * or not the address has an account (that person is mailed a reminder to sign in instead), so the form
 * cannot be used to find out who is a patient here.
 */
export async function requestSignup(ctx: AppContext, code: string, input: SignupInput, ip: string | null): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const byIp = await hitRateLimit(ctx.db, `signup:ip:${ip}`, 30, 60 * 60_000);
  if (!byIp.allowed) throw tooManyRequests(byIp.retryAfterSeconds);
  const link = await findJoinLink(ctx.db, code);
  checkJoinConditions(link, { email, acceptRules: input.acceptRules, accessCode: input.accessCode });
  const problem = await passwordProblem(input.password, [email.split('@')[0], ...input.displayName.split(/\s+/)]);
  if (problem) throw unprocessable('weak_password', problem);
  // Mail to one address is limited once the form is right (fixing a typo in it costs nothing).
  const byEmail = await hitRateLimit(ctx.db, `signup:email:${email}`, 3, 60 * 60_000);
  if (!byEmail.allowed) throw tooManyRequests(byEmail.retryAfterSeconds);
  // Whether the address has an account is found after answering, so the answer takes as long either way.
  setImmediate(() => {
    mailSignupLink(ctx, link, email, input).catch((e: unknown) =>
      process.stderr.write(`sign-up mail failed: ${e instanceof Error ? e.name : 'error'}\n`),
    );
  });
}

async function mailSignupLink(ctx: AppContext, link: JoinLink, email: string, input: SignupInput): Promise<void> {
  const existing = await ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) {
    await queueMail(ctx.db, {
      orgId: link.org_id,
      to: email,
      subject: `Joining ${link.community_name} on Harborline`,
      body: `Someone used this address to join ${link.community_name} (${link.org_name}) on Harborline, but it already has an account.\n\nSign in with it, then open the invitation link again to join:\n${baseUrl(ctx)}/join/${link.code}\n\nIf it was not you, ignore this message.`,
    });
    return;
  }
  const token = randomBytes(32).toString('base64url');
  const passwordHash = await hashPassword(input.password);
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('signup_requests')
      .values({
        token_hash: sha256Hex(token),
        invite_id: link.id,
        email,
        display_name: input.displayName,
        password_hash: passwordHash,
        pseudonym: input.pseudonym,
        rules_accepted_at: new Date(),
        expires_at: new Date(Date.now() + VERIFY_MS),
      })
      .execute();
    await queueMail(tx, {
      orgId: link.org_id,
      to: email,
      subject: `Confirm your email to join ${link.community_name}`,
      body: `Welcome to ${link.community_name} (${link.org_name}) on Harborline.\n\nOpen this link within 24 hours to confirm your email address and finish joining:\n${baseUrl(ctx)}/verify-email#${token}\n\nIf you did not ask to join, ignore this message: nothing is created until the link is opened.`,
    });
  });
}

/**
 * The verification link was opened: the account, its membership as a patient and its place in the
 * community (or the join request) are created together, and the person is signed in.
 */
export async function verifySignup(
  ctx: AppContext,
  token: string,
  client: ClientInfo,
): Promise<{ outcome: SessionOutcome; communityId: string; pending: boolean }> {
  const hash = sha256Hex(token);
  const request = await ctx.db.selectFrom('signup_requests').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  if (!request || request.used_at || request.expires_at.getTime() < Date.now())
    throw new AppError('invitation_expired', 'This confirmation link has expired or was already used. Sign up again from the invitation.');
  const invite = await ctx.db.selectFrom('community_invites').select('code').where('id', '=', request.invite_id).executeTakeFirst();
  if (!invite) throw new AppError('invitation_expired', 'This invitation link was withdrawn. Ask for a new one.');
  const link = await findJoinLink(ctx.db, invite.code);
  const result = await ctx.db.transaction().execute(async (tx) => {
    const claimed = await tx
      .updateTable('signup_requests')
      .set({ used_at: new Date() })
      .where('token_hash', '=', hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('invitation_expired', 'This confirmation link was already used.');
    const taken = await tx.selectFrom('users').select('id').where('email', '=', request.email).executeTakeFirst();
    if (taken) throw conflict('An account with this email exists already: sign in, then open the invitation link again.');
    const user = await tx
      .insertInto('users')
      .values({ email: request.email, display_name: request.display_name, password_hash: request.password_hash, totp_secret: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('memberships').values({ org_id: link.org_id, user_id: user.id, role: 'patient' }).execute();
    await recordAudit(tx, {
      orgId: link.org_id,
      actorId: user.id,
      action: 'account.self_signup',
      targetType: 'user',
      targetId: user.id,
      ip: client.ip,
      detail: { linkId: link.id, emailVerified: true },
    });
    const admitted = await admitWithLink(tx, link, {
      userId: user.id,
      displayName: request.display_name,
      pseudonym: request.pseudonym,
      rulesAcceptedAt: request.rules_accepted_at,
      ip: client.ip,
    });
    return { userId: user.id, ...admitted };
  });
  const outcome = await startSession(ctx, result.userId, link.org_id, client, 'email_verification');
  return { outcome, communityId: result.communityId, pending: result.pending };
}
