import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { SecretBox } from '../shared/secret-box.ts';
import { hashRecoveryCode, totpStep } from './totp.ts';

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
