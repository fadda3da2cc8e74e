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
interface Rule {
  free: number;
  capMs: number;
}
const RULES = {
  accountNetwork: { free: 5, capMs: 15 * 60_000 },
} satisfies Record<string, Rule>;
const FORGET_AFTER_MS = 24 * 3_600_000;

/** IPv4 address as is; IPv6 by its /64 (one subscriber's prefix). */
export function throttleNetwork(ip: string | null): string {
  if (!ip) return 'unknown';
  const v4 = /^(?:::ffff:)?(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (v4) return v4[1]!;
  return `${ip.toLowerCase().split(':').slice(0, 4).join(':')}::/64`;
}

/** After `free` failures: 1 s, then doubling (2, 4, 8 … s) up to the cap. */
export const delayAfter = (failures: number, rule: Rule) => (failures < rule.free ? 0 : Math.min(rule.capMs, 1000 * 2 ** (failures - rule.free)));

function keysFor(scope: string, email: string, ip: string | null) {
  const net = throttleNetwork(ip);
  return [{ key: `${scope}:an:${email}|${net}`, rule: RULES.accountNetwork }];
}

/** Seconds still to wait before this account may be tried from this network again (0: go ahead). */
export async function secondsToWait(db: Db, scope: string, email: string, ip: string | null, now = new Date()): Promise<number> {
  const keys = keysFor(scope, email, ip);
  const rows = await db.selectFrom('login_failures').selectAll().where('key', 'in', keys.map((k) => k.key)).execute();
  let waitMs = 0;
  for (const r of rows) {
    const since = now.getTime() - r.last_failed_at.getTime();
    if (since > FORGET_AFTER_MS) continue;
    const rule = keys.find((k) => k.key === r.key)!.rule;
    waitMs = Math.max(waitMs, delayAfter(r.failures, rule) - since);
  }
  return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
}

/** Counts one failure for every key (one statement each; old counts start over). */
export async function recordFailure(db: Db, scope: string, email: string, ip: string | null): Promise<void> {
  for (const { key } of keysFor(scope, email, ip)) {
    await sql`
      INSERT INTO login_failures (key, failures, last_failed_at) VALUES (${key}, 1, now())
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN login_failures.last_failed_at < now() - make_interval(secs => ${FORGET_AFTER_MS / 1000}) THEN 1 ELSE login_failures.failures + 1 END,
        last_failed_at = now()`.execute(db);
  }
}

/** A success forgets this account's failures from this network. */
export async function clearFailures(db: Db, scope: string, email: string, ip: string | null): Promise<void> {
  await db.deleteFrom('login_failures').where('key', '=', keysFor(scope, email, ip)[0]!.key).execute();
}
