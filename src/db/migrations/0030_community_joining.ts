import { sql, type Kysely } from 'kysely';

/**
 * Patients join by themselves: a community's rules (accepted at join), invitation links with a code the
 * organization sets (optional approval, email domains and access code), sign-ups waiting for their email
 * to be verified, and join requests waiting for a moderator; unread tracking and the first-visit guide.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE communities ADD COLUMN rules text NOT NULL DEFAULT '';
    ALTER TABLE community_members ADD COLUMN rules_accepted_at timestamptz;
    -- Unread tracking: what came after a member last opened the community.
    ALTER TABLE community_members ADD COLUMN last_read_at timestamptz;
    -- The first-visit guide per role, shown until the person is done with it (on any device).
    ALTER TABLE users ADD COLUMN onboarded_at timestamptz;
    -- The language the person reads the app in, remembered on every device (null: not chosen yet).
    ALTER TABLE users ADD COLUMN locale text CHECK (locale IN ('en', 'es'));
    -- Web Push: the server's VAPID key pair (private key sealed), each device's subscription, and an outbox.
    CREATE TABLE push_keys (
      id integer PRIMARY KEY CHECK (id = 1),
      public_key text NOT NULL,
      private_key_sealed text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE push_subscriptions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      endpoint text NOT NULL UNIQUE,
      p256dh text NOT NULL,
      auth text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_sent_at timestamptz
    );
    CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);
    CREATE TABLE push_outbox (
      id bigserial PRIMARY KEY,
      subscription_id uuid NOT NULL REFERENCES push_subscriptions(id) ON DELETE CASCADE,
      title text NOT NULL,
      link text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE community_invites (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      community_id uuid NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
      code text NOT NULL UNIQUE,
      label text NOT NULL DEFAULT '',
      requires_approval boolean NOT NULL DEFAULT false,
      email_domains text[] NOT NULL DEFAULT '{}',
      access_code_hash text,
      expires_at timestamptz,
      max_uses integer,
      uses integer NOT NULL DEFAULT 0,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    );
    CREATE INDEX community_invites_community ON community_invites (community_id);
    CREATE TABLE signup_requests (
      token_hash text PRIMARY KEY,
      invite_id uuid NOT NULL REFERENCES community_invites(id) ON DELETE CASCADE,
      email text NOT NULL,
      display_name text NOT NULL,
      password_hash text NOT NULL,
      pseudonym text,
      rules_accepted_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE community_join_requests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      community_id uuid NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id),
      pseudonym text,
      invite_id uuid REFERENCES community_invites(id) ON DELETE SET NULL,
      rules_accepted_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (community_id, user_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE push_outbox;
    DROP TABLE push_subscriptions;
    DROP TABLE push_keys;
    DROP TABLE community_join_requests;
    DROP TABLE signup_requests;
    DROP TABLE community_invites;
    ALTER TABLE users DROP COLUMN locale;
    ALTER TABLE users DROP COLUMN onboarded_at;
    ALTER TABLE community_members DROP COLUMN last_read_at;
    ALTER TABLE community_members DROP COLUMN rules_accepted_at;
    ALTER TABLE communities DROP COLUMN rules;
  `.execute(db);
}
