import { sql, type Kysely } from 'kysely';

/** Pinned posts are few: a partial index finds them without walking a community's whole feed. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX posts_pinned ON posts(community_id) WHERE pinned AND status = 'visible'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Harborline migrations are forward-only.');
}
