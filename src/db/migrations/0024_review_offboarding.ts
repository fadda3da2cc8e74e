import { sql, type Kysely } from 'kysely';

/**
 * Review like an eDiscovery platform, productions that stream, and offboarding.
 * - Saved searches, and review sets: a frozen list of archive entries with reviewers, tags and notes.
 * - Productions list their documents in a table (a million ids do not fit in one array value), number
 *   Bates from a chosen start, and withhold privileged documents into a privilege log. Productions made
 *   before keep their format (1, built in memory) so their downloads still match the hash they were given.
 * - A membership can be deactivated (a departed staff member): sessions end, sign-in is refused, content
 *   stays; channels they connected are flagged for someone to take over.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE saved_searches (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      name text NOT NULL,
      query jsonb NOT NULL,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, name)
    );

    CREATE TABLE review_sets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      name text NOT NULL,
      query jsonb NOT NULL,
      documents integer NOT NULL,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE review_items (
      set_id uuid NOT NULL REFERENCES review_sets(id),
      position integer NOT NULL,
      entry_id bigint NOT NULL REFERENCES archive_entries(id),
      assignee_id uuid REFERENCES users(id),
      tags text[] NOT NULL DEFAULT '{}',
      note text NOT NULL DEFAULT '',
      reviewed_by uuid REFERENCES users(id),
      reviewed_at timestamptz,
      PRIMARY KEY (set_id, position)
    );
    CREATE INDEX review_items_assignee ON review_items (assignee_id, set_id);

    ALTER TABLE legal_holds ADD COLUMN saved_search_id uuid REFERENCES saved_searches(id);

    ALTER TABLE productions ADD COLUMN format integer NOT NULL DEFAULT 2;
    ALTER TABLE productions ADD COLUMN bates_start integer NOT NULL DEFAULT 1;
    ALTER TABLE productions ADD COLUMN review_set_id uuid REFERENCES review_sets(id);
    ALTER TABLE productions ADD COLUMN withheld integer NOT NULL DEFAULT 0;
    CREATE TABLE production_documents (
      production_id uuid NOT NULL REFERENCES productions(id),
      position integer NOT NULL,
      entry_id bigint NOT NULL,
      -- Withheld as privileged: listed in the privilege log, not produced, and not given a Bates number.
      withheld boolean NOT NULL DEFAULT false,
      PRIMARY KEY (production_id, position)
    );
    UPDATE productions SET format = 1;
    INSERT INTO production_documents (production_id, position, entry_id)
      SELECT p.id, d.position, d.entry_id FROM productions p, unnest(p.entry_ids) WITH ORDINALITY AS d(entry_id, position);
    ALTER TABLE productions DROP COLUMN entry_ids;
    ALTER TABLE productions ADD COLUMN documents integer NOT NULL DEFAULT 0;
    UPDATE productions p SET documents = (SELECT count(*) FROM production_documents d WHERE d.production_id = p.id);

    ALTER TABLE memberships ADD COLUMN deactivated_at timestamptz;
    ALTER TABLE memberships ADD COLUMN deactivated_by uuid REFERENCES users(id);
    CREATE TABLE membership_changes (
      id bigserial PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id),
      user_id uuid NOT NULL REFERENCES users(id),
      change text NOT NULL CHECK (change IN ('deactivated','reactivated')),
      reason text NOT NULL DEFAULT '',
      by_id uuid REFERENCES users(id),
      detail jsonb NOT NULL DEFAULT '{}',
      at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX membership_changes_org ON membership_changes (org_id, at DESC);
    ALTER TABLE channels ADD COLUMN owner_departed_at timestamptz;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE channels DROP COLUMN owner_departed_at;
    DROP TABLE membership_changes;
    ALTER TABLE memberships DROP COLUMN deactivated_at, DROP COLUMN deactivated_by;
    ALTER TABLE productions ADD COLUMN entry_ids bigint[] NOT NULL DEFAULT '{}';
    UPDATE productions p SET entry_ids = ARRAY(SELECT entry_id FROM production_documents d WHERE d.production_id = p.id ORDER BY position);
    DROP TABLE production_documents;
    ALTER TABLE productions DROP COLUMN format, DROP COLUMN bates_start, DROP COLUMN review_set_id, DROP COLUMN withheld,
      DROP COLUMN documents;
    ALTER TABLE legal_holds DROP COLUMN saved_search_id;
    DROP TABLE review_items;
    DROP TABLE review_sets;
    DROP TABLE saved_searches;
  `.execute(db);
}
