import { sql, type Kysely } from 'kysely';

/**
 * The content library: captions (and later media) the communications team may reuse. An item is proposed,
 * approved by someone else who may approve posts, and retired when it is out of date; only approved
 * items are offered in the composer.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE library_items (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organizations(id),
      title text NOT NULL,
      body text NOT NULL,
      tags text[] NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','approved','retired')),
      created_by uuid NOT NULL REFERENCES users(id),
      decided_by uuid REFERENCES users(id),
      decided_at timestamptz,
      uses integer NOT NULL DEFAULT 0,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, title)
    );
    CREATE INDEX library_items_org ON library_items (org_id, status);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE library_items`.execute(db);
}
