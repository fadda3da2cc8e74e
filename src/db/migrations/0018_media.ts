import { sql, type Kysely } from 'kysely';

/**
 * Pictures: the original as uploaded (kept for the record, never shown), the cleaned copy (re-encoded, no
 * metadata), what the analysis found in the pixels, the boxes the uploader blurred or covered, and the
 * record it was shared with. Files live in storage under `files`; their hashes go into the archive chain.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE media (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id),
      uploader_id uuid NOT NULL REFERENCES users(id),
      status text NOT NULL DEFAULT 'processing' CHECK (status IN ('processing','ready','failed','destroyed')),
      stage text NOT NULL DEFAULT 'queued',
      claimed_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      file_name text NOT NULL,
      content_type text NOT NULL,
      byte_size bigint NOT NULL,
      width integer NOT NULL,
      height integer NOT NULL,
      files jsonb NOT NULL DEFAULT '{}',
      evidence jsonb,
      redactions jsonb NOT NULL DEFAULT '[]',
      alt_text text NOT NULL DEFAULT '',
      record_kind text,
      record_id uuid,
      attached_at timestamptz,
      failure text,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX media_uploader ON media (org_id, uploader_id, created_at DESC);
    CREATE INDEX media_record ON media (record_kind, record_id) WHERE record_id IS NOT NULL;
    CREATE INDEX media_processing ON media (created_at) WHERE status = 'processing';
    -- Files of pictures destroyed under the retention schedule (or erased), removed from storage after the
    -- destruction commits.
    -- The sandbox network shows the descriptions of the pictures a post carried.
    ALTER TABLE sandbox_posts ADD COLUMN picture_alts text[] NOT NULL DEFAULT '{}';
    CREATE TABLE media_purges (
      key text PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE media_purges; DROP TABLE media; ALTER TABLE sandbox_posts DROP COLUMN picture_alts`.execute(db);
}
