import { sql, type Kysely } from 'kysely';

/**
 * Personal goals: what a patient works toward (steps, weight, A1c, blood pressure, sleep, a habit), the
 * readings they log by hand, and the clinicians they share a goal with. A clinician may suggest a goal,
 * which waits for the patient to accept it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE goals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      patient_id uuid NOT NULL REFERENCES users(id),
      kind text NOT NULL CHECK (kind IN ('steps','weight','a1c','blood_pressure','sleep','habit')),
      title text NOT NULL,
      unit text NOT NULL,
      target numeric,
      target2 numeric,
      due_date date,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('suggested','active','declined','stopped')),
      suggested_by uuid REFERENCES users(id),
      suggestion_note text NOT NULL DEFAULT '',
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX goals_patient ON goals (patient_id, created_at DESC);

    CREATE TABLE goal_entries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      goal_id uuid NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
      value numeric NOT NULL,
      value2 numeric,
      recorded_on date NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX goal_entries_goal ON goal_entries (goal_id, recorded_on);

    CREATE TABLE goal_shares (
      goal_id uuid NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
      clinician_id uuid NOT NULL REFERENCES users(id),
      shared_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (goal_id, clinician_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE goal_shares;
    DROP TABLE goal_entries;
    DROP TABLE goals;
  `.execute(db);
}
