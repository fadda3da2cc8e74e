import { sql } from 'kysely';
import type { Db } from './database.ts';

/** What a health check says of the read replica: streaming (and how far behind), or away. */
export interface ReplicaHealth {
  /** `streaming`: lagging reads go to the replica; `unavailable`: they go to the primary meanwhile. */
  state: 'streaming' | 'unavailable';
  /** Seconds of writes the replica has received but not yet replayed (0 when caught up); null when away. */
  lagSeconds: number | null;
}

/** Answers within a second: a frozen replica must not make the load balancer drop a healthy node. */
const PATIENCE_MS = 1000;

/**
 * Asks the replica pool, which hands out a primary connection when the replica refuses: a connection that
 * is not in recovery means the replica is away and its reads are on the primary.
 */
export async function replicaHealth(replica: Db): Promise<ReplicaHealth> {
  const away: ReplicaHealth = { state: 'unavailable', lagSeconds: null };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<ReplicaHealth>((resolve) => {
    timer = setTimeout(() => resolve(away), PATIENCE_MS);
  });
  const asked = sql<{ standby: boolean; lag: number | null }>`
    SELECT pg_is_in_recovery() AS standby,
      CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
        ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 END AS lag`
    .execute(replica)
    .then(({ rows }): ReplicaHealth =>
      rows[0]?.standby ? { state: 'streaming', lagSeconds: Math.max(0, Number(rows[0].lag ?? 0)) } : away,
    )
    .catch(() => away);
  try {
    return await Promise.race([asked, late]);
  } finally {
    clearTimeout(timer);
  }
}
