import { sql, type Kysely } from 'kysely';

/**
 * What a communications team expects of a publisher: drafts (saved, not yet asking for approval), threads
 * and first comments (follow-up parts sent as continuations of the post, each tracked on its target so a
 * retry resumes where it stopped), and recurring posts (the next occurrence is scheduled when one goes out).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE publisher_posts DROP CONSTRAINT publisher_posts_status_check;
    ALTER TABLE publisher_posts ADD CONSTRAINT publisher_posts_status_check
      CHECK (status IN ('draft','pending_approval','approved','rejected','expired','published','partly_failed','failed','cancelled'));
    ALTER TABLE publisher_posts ADD COLUMN follow_ups text[] NOT NULL DEFAULT '{}';
    ALTER TABLE publisher_posts ADD COLUMN repeat_every text CHECK (repeat_every IN ('day','week','month'));
    -- Occurrences still to come after this one.
    ALTER TABLE publisher_posts ADD COLUMN repeat_remaining integer NOT NULL DEFAULT 0 CHECK (repeat_remaining BETWEEN 0 AND 52);
    ALTER TABLE publisher_posts ADD COLUMN series_id uuid;
    ALTER TABLE publisher_posts ADD COLUMN next_occurrence_id uuid;

    -- What a continuation of the post needs on its network, and the follow-up parts already sent.
    ALTER TABLE publisher_targets ADD COLUMN thread_ref text;
    ALTER TABLE publisher_targets ADD COLUMN follow_up_keys text[] NOT NULL DEFAULT '{}';
    ALTER TABLE publisher_targets ADD COLUMN follow_up_ids text[] NOT NULL DEFAULT '{}';

    -- A sandbox post that continues another of the organization's own (a thread).
    ALTER TABLE sandbox_posts ADD COLUMN continues uuid REFERENCES sandbox_posts(id) ON DELETE CASCADE;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE sandbox_posts DROP COLUMN continues;
    ALTER TABLE publisher_targets DROP COLUMN thread_ref, DROP COLUMN follow_up_keys, DROP COLUMN follow_up_ids;
    ALTER TABLE publisher_posts DROP COLUMN follow_ups, DROP COLUMN repeat_every, DROP COLUMN repeat_remaining,
      DROP COLUMN series_id, DROP COLUMN next_occurrence_id;
    DELETE FROM publisher_posts WHERE status = 'draft';
    ALTER TABLE publisher_posts DROP CONSTRAINT publisher_posts_status_check;
    ALTER TABLE publisher_posts ADD CONSTRAINT publisher_posts_status_check
      CHECK (status IN ('pending_approval','approved','rejected','expired','published','partly_failed','failed','cancelled'));
  `.execute(db);
}
