import { sql, type Kysely } from 'kysely';

/**
 * Policies with versions and staff acknowledgements, training modules with attempts and certificates,
 * supervisory review of sampled staff posts, and the compliance digest's last run.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE policy_documents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      slug text NOT NULL,
      title text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, slug)
    );
    CREATE TABLE policy_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      policy_id uuid NOT NULL REFERENCES policy_documents(id),
      version integer NOT NULL,
      body text NOT NULL,
      change_summary text NOT NULL DEFAULT '',
      published_by uuid NOT NULL REFERENCES users(id),
      published_at timestamptz NOT NULL DEFAULT now(),
      body_sha256 text NOT NULL,
      UNIQUE (policy_id, version)
    );
    CREATE TABLE policy_acknowledgements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      user_id uuid NOT NULL REFERENCES users(id),
      policy_version_id uuid NOT NULL REFERENCES policy_versions(id),
      acknowledged_at timestamptz NOT NULL DEFAULT now(),
      ip text,
      UNIQUE (user_id, policy_version_id)
    );
    CREATE INDEX policy_acknowledgements_org ON policy_acknowledgements(org_id, user_id);

    CREATE TABLE training_modules (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      slug text NOT NULL,
      title text NOT NULL,
      summary text NOT NULL DEFAULT '',
      lessons jsonb NOT NULL,
      questions jsonb NOT NULL,
      pass_mark integer NOT NULL CHECK (pass_mark BETWEEN 1 AND 100),
      valid_days integer NOT NULL DEFAULT 365 CHECK (valid_days > 0),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, slug)
    );
    CREATE TABLE training_attempts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      user_id uuid NOT NULL REFERENCES users(id),
      module_id uuid NOT NULL REFERENCES training_modules(id),
      module_version integer NOT NULL,
      score integer NOT NULL,
      passed boolean NOT NULL,
      answers jsonb NOT NULL,
      certificate_signature text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX training_attempts_user ON training_attempts(org_id, user_id, module_id, created_at DESC);

    CREATE TABLE supervisory_reviews (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      record_kind text NOT NULL,
      record_id uuid NOT NULL,
      author_id uuid NOT NULL REFERENCES users(id),
      sampled_at timestamptz NOT NULL DEFAULT now(),
      reviewer_id uuid REFERENCES users(id),
      decision text CHECK (decision IN ('appropriate','concern')),
      note text,
      decided_at timestamptz,
      UNIQUE (record_kind, record_id)
    );
    CREATE INDEX supervisory_reviews_open ON supervisory_reviews(org_id, decided_at, sampled_at);

    CREATE TABLE compliance_digests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      period_start timestamptz NOT NULL,
      period_end timestamptz NOT NULL,
      figures jsonb NOT NULL,
      sent_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX compliance_digests_org ON compliance_digests(org_id, sent_at DESC);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Harborline migrations are forward-only: records are never dropped.');
}
