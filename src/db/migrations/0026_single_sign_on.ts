import { sql, type Kysely } from 'kysely';

/**
 * Single sign-on with the organization's own identity provider (OpenID Connect): one provider per
 * organization, its client secret sealed, groups mapped to roles; sign-in flows kept until used once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE identity_providers (
      org_id uuid PRIMARY KEY REFERENCES organizations(id),
      kind text NOT NULL DEFAULT 'oidc' CHECK (kind IN ('oidc')),
      issuer text NOT NULL,
      client_id text NOT NULL,
      client_secret text NOT NULL,
      groups_claim text NOT NULL DEFAULT 'groups',
      role_map jsonb NOT NULL DEFAULT '{}',
      default_role text,
      require_for_staff boolean NOT NULL DEFAULT false,
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE sso_flows (
      state text PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id),
      code_verifier text NOT NULL,
      nonce text NOT NULL,
      -- SHA-256 of a random value held in the browser's cookie: the flow finishes only in the browser that began it.
      browser_hash text NOT NULL,
      expires_at timestamptz NOT NULL
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE sso_flows; DROP TABLE identity_providers;`.execute(db);
}
