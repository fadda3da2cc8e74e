import { sql, type Kysely } from 'kysely';

/**
 * Two things that keep a large archive fast:
 * - `archive_records`: one row per archived record (and record class) whose content the sweep has not yet
 *   destroyed, with the time of its newest entry. A record expires when that time is older than its period,
 *   so the disposition sweep finds expired records by an index range instead of grouping the whole archive,
 *   and then reads only the months before its horizon.
 * - A production's documents carry their entries' time, so building it reads each page's months, not all.
 * - Content carries the facts of its entry a search filters on (custodian, kind, channel), so a search is
 *   one table read newest first by an index, which the planner estimates well; joining entries first made
 *   it misjudge the join (two equalities, entry and time) and read every match of a common word.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE archive_records (
      org_id uuid NOT NULL REFERENCES organizations(id),
      record_kind text NOT NULL,
      record_id text NOT NULL,
      record_class text NOT NULL,
      last_at timestamptz NOT NULL,
      PRIMARY KEY (org_id, record_kind, record_id, record_class)
    );
    CREATE INDEX archive_records_expiry ON archive_records (org_id, record_class, last_at);

    ALTER TABLE archive_content ADD COLUMN author_id uuid, ADD COLUMN record_kind text, ADD COLUMN channel text;
    UPDATE archive_content c SET author_id = a.author_id, record_kind = a.record_kind, channel = a.channel
    FROM archive_entries a WHERE a.id = c.entry_id AND a.occurred_at = c.occurred_at;
    ALTER TABLE archive_content ALTER COLUMN record_kind SET NOT NULL, ALTER COLUMN channel SET NOT NULL;
    CREATE INDEX archive_content_org_time ON archive_content (org_id, occurred_at DESC);
    CREATE INDEX archive_content_author_time ON archive_content (org_id, author_id, occurred_at DESC);
    -- Their primary keys (id or entry, then time) already find a row by id: these only cost space and writes.
    DROP INDEX archive_entry_id;
    DROP INDEX archive_content_entry;

    ALTER TABLE production_documents ADD COLUMN entry_at timestamptz;
    UPDATE production_documents d SET entry_at = a.occurred_at FROM archive_entries a WHERE a.id = d.entry_id;
    ALTER TABLE production_documents ALTER COLUMN entry_at SET NOT NULL;

    INSERT INTO archive_records (org_id, record_kind, record_id, record_class, last_at)
    SELECT a.org_id, a.record_kind, a.record_id, a.record_class, max(a.occurred_at)
    FROM archive_entries a LEFT JOIN archive_content c ON c.entry_id = a.id AND c.occurred_at = a.occurred_at
    GROUP BY a.org_id, a.record_kind, a.record_id, a.record_class
    HAVING bool_or(c.entry_id IS NOT NULL);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Harborline migrations are forward-only.');
}
