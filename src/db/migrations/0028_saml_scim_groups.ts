import { sql, type Kysely } from 'kysely';

/**
 * SAML 2.0 beside OpenID Connect (the IdP's sign-on address and signing certificate), the requests we sent
 * (each answer accepted once), assertions already used (replays refused), the link from a provider's
 * (issuer, subject) to an account, and SCIM groups with their members.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE identity_providers DROP CONSTRAINT identity_providers_kind_check;
    ALTER TABLE identity_providers ADD CONSTRAINT identity_providers_kind_check CHECK (kind IN ('oidc', 'saml'));
    ALTER TABLE identity_providers ALTER COLUMN client_id DROP NOT NULL, ALTER COLUMN client_secret DROP NOT NULL;
    ALTER TABLE identity_providers ADD COLUMN sso_url text, ADD COLUMN idp_certificate text;
    CREATE TABLE saml_requests (
      id text PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE saml_assertions_seen (
      org_id uuid NOT NULL REFERENCES organizations(id),
      assertion_id text NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (org_id, assertion_id)
    );
    CREATE TABLE sso_identities (
      org_id uuid NOT NULL REFERENCES organizations(id),
      issuer text NOT NULL,
      subject text NOT NULL,
      user_id uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_sign_in_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (org_id, issuer, subject)
    );
    CREATE INDEX sso_identities_user ON sso_identities (user_id);
    CREATE TABLE scim_groups (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      display_name text NOT NULL,
      external_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, display_name)
    );
    CREATE TABLE scim_group_members (
      group_id uuid NOT NULL REFERENCES scim_groups(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id),
      PRIMARY KEY (group_id, user_id)
    );
    CREATE INDEX scim_group_members_user ON scim_group_members (user_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE scim_group_members; DROP TABLE scim_groups; DROP TABLE sso_identities;
    DROP TABLE saml_assertions_seen; DROP TABLE saml_requests;
    DELETE FROM identity_providers WHERE kind = 'saml';
    ALTER TABLE identity_providers DROP COLUMN sso_url, DROP COLUMN idp_certificate;
    ALTER TABLE identity_providers ALTER COLUMN client_id SET NOT NULL, ALTER COLUMN client_secret SET NOT NULL;
    ALTER TABLE identity_providers DROP CONSTRAINT identity_providers_kind_check;
    ALTER TABLE identity_providers ADD CONSTRAINT identity_providers_kind_check CHECK (kind IN ('oidc'));
  `.execute(db);
}
