import type { Db, Tx } from '../db/database.ts';

export type AlertKind =
  | 'account_locked'
  | 'new_device'
  | 'distant_networks'
  | 'many_failed_logins'
  | 'admin_granted'
  | 'break_glass'
  | 'two_factor_changed'
  | 'password_changed'
  | 'channel_revoked'
  | 'channel_account_changed'
  | 'takedown_failed'
  | 'channel_owner_departed'
  | 'storage_full';

/** Raises an alert for the user it concerns; admins and compliance officers see every alert of the organization. */
export async function raiseAlert(
  db: Db | Tx,
  alert: { orgId: string; userId: string | null; kind: AlertKind; detail?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('security_alerts')
    .values({ org_id: alert.orgId, user_id: alert.userId, kind: alert.kind, detail: JSON.stringify(alert.detail ?? {}) })
    .execute();
}
