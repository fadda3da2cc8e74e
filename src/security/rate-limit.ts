import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export interface RateLimitResult {
  allowed: boolean;
  hits: number;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counter in the database, so every server process sees the same count. One atomic
 * upsert per hit: the window restarts when it has expired.
 */
export async function hitRateLimit(db: Db, key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
  const seconds = windowMs / 1000;
  const row = await sql<{ hits: number; window_started_at: Date }>`
    INSERT INTO rate_limits (key, hits, window_started_at) VALUES (${key}, 1, now())
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN rate_limits.window_started_at < now() - make_interval(secs => ${seconds})
                  THEN 1 ELSE rate_limits.hits + 1 END,
      window_started_at = CASE WHEN rate_limits.window_started_at < now() - make_interval(secs => ${seconds})
                  THEN now() ELSE rate_limits.window_started_at END
    RETURNING hits, window_started_at`.execute(db);
  const { hits, window_started_at } = row.rows[0];
  const retry = Math.max(1, Math.ceil((new Date(window_started_at).getTime() + windowMs - Date.now()) / 1000));
  return { allowed: hits <= limit, hits, retryAfterSeconds: retry };
}

export async function clearRateLimit(db: Db, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}
