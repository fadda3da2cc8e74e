import { sql, type Kysely } from 'kysely';

/**
 * Connecting a network by signing in there (OAuth 2.0 authorization code with PKCE): each started flow
 * waits here, keyed by the hash of its `state`, with its PKCE verifier sealed, until the network sends the
 * browser back (single use, ten minutes at most).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE oauth_flows (
      id uuid PRIMARY KEY,
      state_hash text NOT NULL UNIQUE,
      org_id uuid NOT NULL REFERENCES organizations(id),
      user_id uuid NOT NULL REFERENCES users(id),
      network text NOT NULL,
      name text NOT NULL,
      extra jsonb NOT NULL DEFAULT '{}',
      verifier text NOT NULL,
      nonce text NOT NULL,
      redirect_uri text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE oauth_flows`.execute(db);
}
