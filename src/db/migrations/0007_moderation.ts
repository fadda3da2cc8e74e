import { sql, type Kysely } from 'kysely';

/**
 * Moderation and public-health signals: trust levels and sanctions on memberships, flags from members,
 * rules and the classifier, watched-word rules, moderator actions with one appeal, the approved-sources
 * library, stored outbreak alerts, and quiet hours for notifications.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE memberships
      ADD COLUMN trust_level smallint NOT NULL DEFAULT 1 CHECK (trust_level BETWEEN 0 AND 4),
      ADD COLUMN silenced_until timestamptz,
      ADD COLUMN suspended_until timestamptz;

    ALTER TABLE flags
      ADD COLUMN source text NOT NULL DEFAULT 'member' CHECK (source IN ('member','classifier','rule','guard')),
      ADD COLUMN weight real NOT NULL DEFAULT 1,
      ADD COLUMN score real,
      ADD COLUMN decided_by uuid REFERENCES users(id),
      ADD COLUMN decided_at timestamptz;
    CREATE INDEX flags_record ON flags(org_id, record_kind, record_id);

    CREATE TABLE moderation_rules (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      community_id uuid REFERENCES communities(id),      -- null: every community of the organization
      pattern text NOT NULL,
      is_regex boolean NOT NULL DEFAULT false,
      action text NOT NULL CHECK (action IN ('block','require_approval','flag','replace')),
      replacement text,
      note text NOT NULL DEFAULT '',
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      removed_at timestamptz
    );
    CREATE INDEX moderation_rules_org ON moderation_rules(org_id) WHERE removed_at IS NULL;

    CREATE TABLE moderation_actions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      record_kind text,
      record_id uuid,
      target_user_id uuid REFERENCES users(id),
      action text NOT NULL CHECK (action IN ('agree','disagree','hide','delete','warn','silence','suspend','approve','restore')),
      reason text NOT NULL,
      days integer,
      moderator_id uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      appeal_text text,
      appealed_at timestamptz,
      appeal_status text CHECK (appeal_status IN ('pending','upheld','overturned')),
      appeal_decided_by uuid REFERENCES users(id),
      appeal_decided_at timestamptz,
      appeal_note text
    );
    CREATE INDEX moderation_actions_target ON moderation_actions(org_id, target_user_id, created_at DESC);
    CREATE INDEX moderation_actions_appeals ON moderation_actions(org_id, appeal_status) WHERE appeal_status = 'pending';

    CREATE TABLE approved_sources (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      title text NOT NULL,
      url text NOT NULL,
      publisher text NOT NULL,
      summary text NOT NULL DEFAULT '',
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE post_corrections (
      post_id uuid NOT NULL REFERENCES posts(id),
      source_id uuid NOT NULL REFERENCES approved_sources(id),
      org_id uuid NOT NULL REFERENCES organizations(id),
      note text NOT NULL DEFAULT '',
      linked_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (post_id, source_id)
    );

    ALTER TABLE communities ADD COLUMN region text;

    CREATE TABLE signal_alerts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      scope text NOT NULL,                 -- 'all', 'community:<id>' or 'region:<name>'
      syndrome text NOT NULL,
      day date NOT NULL,
      method text NOT NULL CHECK (method IN ('c2','cusum')),
      observed integer NOT NULL,
      expected real NOT NULL,
      statistic real NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, scope, syndrome, day, method)
    );

    ALTER TABLE users ADD COLUMN notification_prefs jsonb NOT NULL DEFAULT '{}';
    ALTER TABLE notifications ADD COLUMN email_pending boolean NOT NULL DEFAULT false;
    CREATE INDEX notifications_email_pending ON notifications(user_id) WHERE email_pending;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Harborline migrations are forward-only: records are never dropped.');
}
