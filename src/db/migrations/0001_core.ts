import { sql, type Kysely } from 'kysely';

/**
 * Core schema: tenants, accounts, sessions, the two hash chains (audit, archive), community content and
 * the guard's decisions. Every row that belongs to an organization carries org_id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE organizations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      slug text NOT NULL UNIQUE,
      name text NOT NULL,
      settings jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL UNIQUE,
      display_name text NOT NULL,
      password_hash text NOT NULL,
      totp_secret text,
      totp_enabled boolean NOT NULL DEFAULT false,
      recovery_codes text[] NOT NULL DEFAULT '{}',
      failed_logins integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      disabled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE memberships (
      org_id uuid NOT NULL REFERENCES organizations(id),
      user_id uuid NOT NULL REFERENCES users(id),
      role text NOT NULL CHECK (role IN ('patient','clinician','staff','communications','compliance','admin')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (org_id, user_id)
    );
    CREATE INDEX memberships_user ON memberships(user_id);

    CREATE TABLE sessions (
      id text PRIMARY KEY,                 -- sha256 of the cookie token; the token itself is never stored
      user_id uuid NOT NULL REFERENCES users(id),
      org_id uuid NOT NULL REFERENCES organizations(id),
      csrf_token text NOT NULL,
      ip text,
      user_agent text,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz
    );
    CREATE INDEX sessions_user ON sessions(user_id);

    -- Fixed-window counters shared by every server process.
    CREATE TABLE rate_limits (
      key text PRIMARY KEY,
      hits integer NOT NULL,
      window_started_at timestamptz NOT NULL
    );

    CREATE TABLE security_alerts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      user_id uuid REFERENCES users(id),
      kind text NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz
    );
    CREATE INDEX security_alerts_org ON security_alerts(org_id, created_at DESC);

    -- Head of each hash chain; locking the row serializes appends to that chain.
    CREATE TABLE chain_heads (
      chain text PRIMARY KEY,
      seq bigint NOT NULL,
      hash text NOT NULL
    );

    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      chain text NOT NULL,
      seq bigint NOT NULL,
      org_id uuid REFERENCES organizations(id),
      actor_id uuid,
      action text NOT NULL,
      target_type text,
      target_id text,
      ip text,
      detail jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      prev_hash text NOT NULL,
      hash text NOT NULL,
      UNIQUE (chain, seq)
    );
    CREATE INDEX audit_log_org_time ON audit_log(org_id, created_at DESC);

    CREATE TABLE archive_entries (
      id bigserial PRIMARY KEY,
      chain text NOT NULL,
      seq bigint NOT NULL,
      org_id uuid NOT NULL REFERENCES organizations(id),
      record_kind text NOT NULL,
      record_id text NOT NULL,
      record_class text NOT NULL,
      event text NOT NULL CHECK (event IN ('create','edit','delete','visibility','restore','status')),
      version integer NOT NULL,
      author_id uuid,
      channel text NOT NULL,
      content jsonb,                       -- NULL once destroyed under a retention rule
      content_text text,                   -- flattened text for eDiscovery search; NULL once destroyed
      content_hash text NOT NULL,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      destroyed_at timestamptz,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      UNIQUE (chain, seq)
    );
    CREATE INDEX archive_record ON archive_entries(org_id, record_kind, record_id, version);
    CREATE INDEX archive_org_time ON archive_entries(org_id, occurred_at DESC);

    CREATE TABLE distribution_log (
      id bigserial PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id),
      record_kind text NOT NULL,
      record_id text NOT NULL,
      destination_kind text NOT NULL,      -- community, recipients, network, public
      destination_id text NOT NULL,
      external_id text,
      audience jsonb NOT NULL DEFAULT '{}',
      delivered_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX distribution_record ON distribution_log(org_id, record_kind, record_id);

    CREATE TABLE communities (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      slug text NOT NULL,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      visibility text NOT NULL CHECK (visibility IN ('public','members','private')),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, slug)
    );

    CREATE TABLE community_members (
      community_id uuid NOT NULL REFERENCES communities(id),
      user_id uuid NOT NULL REFERENCES users(id),
      org_id uuid NOT NULL REFERENCES organizations(id),
      role text NOT NULL DEFAULT 'member' CHECK (role IN ('member','moderator')),
      pseudonym text,
      joined_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (community_id, user_id)
    );
    CREATE INDEX community_members_user ON community_members(user_id);

    CREATE TABLE consents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      patient_id uuid NOT NULL REFERENCES users(id),
      recorded_by uuid NOT NULL REFERENCES users(id),
      purpose text NOT NULL,
      destinations text[] NOT NULL,
      categories text[] NOT NULL,
      valid_from timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX consents_patient ON consents(org_id, patient_id);

    CREATE TABLE posts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      community_id uuid REFERENCES communities(id),
      author_id uuid NOT NULL REFERENCES users(id),
      kind text NOT NULL DEFAULT 'post' CHECK (kind IN ('post','announcement','education','event','campaign','question')),
      title text NOT NULL DEFAULT '',
      body text NOT NULL,
      visibility text NOT NULL DEFAULT 'members' CHECK (visibility IN ('public','members','care_team')),
      content_warning text,
      pseudonym text,
      status text NOT NULL DEFAULT 'visible' CHECK (status IN ('visible','pending','hidden','deleted')),
      pinned boolean NOT NULL DEFAULT false,
      consent_id uuid REFERENCES consents(id),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      search tsvector GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || body)) STORED
    );
    CREATE INDEX posts_feed ON posts(community_id, created_at DESC, id DESC);
    CREATE INDEX posts_org_time ON posts(org_id, created_at DESC);
    CREATE INDEX posts_search ON posts USING gin(search);

    CREATE TABLE comments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      post_id uuid NOT NULL REFERENCES posts(id),
      parent_id uuid REFERENCES comments(id),
      author_id uuid NOT NULL REFERENCES users(id),
      body text NOT NULL,
      pseudonym text,
      status text NOT NULL DEFAULT 'visible' CHECK (status IN ('visible','pending','hidden','deleted')),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX comments_post ON comments(post_id, created_at);

    CREATE TABLE reactions (
      org_id uuid NOT NULL REFERENCES organizations(id),
      post_id uuid NOT NULL REFERENCES posts(id),
      user_id uuid NOT NULL REFERENCES users(id),
      emoji text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (post_id, user_id, emoji)
    );

    -- What the guard decided for each write. Holds categories and counts, never the matched text.
    CREATE TABLE guard_decisions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      actor_id uuid REFERENCES users(id),
      record_kind text NOT NULL,
      record_id text,
      destination text NOT NULL,
      decision text NOT NULL CHECK (decision IN ('allow','warn','block','needs_consent')),
      outcome text NOT NULL CHECK (outcome IN ('stored','rejected')),
      categories text[] NOT NULL DEFAULT '{}',
      finding_count integer NOT NULL DEFAULT 0,
      consent_id uuid REFERENCES consents(id),
      author_confirmed boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX guard_decisions_org ON guard_decisions(org_id, created_at DESC);

    CREATE TABLE flags (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      record_kind text NOT NULL,
      record_id uuid NOT NULL,
      reporter_id uuid REFERENCES users(id),
      reason text NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','agreed','disagreed')),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX flags_org_open ON flags(org_id, status, created_at);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Harborline migrations are forward-only: records are never dropped.');
}
