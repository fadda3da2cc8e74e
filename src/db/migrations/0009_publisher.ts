import { sql, type Kysely } from 'kysely';

/**
 * Publisher: connected network channels (tokens sealed), posts with approval steps and targets per
 * channel (the publish queue: one row per network post, with its idempotency key), the unified inbox
 * with responses and templates, and network metrics.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE channels (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      network text NOT NULL CHECK (network IN ('mastodon','bluesky','google_reviews')),
      name text NOT NULL,
      base_url text NOT NULL,
      account_id text NOT NULL,
      handle text NOT NULL,
      max_length integer NOT NULL,
      can_post boolean NOT NULL,
      credentials text NOT NULL,            -- sealed (AES-256-GCM), never returned by the API
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','revoked','paused')),
      status_reason text,
      last_checked_at timestamptz,
      inbox_cursor text,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX channels_org ON channels(org_id);

    CREATE TABLE publisher_posts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      body text NOT NULL,
      author_id uuid NOT NULL REFERENCES users(id),
      status text NOT NULL CHECK (status IN ('pending_approval','approved','rejected','expired','published','partly_failed','failed','cancelled')),
      approvals_required integer NOT NULL CHECK (approvals_required BETWEEN 1 AND 3),
      approval_expires_at timestamptz NOT NULL,
      scheduled_at timestamptz,
      campaign text,
      consent_id uuid REFERENCES consents(id),
      misinformation real,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX publisher_posts_org ON publisher_posts(org_id, created_at DESC);

    CREATE TABLE publisher_approvals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      post_id uuid NOT NULL REFERENCES publisher_posts(id),
      org_id uuid NOT NULL REFERENCES organizations(id),
      step integer NOT NULL,
      approver_id uuid NOT NULL REFERENCES users(id),
      decision text NOT NULL CHECK (decision IN ('approve','reject')),
      note text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (post_id, step),
      UNIQUE (post_id, approver_id)
    );

    CREATE TABLE publisher_targets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      post_id uuid NOT NULL REFERENCES publisher_posts(id),
      org_id uuid NOT NULL REFERENCES organizations(id),
      channel_id uuid NOT NULL REFERENCES channels(id),
      status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting','queued','publishing','published','failed','cancelled')),
      idempotency_key text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      locked_until timestamptz,
      last_error text,
      remote_id text,
      remote_url text,
      published_at timestamptz,
      UNIQUE (post_id, channel_id)
    );
    CREATE INDEX publisher_targets_due ON publisher_targets(next_attempt_at) WHERE status IN ('queued','publishing');

    CREATE TABLE inbox_items (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      channel_id uuid NOT NULL REFERENCES channels(id),
      kind text NOT NULL CHECK (kind IN ('reply','mention','dm','review')),
      remote_id text NOT NULL,
      remote_url text,
      author_handle text NOT NULL,
      author_name text NOT NULL,
      body text NOT NULL,
      rating integer,
      in_reply_to text,
      remote_created_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','responded','closed')),
      assignee_id uuid REFERENCES users(id),
      tags text[] NOT NULL DEFAULT '{}',
      due_at timestamptz NOT NULL,
      first_response_at timestamptz,
      breach_alerted_at timestamptz,
      UNIQUE (channel_id, remote_id)
    );
    CREATE INDEX inbox_items_open ON inbox_items(org_id, status, due_at);

    CREATE TABLE inbox_responses (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      item_id uuid NOT NULL REFERENCES inbox_items(id),
      org_id uuid NOT NULL REFERENCES organizations(id),
      body text NOT NULL,
      responder_id uuid NOT NULL REFERENCES users(id),
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sent','failed')),
      idempotency_key text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      remote_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    );
    CREATE INDEX inbox_responses_due ON inbox_responses(next_attempt_at) WHERE status = 'queued';

    CREATE TABLE response_templates (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      name text NOT NULL,
      body text NOT NULL,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, name)
    );

    CREATE TABLE network_metrics (
      target_id uuid NOT NULL REFERENCES publisher_targets(id),
      org_id uuid NOT NULL REFERENCES organizations(id),
      captured_at timestamptz NOT NULL DEFAULT now(),
      likes integer NOT NULL,
      reposts integer NOT NULL,
      replies integer NOT NULL,
      impressions integer,
      PRIMARY KEY (target_id, captured_at)
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Harborline migrations are forward-only: records are never dropped.');
}
