import { sql, type Kysely } from 'kysely';

/**
 * Passwordless sign-in with a passkey: the browser is asked for any passkey of this site, so the challenge
 * belongs to no account yet. Each is stored until used once or expired.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE passkey_login_challenges (
      challenge text PRIMARY KEY,
      expires_at timestamptz NOT NULL
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE passkey_login_challenges;`.execute(db);
}
