import { sql } from 'kysely';
import type { Db } from './database.ts';

/** The history tables partitioned by month (migration 0031). */
export const PARTITIONED_HISTORY = ['archive_entries', 'archive_content', 'audit_log', 'notifications'] as const;

/** Months kept ready ahead of time, so rows never fall into the default partition in normal running. */
const MONTHS_AHEAD = 3;

/** Makes this month's and the next months' partitions of every history table; returns how many were made. */
export async function ensurePartitions(db: Db): Promise<number> {
  let made = 0;
  for (const table of PARTITIONED_HISTORY) {
    const r = await sql<{
      made: number;
    }>`SELECT harborline_month_partitions(${table}, (now() AT TIME ZONE 'UTC')::date, ${MONTHS_AHEAD}) AS made`.execute(db);
    made += Number(r.rows[0].made);
  }
  return made;
}
