import { sql, type Kysely } from 'kysely';

/**
 * Instagram professional accounts and YouTube channels; Google Business Profile channels now take local
 * posts as well as reviews. Media gains the length of a video (null for still pictures).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE channels DROP CONSTRAINT channels_network_check;
    ALTER TABLE channels ADD CONSTRAINT channels_network_check
      CHECK (network IN ('mastodon','bluesky','google_reviews','x','facebook','linkedin','sandbox','instagram','youtube'));
    UPDATE channels SET can_post = true WHERE network = 'google_reviews';
    ALTER TABLE media ADD COLUMN duration_ms integer;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE media DROP COLUMN duration_ms;
    UPDATE channels SET can_post = false WHERE network = 'google_reviews';
    ALTER TABLE channels DROP CONSTRAINT channels_network_check;
    ALTER TABLE channels ADD CONSTRAINT channels_network_check
      CHECK (network IN ('mastodon','bluesky','google_reviews','x','facebook','linkedin','sandbox'));
  `.execute(db);
}
