import { sql, type Kysely } from 'kysely';

/**
 * Self-screening: a patient's answers to a screening instrument (PHQ-9, GAD-7, AUDIT-C, the ADA diabetes
 * risk test, or one of the organization's own), scored as the instrument defines; private to the patient
 * unless shared with chosen clinicians. Organizations' own instruments are kept as definitions.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE screening_instruments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      slug text NOT NULL,
      definition jsonb NOT NULL,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      retired_at timestamptz,
      UNIQUE (org_id, slug)
    );

    CREATE TABLE screening_results (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      patient_id uuid NOT NULL REFERENCES users(id),
      instrument text NOT NULL,
      instrument_title text NOT NULL,
      answers jsonb NOT NULL,
      score integer NOT NULL,
      max_score integer NOT NULL,
      band text NOT NULL,
      next_steps text NOT NULL,
      crisis boolean NOT NULL DEFAULT false,
      alerted_care_team boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX screening_results_patient ON screening_results (patient_id, created_at DESC);

    CREATE TABLE screening_shares (
      result_id uuid NOT NULL REFERENCES screening_results(id) ON DELETE CASCADE,
      clinician_id uuid NOT NULL REFERENCES users(id),
      shared_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (result_id, clinician_id)
    );
    CREATE INDEX screening_shares_clinician ON screening_shares (clinician_id, shared_at DESC);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE screening_shares;
    DROP TABLE screening_results;
    DROP TABLE screening_instruments;
  `.execute(db);
}
