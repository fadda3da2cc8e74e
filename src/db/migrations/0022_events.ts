import { sql, type Kysely } from 'kysely';

/**
 * Events in a community: when (UTC, with the time zone it was planned in), where (a place or an online
 * link), how many can come; replies (going or on the waitlist, in order), attendance, and the reminder sent.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      community_id uuid NOT NULL REFERENCES communities(id),
      created_by uuid NOT NULL REFERENCES users(id),
      title text NOT NULL,
      description text NOT NULL DEFAULT '',
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
      time_zone text NOT NULL,
      place text,
      online_url text,
      capacity integer CHECK (capacity IS NULL OR capacity > 0),
      status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','cancelled')),
      reminded_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX events_community ON events (community_id, starts_at);
    CREATE INDEX events_reminders ON events (starts_at) WHERE reminded_at IS NULL AND status = 'scheduled';

    CREATE TABLE event_rsvps (
      event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id),
      status text NOT NULL CHECK (status IN ('going','waitlist')),
      attended boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (event_id, user_id)
    );
    CREATE INDEX event_rsvps_order ON event_rsvps (event_id, status, created_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE event_rsvps; DROP TABLE events;`.execute(db);
}
