import { sql, type Kysely } from 'kysely';

/** Questions, messaging, provider directory and reviews, notifications, consent links. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE posts ADD COLUMN question_to uuid REFERENCES users(id);
    ALTER TABLE posts ADD COLUMN answered_at timestamptz;
    ALTER TABLE posts ADD COLUMN answered_by uuid REFERENCES users(id);
    CREATE INDEX posts_open_questions ON posts(org_id, created_at) WHERE kind = 'question' AND answered_at IS NULL;
    CREATE INDEX posts_consent ON posts(consent_id) WHERE consent_id IS NOT NULL;

    CREATE TABLE message_threads (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      kind text NOT NULL CHECK (kind IN ('direct','care_team','consult')),
      subject text NOT NULL DEFAULT '',
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_message_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE thread_participants (
      thread_id uuid NOT NULL REFERENCES message_threads(id),
      user_id uuid NOT NULL REFERENCES users(id),
      org_id uuid NOT NULL REFERENCES organizations(id),
      last_read_at timestamptz,
      PRIMARY KEY (thread_id, user_id)
    );
    CREATE INDEX thread_participants_user ON thread_participants(user_id);
    CREATE TABLE messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      thread_id uuid NOT NULL REFERENCES message_threads(id),
      author_id uuid NOT NULL REFERENCES users(id),
      body text NOT NULL,
      -- For consults: which identifiers the guard replaced (category and position in the stored text).
      redactions jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX messages_thread ON messages(thread_id, created_at);

    CREATE TABLE provider_profiles (
      user_id uuid PRIMARY KEY REFERENCES users(id),
      org_id uuid NOT NULL REFERENCES organizations(id),
      specialty text NOT NULL,
      npi text,
      bio text NOT NULL DEFAULT '',
      verified_at timestamptz,
      verified_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX provider_profiles_org ON provider_profiles(org_id);
    CREATE TABLE reviews (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      provider_id uuid NOT NULL REFERENCES users(id),
      author_id uuid NOT NULL REFERENCES users(id),
      rating integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
      body text NOT NULL,
      status text NOT NULL DEFAULT 'visible' CHECK (status IN ('visible','hidden')),
      reply_body text,
      reply_by uuid REFERENCES users(id),
      replied_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (provider_id, author_id)
    );

    CREATE TABLE notifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      user_id uuid NOT NULL REFERENCES users(id),
      kind text NOT NULL,
      title text NOT NULL,
      link text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz
    );
    CREATE INDEX notifications_user ON notifications(user_id, created_at DESC);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Harborline migrations are forward-only.');
}
