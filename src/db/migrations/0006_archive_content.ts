import { sql, type Kysely } from 'kysely';

/**
 * Archive entries become strictly append-only: content and its search vector move to a side table, and
 * destruction is a row in archive_destructions plus deleting the content, never an update of an entry.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE archive_content (
      entry_id bigint PRIMARY KEY REFERENCES archive_entries(id),
      org_id uuid NOT NULL REFERENCES organizations(id),
      content jsonb NOT NULL,
      content_text text NOT NULL,
      search tsvector GENERATED ALWAYS AS (to_tsvector('simple', content_text)) STORED
    );
    CREATE INDEX archive_content_search ON archive_content USING gin(search);
    INSERT INTO archive_content (entry_id, org_id, content, content_text)
      SELECT id, org_id, content, coalesce(content_text, '') FROM archive_entries WHERE content IS NOT NULL;

    CREATE TABLE archive_destructions (
      entry_id bigint PRIMARY KEY REFERENCES archive_entries(id),
      certificate_id uuid NOT NULL REFERENCES destruction_certificates(id),
      destroyed_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX archive_destructions_certificate ON archive_destructions(certificate_id);
    INSERT INTO archive_destructions (entry_id, certificate_id, destroyed_at)
      SELECT id, certificate_id, destroyed_at FROM archive_entries WHERE content IS NULL AND certificate_id IS NOT NULL AND destroyed_at IS NOT NULL;

    DROP INDEX archive_search;
    ALTER TABLE archive_entries DROP COLUMN search, DROP COLUMN content, DROP COLUMN content_text, DROP COLUMN destroyed_at, DROP COLUMN certificate_id;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Harborline migrations are forward-only.');
}
