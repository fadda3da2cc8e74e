import { sql } from 'kysely';
import type { Actor } from '../access/policy.ts';
import type { Db } from '../db/database.ts';
import { notify } from '../notify/notifications.ts';
import { isUuid } from '../shared/ids.ts';
import { notFound } from '../shared/errors.ts';
import { cusum, earsC2, type Alarm } from './detectors.ts';
import { SYNDROMES, SYNDROME_NAMES, type Syndrome } from './syndromes.ts';
import { memberIds } from '../repositories/index.ts';

const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** 'all', 'community:<id>' or 'region:<name>'. */
export type Scope = string;

async function scopeFilter(db: Db, orgId: string, scope: Scope) {
  if (scope === 'all') return sql`TRUE`;
  const [kind, value] = [scope.slice(0, scope.indexOf(':')), scope.slice(scope.indexOf(':') + 1)];
  if (kind === 'community' && isUuid(value)) {
    const c = await db.selectFrom('communities').select('id').where('id', '=', value).where('org_id', '=', orgId).executeTakeFirst();
    if (c) return sql`community_id = ${c.id}`;
  }
  if (kind === 'region' && value) return sql`community_id IN (SELECT id FROM communities WHERE org_id = ${orgId} AND region = ${value})`;
  throw notFound('Scope');
}

/** Daily counts of visible posts mentioning a syndrome's terms, one entry per day (zeros included), oldest first. */
export async function dailyCounts(db: Db, orgId: string, syndrome: Syndrome, scope: Scope, days: number, until = new Date()) {
  const end = Date.parse(isoDay(until)) + DAY; // start of tomorrow, UTC
  const start = end - days * DAY;
  const filter = await scopeFilter(db, orgId, scope);
  const rows = await sql<{ day: string; n: number }>`
    SELECT to_char((created_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, count(*)::int AS n
    FROM posts
    WHERE org_id = ${orgId} AND created_at >= ${new Date(start)} AND created_at < ${new Date(end)}
      AND status <> 'deleted' AND ${filter}
      AND search @@ to_tsquery('english', ${SYNDROMES[syndrome].query})
    GROUP BY 1`.execute(db);
  const byDay = new Map(rows.rows.map((r) => [r.day, r.n]));
  return Array.from({ length: days }, (_, i) => {
    const day = isoDay(new Date(start + i * DAY));
    return { day, count: byDay.get(day) ?? 0 };
  });
}

export interface SignalSeries {
  syndrome: Syndrome;
  scope: Scope;
  series: { day: string; count: number }[];
  alarms: { method: 'c2' | 'cusum'; day: string; observed: number; expected: number; statistic: number }[];
}

export async function signalSeries(
  db: Db,
  orgId: string,
  syndrome: Syndrome,
  scope: Scope,
  days: number,
  until = new Date(),
): Promise<SignalSeries> {
  const series = await dailyCounts(db, orgId, syndrome, scope, days, until);
  const counts = series.map((s) => s.count);
  const asAlarms = (method: 'c2' | 'cusum', found: Alarm[]) =>
    found.map((a) => ({
      method,
      day: series[a.index].day,
      observed: a.observed,
      expected: Number(a.expected.toFixed(2)),
      statistic: Number(a.statistic.toFixed(2)),
    }));
  return { syndrome, scope, series, alarms: [...asAlarms('c2', earsC2(counts)), ...asAlarms('cusum', cusum(counts))] };
}

/** Scopes worth watching: the whole organization, each community, each region. */
export async function signalScopes(db: Db, orgId: string) {
  const communities = await db
    .selectFrom('communities')
    .select(['id', 'name', 'region'])
    .where('org_id', '=', orgId)
    .orderBy('name')
    .execute();
  const regions = [...new Set(communities.map((c) => c.region).filter((r): r is string => Boolean(r)))].sort();
  return [
    { scope: 'all', label: 'Whole organization' },
    ...regions.map((r) => ({ scope: `region:${r}`, label: `Region: ${r}` })),
    ...communities.map((c) => ({ scope: `community:${c.id}`, label: c.name })),
  ];
}

/**
 * The daily check: for yesterday (the last complete day), every scope and syndrome; new alarms are stored
 * once (unique per day and method) and compliance and communications staff are told.
 */
export async function runSignalSweep(db: Db, now = new Date()) {
  const yesterday = new Date(Date.parse(isoDay(now)) - DAY);
  let raised = 0;
  for (const org of await db.selectFrom('organizations').select('id').execute()) {
    const staff = await memberIds(db, org.id, { roles: ['compliance', 'communications'] });
    for (const { scope } of await signalScopes(db, org.id)) {
      for (const syndrome of SYNDROME_NAMES) {
        const s = await signalSeries(db, org.id, syndrome, scope, 30, yesterday);
        for (const a of s.alarms.filter((x) => x.day === isoDay(yesterday))) {
          const row = await db
            .insertInto('signal_alerts')
            .values({
              org_id: org.id,
              scope,
              syndrome,
              day: a.day,
              method: a.method,
              observed: a.observed,
              expected: a.expected,
              statistic: a.statistic,
            })
            .onConflict((oc) => oc.doNothing())
            .returning('id')
            .executeTakeFirst();
          if (!row) continue;
          raised++;
          await notify(db, {
            orgId: org.id,
            userIds: staff,
            kind: 'moderation',
            title: `Signal: ${a.observed} posts mentioning ${syndrome} symptoms on ${a.day} (expected about ${a.expected.toFixed(1)}, ${a.method.toUpperCase()})`,
            link: `/signals?syndrome=${syndrome}&scope=${encodeURIComponent(scope)}`,
            email: true,
          });
        }
      }
    }
  }
  return raised;
}

export async function listSignalAlerts(db: Db, actor: Actor) {
  return db
    .selectFrom('signal_alerts')
    .select(['id', 'scope', 'syndrome', sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'method', 'observed', 'expected', 'statistic'])
    .where('org_id', '=', actor.orgId)
    .orderBy('signal_alerts.day', 'desc')
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
}
