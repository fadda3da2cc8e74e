import { sql, type Kysely } from 'kysely';

/**
 * Destruction with two keys. Retention rules get effective dates, versions and retirement (edited, never
 * silently replaced); organizations add statutory floors per record class and jurisdiction that no rule
 * may go below; and disposition becomes a request: previewed, approved by someone other than whoever
 * asked, and carried out only after a delay (or cancelled before).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE retention_rules ADD COLUMN effective_from timestamptz NOT NULL DEFAULT now();
    ALTER TABLE retention_rules ADD COLUMN retired_at timestamptz;
    ALTER TABLE retention_rules ADD COLUMN retired_by uuid REFERENCES users(id);
    ALTER TABLE retention_rules ADD COLUMN version integer NOT NULL DEFAULT 1;
    ALTER TABLE retention_rules ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
    -- Rules already in force stay in force for everything archived before today.
    UPDATE retention_rules SET effective_from = created_at;

    CREATE TABLE retention_floors (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      record_class text NOT NULL,
      -- '*' applies in every jurisdiction.
      jurisdiction text NOT NULL,
      years integer NOT NULL CHECK (years BETWEEN 1 AND 100),
      basis text NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, record_class, jurisdiction)
    );

    CREATE TABLE disposition_requests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      -- NULL: proposed by the daily schedule (then two people approve).
      requested_by uuid REFERENCES users(id),
      as_of timestamptz NOT NULL,
      rules jsonb NOT NULL,
      preview jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','executed','cancelled')),
      approvals_required integer NOT NULL CHECK (approvals_required BETWEEN 1 AND 2),
      approver_ids uuid[] NOT NULL DEFAULT '{}',
      runs_after timestamptz,
      certificate_id uuid REFERENCES destruction_certificates(id),
      result jsonb,
      decided_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    -- One open request per organization.
    CREATE UNIQUE INDEX disposition_requests_open ON disposition_requests (org_id) WHERE status IN ('pending','approved');
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE disposition_requests;
    DROP TABLE retention_floors;
    ALTER TABLE retention_rules DROP COLUMN effective_from, DROP COLUMN retired_at, DROP COLUMN retired_by, DROP COLUMN version,
      DROP COLUMN updated_at;
  `.execute(db);
}
