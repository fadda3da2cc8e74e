import { sql, type Kysely } from 'kysely';

/**
 * Security hardening: the last accepted TOTP time step (a code works once), sign-in failures counted per
 * account and network for progressive delays (instead of a lock anyone could trigger), and break-glass
 * grants that need a second person's approval.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE users ADD COLUMN totp_last_step bigint;
    ALTER TABLE users DROP COLUMN failed_logins;
    ALTER TABLE users DROP COLUMN locked_until;

    CREATE TABLE login_failures (
      key text PRIMARY KEY,
      failures integer NOT NULL,
      last_failed_at timestamptz NOT NULL
    );

    ALTER TABLE break_glass_grants RENAME COLUMN granted_by TO requested_by;
    ALTER TABLE break_glass_grants ADD COLUMN minutes integer;
    ALTER TABLE break_glass_grants ADD COLUMN approved_by uuid REFERENCES users(id);
    ALTER TABLE break_glass_grants ADD COLUMN approved_at timestamptz;
    -- Grants made before approvals existed stand as they were given.
    UPDATE break_glass_grants SET approved_by = requested_by, approved_at = created_at,
      minutes = GREATEST(1, CEIL(EXTRACT(EPOCH FROM (expires_at - created_at)) / 60))::int;
    ALTER TABLE break_glass_grants ALTER COLUMN minutes SET NOT NULL;
    -- From now on the approver is a second person (NOT VALID: the earlier grants above are not rechecked).
    ALTER TABLE break_glass_grants ADD CONSTRAINT break_glass_second_person CHECK (approved_by IS NULL OR (approved_by <> requested_by AND approved_by <> user_id)) NOT VALID;
  `.execute(db);
}
