import { Batcher } from '../shared/batcher.ts';
import { perDatabase } from '../shared/per-database.ts';
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../shared/canonical.ts';
import type { Db } from '../db/database.ts';
import type { Role } from '../db/schema.ts';
import { parseOrgSettings, type OrgSettings } from '../repositories/index.ts';

export interface SessionPolicy {
  idleMs: number;
  maxMs: number;
}

export interface CreatedSession {
  token: string; // goes in the cookie; only its hash is stored
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(
  db: Db,
  input: { userId: string; orgId: string; ip: string | null; userAgent: string | null },
  policy: SessionPolicy,
): Promise<CreatedSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + policy.maxMs);
  await db
    .insertInto('sessions')
    .values({
      id: sha256Hex(token),
      user_id: input.userId,
      org_id: input.orgId,
      csrf_token: csrfToken,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
      last_seen_at: new Date(),
      expires_at: expiresAt,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

export interface ResolvedSession {
  sessionId: string;
  userId: string;
  orgId: string;
  role: Role;
  displayName: string;
  email: string;
  csrfToken: string;
  /** The organization requires a second factor for this role and the user has none yet. */
  mustEnrollTwoFactor: boolean;
  /** An unexpired break-glass grant is active for this user. */
  breakGlass: boolean;
  orgSettings: OrgSettings;
  silencedUntil: Date | null;
}

function selectSessions(db: Db, ids: string[]) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 's.user_id').onRef('m.org_id', '=', 's.org_id'))
    .innerJoin('organizations as o', 'o.id', 's.org_id')
    .select([
      's.id',
      's.user_id',
      's.org_id',
      's.csrf_token',
      's.last_seen_at',
      's.expires_at',
      's.revoked_at',
      'u.display_name',
      'u.email',
      'u.disabled_at',
      'u.totp_enabled',
      'm.role',
      'm.silenced_until',
      'm.suspended_until',
      'm.deactivated_at',
      'o.settings',
    ])
    .select((eb) => [
      eb.exists(eb.selectFrom('webauthn_credentials as w').select('w.id').whereRef('w.user_id', '=', 's.user_id')).as('has_passkey'),
      eb
        .exists(
          eb
            .selectFrom('break_glass_grants as g')
            .select('g.id')
            .whereRef('g.user_id', '=', 's.user_id')
            .whereRef('g.org_id', '=', 's.org_id')
            .where('g.approved_at', 'is not', null)
            .where('g.revoked_at', 'is', null)
            .where('g.expires_at', '>', new Date()),
        )
        .as('break_glass'),
    ])
    .where('s.id', 'in', ids)
    .execute();
}
type SessionRow = Awaited<ReturnType<typeof selectSessions>>[number];

/**
 * Requests arriving together share one lookup (read coalescing, like the posts' group commit): always a
 * fresh read, never a cache, so a revoked session is refused on the next request in every process.
 */
const sessionReader = perDatabase(
  (db: Db) =>
    new Batcher<string, SessionRow | undefined>(async (ids) => {
      const rows = await selectSessions(db, [...new Set(ids)]);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id));
    }),
);

/**
 * Looks a cookie token up; an idle or expired session is revoked on the spot (automatic logoff).
 * Touching last_seen_at at most once a minute keeps reads cheap.
 */
export async function resolveSession(db: Db, token: string, policy: SessionPolicy): Promise<ResolvedSession | null> {
  if (!token || token.length > 100) return null;
  const id = sha256Hex(token);
  const row = await sessionReader(db).submit(id);
  if (
    !row ||
    row.revoked_at ||
    row.disabled_at ||
    row.deactivated_at ||
    (row.suspended_until && row.suspended_until.getTime() > Date.now())
  )
    return null;
  const now = Date.now();
  if (row.expires_at.getTime() <= now || row.last_seen_at.getTime() + policy.idleMs <= now) {
    await db.updateTable('sessions').set({ revoked_at: new Date() }).where('id', '=', id).execute();
    return null;
  }
  if (now - row.last_seen_at.getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: new Date() }).where('id', '=', id).execute();
  }
  // The settings are parsed once per request here; features read the typed sections from the actor.
  const orgSettings = parseOrgSettings(row.settings);
  const required = orgSettings.require2faRoles.includes(row.role);
  return {
    sessionId: row.id,
    userId: row.user_id,
    orgId: row.org_id,
    role: row.role,
    displayName: row.display_name,
    email: row.email,
    csrfToken: row.csrf_token,
    mustEnrollTwoFactor: required && !row.totp_enabled && !row.has_passkey,
    breakGlass: Boolean(row.break_glass),
    orgSettings,
    silencedUntil: row.silenced_until,
  };
}

export async function revokeSession(db: Db, sessionId: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: new Date() }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute();
}

/** Ends every session of a user, optionally keeping the one making the request. */
export async function revokeAllSessions(db: Db, userId: string, keepSessionId?: string): Promise<number> {
  let q = db.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (keepSessionId) q = q.where('id', '!=', keepSessionId);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** A person's signed-in sessions (not revoked, not expired), newest first, with the device and network each came from. */
export async function listMySessions(db: Db, userId: string, orgId: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'ip', 'user_agent', 'created_at', 'last_seen_at'])
    .where('user_id', '=', userId)
    .where('org_id', '=', orgId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', new Date())
    .orderBy('last_seen_at', 'desc')
    .limit(100)
    .execute();
}

/** Ends one of a person's own sessions; false when it is not theirs or already ended. */
export async function revokeMySession(db: Db, userId: string, sessionId: string): Promise<boolean> {
  const r = await db
    .updateTable('sessions')
    .set({ revoked_at: new Date() })
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
