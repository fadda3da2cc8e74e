import { sql, type Kysely } from 'kysely';

/** Records management: retention rules, legal holds, destruction certificates, erasure requests, productions. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE archive_entries ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(content_text, ''))) STORED;
    CREATE INDEX archive_search ON archive_entries USING gin(search);
    CREATE INDEX archive_author_time ON archive_entries(org_id, author_id, occurred_at DESC);

    CREATE TABLE retention_rules (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      record_class text NOT NULL,
      jurisdiction text NOT NULL,
      years integer NOT NULL CHECK (years BETWEEN 0 AND 100),
      basis text NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX retention_rules_org ON retention_rules(org_id, record_class);

    CREATE TABLE legal_holds (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      name text NOT NULL,
      reason text NOT NULL,
      custodian_ids uuid[] NOT NULL DEFAULT '{}',
      channels text[] NOT NULL DEFAULT '{}',
      keywords text[] NOT NULL DEFAULT '{}',
      date_from timestamptz,
      date_to timestamptz,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      released_at timestamptz,
      released_by uuid REFERENCES users(id)
    );

    CREATE TABLE destruction_certificates (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      reason text NOT NULL,
      entry_count integer NOT NULL,
      record_count integer NOT NULL,
      rules jsonb NOT NULL,
      sample jsonb NOT NULL,
      manifest_sha256 text NOT NULL,
      signature text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    -- Destroyed entries point at the certificate that covers them.
    ALTER TABLE archive_entries ADD COLUMN certificate_id uuid REFERENCES destruction_certificates(id);

    CREATE TABLE erasure_requests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      subject_id uuid NOT NULL REFERENCES users(id),
      requested_by uuid NOT NULL REFERENCES users(id),
      status text NOT NULL CHECK (status IN ('restricted','erased')),
      certificate_id uuid REFERENCES destruction_certificates(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz
    );

    CREATE TABLE productions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      name text NOT NULL,
      query jsonb NOT NULL,
      bates_prefix text NOT NULL,
      entry_ids bigint[] NOT NULL,
      zip_sha256 text NOT NULL,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE custody_events (
      id bigserial PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id),
      production_id uuid NOT NULL REFERENCES productions(id),
      action text NOT NULL,
      actor_id uuid REFERENCES users(id),
      sha256 text,
      at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE signing_keys (
      org_id uuid PRIMARY KEY REFERENCES organizations(id),
      secret text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Harborline migrations are forward-only.');
}
