import { sql, type Kysely } from 'kysely';

/** SCIM 2.0 provisioning: bearer tokens per organization (only their hash is kept) and each person's external id. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE scim_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      name text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    ALTER TABLE memberships ADD COLUMN external_id text;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE memberships DROP COLUMN external_id; DROP TABLE scim_tokens;`.execute(db);
}
