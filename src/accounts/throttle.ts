import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/**
 * Progressive delays after failed sign-ins, instead of a lock: a few mistakes cost nothing, then each
 * further failure doubles the wait, up to a cap. Failures are counted per account *and network* only, so
 * an attacker slows only their own tries and never locks out the real user, nor a whole hospital behind
 * one address (counts per network or per account alone would let anyone do either). Distributed guessing
 * raises the many-failed-sign-ins alert instead. Successful sign-ins are not counted. Known and unknown
 * emails behave the same.
 */
const FREE_FAILURES = 5;
const CAP_MS = 15 * 60_000;
const FORGET_AFTER_MS = 24 * 3_600_000;

/** IPv4 address as is; IPv6 by its /64 (one subscriber's prefix). */
function throttleNetwork(ip: string | null): string {
  if (!ip) return 'unknown';
  const v4 = /^(?:::ffff:)?(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (v4) return v4[1];
  return `${ip.toLowerCase().split(':').slice(0, 4).join(':')}::/64`;
}

/** After the free failures: 1 s, then doubling (2, 4, 8 … s) up to the cap. */
const delayAfter = (failures: number) => (failures < FREE_FAILURES ? 0 : Math.min(CAP_MS, 1000 * 2 ** (failures - FREE_FAILURES)));

const keyFor = (scope: string, email: string, ip: string | null) => `${scope}:an:${email}|${throttleNetwork(ip)}`;

/** Seconds still to wait before this account may be tried from this network again (0: go ahead). */
export async function secondsToWait(db: Db, scope: string, email: string, ip: string | null, now = new Date()): Promise<number> {
  const row = await db
    .selectFrom('login_failures')
    .selectAll()
    .where('key', '=', keyFor(scope, email, ip))
    .executeTakeFirst();
  if (!row) return 0;
  const since = now.getTime() - row.last_failed_at.getTime();
  if (since > FORGET_AFTER_MS) return 0;
  const waitMs = delayAfter(row.failures) - since;
  return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
}

/** Counts one failure (one statement; a count older than a day starts over). */
export async function recordFailure(db: Db, scope: string, email: string, ip: string | null): Promise<void> {
  await sql`
    INSERT INTO login_failures (key, failures, last_failed_at) VALUES (${keyFor(scope, email, ip)}, 1, now())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN login_failures.last_failed_at < now() - make_interval(secs => ${FORGET_AFTER_MS / 1000}) THEN 1 ELSE login_failures.failures + 1 END,
      last_failed_at = now()`.execute(db);
}

/** A success forgets this account's failures from this network. */
export async function clearFailures(db: Db, scope: string, email: string, ip: string | null): Promise<void> {
  await db
    .deleteFrom('login_failures')
    .where('key', '=', keyFor(scope, email, ip))
    .execute();
}
