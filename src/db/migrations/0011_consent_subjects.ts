import { sql, type Kysely } from 'kysely';

/**
 * Consents name the person they cover (a patient account, or a person without one: name, aliases, birth
 * date, contact, how they signed and who witnessed), a record may rely on several consents, and a
 * revoked or expired consent is carried out everywhere: takedowns of published network posts are queued
 * and retried like posts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE consents ALTER COLUMN patient_id DROP NOT NULL;
    ALTER TABLE consents ADD COLUMN subject_name text;
    UPDATE consents c SET subject_name = u.display_name FROM users u WHERE u.id = c.patient_id;
    ALTER TABLE consents ALTER COLUMN subject_name SET NOT NULL;
    ALTER TABLE consents ADD COLUMN subject_aliases text[] NOT NULL DEFAULT '{}';
    ALTER TABLE consents ADD COLUMN subject_birth_date date;
    ALTER TABLE consents ADD COLUMN subject_contact text;
    ALTER TABLE consents ADD COLUMN media text[] NOT NULL DEFAULT '{text}';
    ALTER TABLE consents ADD COLUMN signature_method text NOT NULL DEFAULT 'signed_form' CHECK (signature_method IN ('signed_form','typed_signature','own_account'));
    ALTER TABLE consents ADD COLUMN signed_name text;
    ALTER TABLE consents ADD COLUMN witness_id uuid REFERENCES users(id);
    -- Set when a revocation or expiry has been carried out everywhere (hidden, cancelled, taken down).
    ALTER TABLE consents ADD COLUMN lapsed_at timestamptz;
    CREATE INDEX consents_due_to_lapse ON consents(expires_at) WHERE lapsed_at IS NULL;

    CREATE TABLE record_consents (
      org_id uuid NOT NULL REFERENCES organizations(id),
      record_kind text NOT NULL CHECK (record_kind IN ('post','comment','network_post')),
      record_id uuid NOT NULL,
      consent_id uuid NOT NULL REFERENCES consents(id),
      PRIMARY KEY (record_kind, record_id, consent_id)
    );
    CREATE INDEX record_consents_consent ON record_consents(consent_id);
    INSERT INTO record_consents SELECT org_id, 'post', id, consent_id FROM posts WHERE consent_id IS NOT NULL;
    INSERT INTO record_consents SELECT org_id, 'network_post', id, consent_id FROM publisher_posts WHERE consent_id IS NOT NULL;

    ALTER TABLE publisher_targets DROP CONSTRAINT publisher_targets_status_check;
    ALTER TABLE publisher_targets ADD CONSTRAINT publisher_targets_status_check CHECK (status IN ('waiting','queued','publishing','published','failed','cancelled','taken_down'));

    -- A warning the author has not confirmed yet is a decision too (not a blocked attempt).
    ALTER TABLE guard_decisions DROP CONSTRAINT guard_decisions_outcome_check;
    ALTER TABLE guard_decisions ADD CONSTRAINT guard_decisions_outcome_check CHECK (outcome IN ('stored','rejected','unconfirmed'));

    CREATE TABLE takedowns (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      target_id uuid NOT NULL UNIQUE REFERENCES publisher_targets(id),
      consent_id uuid REFERENCES consents(id),
      reason text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','done','failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      done_at timestamptz
    );
    CREATE INDEX takedowns_due ON takedowns(next_attempt_at) WHERE status = 'pending';
  `.execute(db);
}
