import { sql } from 'kysely';
import type { Db } from './database.ts';

/**
 * Writes refused because the database ran out of space. While the disk is full nothing can be written, an
 * alert included, so this process counts them (and its log says so at once); once writing works again the
 * count becomes a `storage_full` security alert for every organization's administrators.
 */
interface Outage {
  from: Date;
  until: Date;
  refused: number;
}
let outage: Outage | null = null;

export function noteStorageFull(now = new Date()): void {
  if (outage) {
    outage.until = now;
    outage.refused++;
  } else outage = { from: now, until: now, refused: 1 };
}

/** Raises the alert for an outage this process saw, once the database takes writes again; returns how many were raised. */
export async function raiseStorageAlerts(db: Db): Promise<number> {
  if (!outage) return 0;
  // Taken before the insert: writes refused meanwhile start a new outage, reported by the next call.
  const seen = outage;
  outage = null;
  const detail = JSON.stringify({ from: seen.from.toISOString(), until: seen.until.toISOString(), refusedWrites: seen.refused });
  try {
    const raised = await sql`
      INSERT INTO security_alerts (org_id, user_id, kind, detail)
      SELECT id, NULL, 'storage_full', ${detail}::jsonb FROM organizations`.execute(db);
    return Number(raised.numAffectedRows ?? 0);
  } catch (err) {
    // Still cannot write: the outage goes on, counting what it has seen so far.
    const later = outage as Outage | null; // set again by writes refused during the insert
    outage = later ? { from: seen.from, until: later.until, refused: seen.refused + later.refused } : seen;
    throw err;
  }
}
