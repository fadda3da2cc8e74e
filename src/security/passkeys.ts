import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../access/policy.ts';
import { recordAuditNow } from '../audit/audit-log.ts';
import type { Db } from '../db/database.ts';
import type { AppContext } from '../http/context.ts';
import { AppError } from '../shared/errors.ts';
import { raiseAlert } from './alerts.ts';

const CHALLENGE_MS = 5 * 60_000;

/** A browser's WebAuthn answer as JSON; the library checks its contents. */
export const PasskeyResponse = z
  .object({
    id: z.string().max(1024),
    rawId: z.string().max(1024),
    type: z.literal('public-key'),
    response: z.record(z.string(), z.unknown()),
    clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  })
  .passthrough();

/** The relying party: the public URL when configured, otherwise the host the browser used. */
export function relyingParty(ctx: AppContext, req: FastifyRequest): { rpID: string; origin: string } {
  if (ctx.config.publicUrl) {
    const u = new URL(ctx.config.publicUrl);
    return { rpID: u.hostname, origin: u.origin };
  }
  const host = req.headers.host ?? `${ctx.config.host}:${ctx.config.port}`;
  return { rpID: host.replace(/:\d+$/, ''), origin: `${req.protocol}://${host}` };
}

async function saveChallenge(db: Db, userId: string, challenge: string, purpose: string) {
  await db
    .insertInto('webauthn_challenges')
    .values({ user_id: userId, challenge, purpose, expires_at: new Date(Date.now() + CHALLENGE_MS) })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ challenge, purpose, expires_at: new Date(Date.now() + CHALLENGE_MS) }))
    .execute();
}

async function takeChallenge(db: Db, userId: string, purpose: string): Promise<string> {
  const row = await db.deleteFrom('webauthn_challenges').where('user_id', '=', userId).returningAll().executeTakeFirst();
  if (!row || row.purpose !== purpose || row.expires_at.getTime() < Date.now())
    throw new AppError('passkey_challenge_expired', 'The passkey request expired. Try again.');
  return row.challenge;
}

export async function registrationOptions(ctx: AppContext, req: FastifyRequest, actor: Actor) {
  const user = await ctx.db.selectFrom('users').select(['email', 'display_name']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  const existing = await ctx.db
    .selectFrom('webauthn_credentials')
    .select(['id', 'transports'])
    .where('user_id', '=', actor.userId)
    .execute();
  const { rpID } = relyingParty(ctx, req);
  const options = await generateRegistrationOptions({
    rpName: 'Harborline',
    rpID,
    userName: user.email,
    userDisplayName: user.display_name,
    userID: new TextEncoder().encode(actor.userId),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.id, transports: c.transports as never })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  await saveChallenge(ctx.db, actor.userId, options.challenge, 'register');
  return options;
}

export async function finishRegistration(
  ctx: AppContext,
  req: FastifyRequest,
  actor: Actor,
  response: RegistrationResponseJSON,
  name: string,
) {
  const expectedChallenge = await takeChallenge(ctx.db, actor.userId, 'register');
  const { rpID, origin } = relyingParty(ctx, req);
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: false,
    });
  } catch {
    throw new AppError('passkey_registration_failed', 'The passkey could not be verified.');
  }
  if (!verification.verified) throw new AppError('passkey_registration_failed', 'The passkey could not be verified.');
  const cred = verification.registrationInfo.credential;
  await ctx.db
    .insertInto('webauthn_credentials')
    .values({
      id: cred.id,
      user_id: actor.userId,
      public_key: Buffer.from(cred.publicKey).toString('base64url'),
      counter: cred.counter,
      transports: cred.transports ?? [],
      name,
    })
    .execute();
  await recordAuditNow(ctx.db, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: 'security.passkey_added',
    targetType: 'user',
    targetId: actor.userId,
    ip: actor.ip,
  });
  await raiseAlert(ctx.db, { orgId: actor.orgId, userId: actor.userId, kind: 'two_factor_changed', detail: { passkey: 'added' } });
}

export async function authenticationOptions(ctx: AppContext, req: FastifyRequest, userId: string) {
  const creds = await ctx.db.selectFrom('webauthn_credentials').select(['id', 'transports']).where('user_id', '=', userId).execute();
  if (creds.length === 0) throw new AppError('no_passkey', 'This account has no passkey.');
  const options = await generateAuthenticationOptions({
    rpID: relyingParty(ctx, req).rpID,
    allowCredentials: creds.map((c) => ({ id: c.id, transports: c.transports as never })),
    userVerification: 'preferred',
  });
  await saveChallenge(ctx.db, userId, options.challenge, 'login');
  return options;
}

/** Checks a passkey assertion for this user; updates the signature counter (a clone shows up as a counter going back). */
export async function verifyPasskey(
  ctx: AppContext,
  req: FastifyRequest,
  userId: string,
  response: AuthenticationResponseJSON,
): Promise<void> {
  const expectedChallenge = await takeChallenge(ctx.db, userId, 'login');
  const cred = await credentialById(ctx, response.id);
  if (!cred || cred.user_id !== userId) throw new AppError('passkey_invalid', 'That passkey is not registered for this account.');
  await checkAssertion(ctx, req, cred, response, expectedChallenge, { userVerified: false });
}

type Credential = Awaited<ReturnType<typeof credentialById>>;
const credentialById = (ctx: AppContext, id: string) =>
  ctx.db.selectFrom('webauthn_credentials').selectAll().where('id', '=', id).executeTakeFirst();

/**
 * Checks an assertion against a stored passkey (origin, relying party, challenge, signature; the person
 * verified on the device when asked) and records its new signature counter (a clone shows up as a counter
 * going back).
 */
async function checkAssertion(
  ctx: AppContext,
  req: FastifyRequest,
  cred: NonNullable<Credential>,
  response: AuthenticationResponseJSON,
  expectedChallenge: string,
  opts: { userVerified: boolean },
): Promise<void> {
  const { rpID, origin } = relyingParty(ctx, req);
  const failed = () => new AppError('passkey_invalid', 'The passkey could not be verified.');
  let result;
  try {
    result = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: opts.userVerified,
      credential: {
        id: cred.id,
        publicKey: new Uint8Array(Buffer.from(cred.public_key, 'base64url')),
        counter: Number(cred.counter),
        transports: cred.transports,
      },
    });
  } catch {
    throw failed();
  }
  if (!result.verified) throw failed();
  await ctx.db
    .updateTable('webauthn_credentials')
    .set({ counter: result.authenticationInfo.newCounter, last_used_at: new Date() })
    .where('id', '=', cred.id)
    .execute();
}

/**
 * Passwordless sign-in, step one: ask the browser for any passkey of this site (no account named yet). The
 * challenge is kept until it is used once or expires.
 */
export async function passwordlessOptions(ctx: AppContext, req: FastifyRequest) {
  await ctx.db.deleteFrom('passkey_login_challenges').where('expires_at', '<', new Date()).execute();
  const options = await generateAuthenticationOptions({ rpID: relyingParty(ctx, req).rpID, userVerification: 'required' });
  await ctx.db
    .insertInto('passkey_login_challenges')
    .values({ challenge: options.challenge, expires_at: new Date(Date.now() + CHALLENGE_MS) })
    .execute();
  return options;
}

/**
 * Passwordless sign-in, step two: the passkey names its account; the assertion must answer a challenge we
 * issued (once) and prove the person was verified on the device (fingerprint, face or PIN), which makes the
 * passkey both factors. Answers the account's id.
 */
export async function verifyPasswordless(ctx: AppContext, req: FastifyRequest, response: AuthenticationResponseJSON): Promise<string> {
  const failed = () => new AppError('passkey_invalid', 'That passkey could not sign you in.');
  let clientChallenge: string;
  try {
    clientChallenge = (
      JSON.parse(Buffer.from(String(response.response.clientDataJSON), 'base64url').toString('utf8')) as { challenge?: unknown }
    ).challenge as string;
  } catch {
    throw failed();
  }
  if (typeof clientChallenge !== 'string') throw failed();
  const issued = await ctx.db
    .deleteFrom('passkey_login_challenges')
    .where('challenge', '=', clientChallenge)
    .returningAll()
    .executeTakeFirst();
  if (!issued || issued.expires_at.getTime() < Date.now())
    throw new AppError('passkey_challenge_expired', 'The passkey request expired. Try again.');
  const cred = await credentialById(ctx, response.id);
  if (!cred) throw failed();
  // The account the authenticator names (the user handle we gave it at registration) must be the passkey's.
  const handle = response.response.userHandle;
  if (handle && Buffer.from(handle, 'base64url').toString('utf8') !== cred.user_id) throw failed();
  await checkAssertion(ctx, req, cred, response, issued.challenge, { userVerified: true });
  return cred.user_id;
}
