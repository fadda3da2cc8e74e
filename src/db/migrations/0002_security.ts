import { sql, type Kysely } from 'kysely';

/** Accounts and security: invitations, password resets, 2FA challenges, passkeys, login history, break-glass, mail outbox. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE invitations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      email text NOT NULL,
      role text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      invited_by uuid NOT NULL REFERENCES users(id),
      expires_at timestamptz NOT NULL,
      accepted_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX invitations_org ON invitations(org_id, created_at DESC);

    CREATE TABLE password_resets (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id),
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    -- Password accepted, second factor pending.
    CREATE TABLE login_challenges (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id),
      org_id uuid NOT NULL REFERENCES organizations(id),
      attempts integer NOT NULL DEFAULT 0,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE webauthn_credentials (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id),
      public_key text NOT NULL,
      counter bigint NOT NULL DEFAULT 0,
      transports text[] NOT NULL DEFAULT '{}',
      name text NOT NULL DEFAULT 'Passkey',
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz
    );
    CREATE INDEX webauthn_user ON webauthn_credentials(user_id);

    CREATE TABLE webauthn_challenges (
      user_id uuid PRIMARY KEY REFERENCES users(id),
      challenge text NOT NULL,
      purpose text NOT NULL,
      expires_at timestamptz NOT NULL
    );

    CREATE TABLE login_events (
      id bigserial PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id),
      org_id uuid REFERENCES organizations(id),
      ip text,
      network text,
      device text,
      succeeded boolean NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX login_events_user ON login_events(user_id, created_at DESC);

    CREATE TABLE break_glass_grants (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      user_id uuid NOT NULL REFERENCES users(id),
      granted_by uuid NOT NULL REFERENCES users(id),
      reason text NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX break_glass_user ON break_glass_grants(org_id, user_id, expires_at);

    CREATE TABLE mail_outbox (
      id bigserial PRIMARY KEY,
      org_id uuid REFERENCES organizations(id),
      to_address text NOT NULL,
      subject text NOT NULL,
      body text NOT NULL,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sent','failed')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    );
    CREATE INDEX mail_outbox_queued ON mail_outbox(status, id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Harborline migrations are forward-only.');
}
