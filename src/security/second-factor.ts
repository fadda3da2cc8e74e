import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { SecretBox } from '../shared/secret-box.ts';
import { hashRecoveryCode, totpStep } from './totp.ts';
import type { Actor } from '../access/policy.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { queueMail } from '../notify/mailer.ts';
import { badRequest, notFound } from '../shared/errors.ts';
import { raiseAlert } from './alerts.ts';

/** TOTP secrets are sealed at rest, bound to their user. */
const aad = (userId: string) => `totp:${userId}`;
export const sealTotpSecret = (secrets: SecretBox, userId: string, secret: string) => secrets.seal(secret, aad(userId));
export const openTotpSecret = (secrets: SecretBox, userId: string, stored: string) => secrets.open(stored, aad(userId));

/**
 * Accepts a TOTP code once: the code's time step must be later than the last accepted one, and the
 * check-and-record is one conditional update, so two requests with the same code cannot both pass.
 */
export async function acceptTotp(db: Db, secrets: SecretBox, userId: string, storedSecret: string, code: string): Promise<boolean> {
  const step = totpStep(openTotpSecret(secrets, userId, storedSecret), code);
  if (step === null) return false;
  const r = await sql<{ id: string }>`
    UPDATE users SET totp_last_step = ${step}
    WHERE id = ${userId} AND (totp_last_step IS NULL OR totp_last_step < ${step})
    RETURNING id`.execute(db);
  return r.rows.length === 1;
}

/** Uses up a recovery code atomically: of several requests with the same code, exactly one succeeds. */
export async function consumeRecoveryCode(db: Db, userId: string, code: string): Promise<boolean> {
  const hash = hashRecoveryCode(code);
  const r = await sql<{ id: string }>`
    UPDATE users SET recovery_codes = array_remove(recovery_codes, ${hash})
    WHERE id = ${userId} AND ${hash} = ANY(recovery_codes)
    RETURNING id`.execute(db);
  return r.rows.length === 1;
}

/** Secrets stored by an earlier version in plain text are sealed (run at start-up; idempotent). */
export async function sealLegacyTotpSecrets(db: Db, secrets: SecretBox): Promise<number> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'totp_secret'])
    .where('totp_secret', 'is not', null)
    .where('totp_secret', 'not like', 'v1.%')
    .execute();
  for (const r of rows)
    await db
      .updateTable('users')
      .set({ totp_secret: sealTotpSecret(secrets, r.id, r.totp_secret!) })
      .where('id', '=', r.id)
      .where('totp_secret', '=', r.totp_secret)
      .execute();
  return rows.length;
}

/**
 * An administrator resets someone's second factors (a lost phone): the authenticator app, its recovery codes
 * and their passkeys are removed and every session of theirs ends, so they sign in with their password and
 * enroll again. Audited, alerted, and the person is told by email (with no link: nothing to phish).
 */
export async function resetSecondFactors(db: Db, admin: Actor, userId: string): Promise<{ passkeysRemoved: number }> {
  if (userId === admin.userId) throw badRequest('Ask another administrator to reset your own two-factor sign-in.');
  return db.transaction().execute(async (tx) => {
    const member = await tx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.email', 'u.totp_enabled'])
      .where('m.org_id', '=', admin.orgId)
      .where('m.user_id', '=', userId)
      .executeTakeFirst();
    if (!member) throw notFound('Member');
    await tx
      .updateTable('users')
      .set({ totp_enabled: false, totp_secret: null, totp_last_step: null, recovery_codes: [] })
      .where('id', '=', userId)
      .execute();
    const passkeys = await tx.deleteFrom('webauthn_credentials').where('user_id', '=', userId).executeTakeFirst();
    await tx
      .updateTable('sessions')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
    const passkeysRemoved = Number(passkeys.numDeletedRows);
    await recordAudit(tx, {
      orgId: admin.orgId,
      actorId: admin.userId,
      action: 'security.2fa_reset',
      targetType: 'user',
      targetId: userId,
      ip: admin.ip,
      detail: { hadAuthenticator: member.totp_enabled, passkeysRemoved },
    });
    await raiseAlert(tx, { orgId: admin.orgId, userId, kind: 'two_factor_changed', detail: { resetBy: admin.displayName } });
    await queueMail(tx, {
      orgId: admin.orgId,
      to: member.email,
      subject: 'Your two-factor sign-in was reset',
      body: `${admin.displayName}, an administrator of your organization, reset your two-factor sign-in: your authenticator app and passkeys no longer work here and you were signed out everywhere. Sign in with your password and set up two-factor sign-in again. If you did not ask for this, tell your organization's security contact.`,
    });
    return { passkeysRemoved };
  });
}
