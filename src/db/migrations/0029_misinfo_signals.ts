import { sql, type Kysely } from 'kysely';

/**
 * Misinformation signals an organization maintains: its own known false claims (with the correction and
 * the source that explains it) and the domains it lists as unreliable; automated flags keep their
 * evidence (the matching claim, the listed domain) for the moderator.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE known_claims (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      claim text NOT NULL,
      correction text NOT NULL DEFAULT '',
      url text,
      source_id uuid REFERENCES approved_sources(id),
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      retired_at timestamptz
    );
    CREATE INDEX known_claims_org ON known_claims (org_id) WHERE retired_at IS NULL;
    CREATE TABLE unreliable_domains (
      org_id uuid NOT NULL REFERENCES organizations(id),
      domain text NOT NULL,
      note text NOT NULL DEFAULT '',
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (org_id, domain)
    );
    ALTER TABLE flags ADD COLUMN evidence jsonb;
    ALTER TABLE publisher_posts ADD COLUMN screen_flags text[] NOT NULL DEFAULT '{}';
    ALTER TABLE flags DROP CONSTRAINT flags_source_check;
    ALTER TABLE flags ADD CONSTRAINT flags_source_check CHECK (source IN ('member','classifier','rule','guard','known_claim','source_signal'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DELETE FROM flags WHERE source IN ('known_claim','source_signal');
    ALTER TABLE flags DROP CONSTRAINT flags_source_check;
    ALTER TABLE flags ADD CONSTRAINT flags_source_check CHECK (source IN ('member','classifier','rule','guard'));
    ALTER TABLE flags DROP COLUMN evidence;
    ALTER TABLE publisher_posts DROP COLUMN screen_flags;
    DROP TABLE unreliable_domains;
    DROP TABLE known_claims;
  `.execute(db);
}
