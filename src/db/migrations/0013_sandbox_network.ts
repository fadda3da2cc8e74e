import { sql, type Kysely } from 'kysely';

/**
 * More networks for channels: X, Facebook Pages, LinkedIn pages, and the built-in Sandbox, a timeline that lives in Harborline's own
 * database, so a team can try the whole publisher (compose, approve, publish, answer in the inbox, read analytics) without a real account.
 * Posts land in `sandbox_posts`; simulated people react through `sandbox_events`, each delivered after a
 * short delay as replies, mentions, a direct message and a review.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE channels DROP CONSTRAINT channels_network_check;
    ALTER TABLE channels ADD CONSTRAINT channels_network_check
      CHECK (network IN ('mastodon','bluesky','google_reviews','x','facebook','linkedin','sandbox'));

    CREATE TABLE sandbox_posts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
      idempotency_key text NOT NULL,
      body text NOT NULL,
      -- Set when the organization answered someone on the sandbox (an event id).
      in_reply_to uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      edited_at timestamptz,
      deleted_at timestamptz,
      UNIQUE (channel_id, idempotency_key)
    );
    CREATE INDEX sandbox_posts_channel ON sandbox_posts (channel_id, created_at DESC);

    CREATE TABLE sandbox_events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
      post_id uuid REFERENCES sandbox_posts(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('reply','mention','dm','review','like','repost')),
      author_handle text NOT NULL,
      author_name text NOT NULL,
      body text NOT NULL DEFAULT '',
      rating integer,
      deliver_at timestamptz NOT NULL,
      seq bigserial NOT NULL UNIQUE
    );
    CREATE INDEX sandbox_events_channel ON sandbox_events (channel_id, seq);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE sandbox_events;
    DROP TABLE sandbox_posts;
    ALTER TABLE channels DROP CONSTRAINT channels_network_check;
    ALTER TABLE channels ADD CONSTRAINT channels_network_check CHECK (network IN ('mastodon','bluesky','google_reviews'));
  `.execute(db);
}
