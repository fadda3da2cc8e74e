import { sql, type Kysely } from 'kysely';

/**
 * Fundraising campaigns: a goal, a story, updates, and a link to the organization's own donation platform
 * (Harborline never handles card data). Pledges record who gave what, and whether they agreed to be thanked
 * publicly (a patient's agreement is a consent for their name, like any other).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE campaigns (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      title text NOT NULL,
      story text NOT NULL,
      goal_cents bigint NOT NULL CHECK (goal_cents > 0),
      currency text NOT NULL DEFAULT 'USD',
      donate_url text NOT NULL,
      ends_on date,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE campaign_updates (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
      body text NOT NULL,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE pledges (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organizations(id),
      donor_id uuid REFERENCES users(id),
      donor_name text NOT NULL,
      amount_cents bigint NOT NULL CHECK (amount_cents > 0),
      thank_publicly boolean NOT NULL DEFAULT false,
      consent_id uuid REFERENCES consents(id),
      recorded_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX pledges_campaign ON pledges (campaign_id, created_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE pledges; DROP TABLE campaign_updates; DROP TABLE campaigns;`.execute(db);
}
