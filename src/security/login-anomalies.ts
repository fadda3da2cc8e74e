import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { raiseAlert } from './alerts.ts';

/**
 * The network an address belongs to: /16 for IPv4, /48 for IPv6. Without a GeoIP database two logins
 * "far apart" means from different networks within a short time.
 */
export function networkOf(ip: string | null): string | null {
  if (!ip) return null;
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.\d+\.\d+$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.0.0/16`;
  if (ip.includes(':')) return `${ip.split(':').slice(0, 3).join(':')}::/48`;
  return ip;
}

export const deviceOf = (userAgent: string | null) =>
  userAgent ? createHash('sha256').update(userAgent).digest('hex').slice(0, 16) : null;

const DISTANT_WINDOW_MS = 60 * 60_000;
const FAILED_WINDOW_MS = 15 * 60_000;
const FAILED_ALERT_AT = 5;

export async function recordLogin(
  db: Db,
  e: { userId: string; orgId: string | null; ip: string | null; userAgent: string | null; succeeded: boolean },
): Promise<void> {
  const network = networkOf(e.ip);
  const device = deviceOf(e.userAgent);
  const history = e.succeeded
    ? await db
        .selectFrom('login_events')
        .select(['network', 'device', 'created_at'])
        .where('user_id', '=', e.userId)
        .where('succeeded', '=', true)
        .orderBy('created_at', 'desc')
        .limit(200)
        .execute()
    : [];
  await db
    .insertInto('login_events')
    .values({ user_id: e.userId, org_id: e.orgId, ip: e.ip, network, device, succeeded: e.succeeded })
    .execute();
  if (!e.orgId) return;
  if (!e.succeeded) {
    const since = new Date(Date.now() - FAILED_WINDOW_MS);
    const failed = await db
      .selectFrom('login_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', e.userId)
      .where('succeeded', '=', false)
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    if (Number(failed.n) === FAILED_ALERT_AT)
      await raiseAlert(db, {
        orgId: e.orgId,
        userId: e.userId,
        kind: 'many_failed_logins',
        detail: { failures: FAILED_ALERT_AT, minutes: 15 },
      });
    return;
  }
  if (history.length === 0) return; // first sign-in: nothing to compare with
  if (device && !history.some((h) => h.device === device)) {
    await raiseAlert(db, { orgId: e.orgId, userId: e.userId, kind: 'new_device', detail: { network } });
  }
  const recent = history.find(
    (h) => Date.now() - h.created_at.getTime() < DISTANT_WINDOW_MS && h.network && network && h.network !== network,
  );
  if (recent) {
    await raiseAlert(db, {
      orgId: e.orgId,
      userId: e.userId,
      kind: 'distant_networks',
      detail: { previous: recent.network, current: network, minutesApart: Math.round((Date.now() - recent.created_at.getTime()) / 60_000) },
    });
  }
}
