import type { Db, NotificationPrefs, Tx } from '../db/index.ts';

/**
 * What features other than accounts and security ask of `users` (those two own sign-in, passwords and
 * factors): who receives a notice, and each person's notification preferences.
 */
export async function notificationRecipients(db: Db | Tx, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('users')
    .select(['id', 'email', 'notification_prefs'])
    .where('id', 'in', [...userIds])
    .execute();
}

export async function notificationPrefsOf(db: Db | Tx, userId: string): Promise<NotificationPrefs> {
  return (await db.selectFrom('users').select('notification_prefs').where('id', '=', userId).executeTakeFirstOrThrow()).notification_prefs;
}

export async function setNotificationPrefs(db: Db | Tx, userId: string, prefs: NotificationPrefs): Promise<void> {
  await db
    .updateTable('users')
    .set({ notification_prefs: JSON.stringify(prefs) as unknown as NotificationPrefs })
    .where('id', '=', userId)
    .execute();
}

/** Display names by user id, for screens that would otherwise show ids. */
export async function displayNames(db: Db | Tx, userIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
