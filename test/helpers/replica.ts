import pg from 'pg';

/** Waits until the replica has replayed everything the primary had written when called (fails after a while). */
export async function replicaCaughtUp(primaryUrl: string, replica: pg.Client, timeoutMs = 30_000): Promise<void> {
  const primary = new pg.Client({ connectionString: primaryUrl });
  await primary.connect();
  let lsn: string;
  try {
    lsn = (await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0].lsn;
  } finally {
    await primary.end();
  }
  for (const until = Date.now() + timeoutMs; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 50))) {
    const r = await replica.query<{ done: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn]);
    if (r.rows[0].done) return;
  }
  throw new Error(`the replica did not replay up to ${lsn} within ${timeoutMs} ms`);
}
