import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { queueMail } from './mailer.ts';
import { queuePushes } from './web-push.ts';
import { digestDue, holdsNotifications } from './quiet-hours.ts';
import { notificationRecipients } from '../repositories/index.ts';

export const EVENTS_CHANNEL = 'harborline_events';

export interface Notice {
  orgId: string;
  userIds: string[];
  kind: 'message' | 'answer' | 'review_reply' | 'mention' | 'consent_revoked' | 'moderation' | 'screening' | 'goal' | 'event';
  /** Shown in the app; says who and what kind, never the content. */
  title: string;
  link: string;
  /** Mail says only that something is waiting: content never leaves the product by email. */
  email?: boolean;
}

/**
 * In-app notifications, queued mail and a NOTIFY for live updates, all in the caller's transaction:
 * PostgreSQL delivers the NOTIFY only if the change commits, to every server process listening.
 */
export async function notify(tx: Tx | Db, n: Notice): Promise<void> {
  const userIds = [...new Set(n.userIds)];
  if (userIds.length === 0) return;
  const now = new Date();
  const users = await notificationRecipients(tx, userIds);
  // Quiet hours and batching: the notice is stored, but neither pushed live nor mailed until the digest.
  const held = new Set(users.filter((u) => holdsNotifications(u.notification_prefs, now)).map((u) => u.id));
  await tx
    .insertInto('notifications')
    .values(
      userIds.map((user_id) => ({
        org_id: n.orgId,
        user_id,
        kind: n.kind,
        title: n.title,
        link: n.link,
        email_pending: Boolean(n.email) && held.has(user_id),
      })),
    )
    .execute();
  if (n.email) {
    for (const u of users.filter((x) => !held.has(x.id))) {
      await queueMail(tx, {
        orgId: n.orgId,
        to: u.email,
        subject: 'You have something new in Harborline',
        body: `${n.title}.\n\nSign in to Harborline to read it. For your privacy, this email does not include the content.`,
      });
    }
  }
  const live = userIds.filter((id) => !held.has(id));
  if (live.length === 0) return;
  // Devices with notifications on get the same title (never content); held notices are not pushed.
  await queuePushes(tx, live, { title: n.title, link: n.link });
  const payload = JSON.stringify({ userIds: live, kind: n.kind, title: n.title, link: n.link });
  await sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${payload})`.execute(tx);
}

/** Mails one digest per user whose held notices are due (quiet hours over, batch interval passed). */
export async function sendDigests(db: Db, now = new Date()): Promise<number> {
  const pending = await db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .select([
      'n.user_id',
      'n.org_id',
      'u.email',
      'u.notification_prefs',
      sql<Date>`min(n.created_at)`.as('oldest'),
      sql<number>`count(*)::int`.as('count'),
      sql<string[]>`array_agg(n.title ORDER BY n.created_at)`.as('titles'),
    ])
    .where('n.email_pending', '=', true)
    .groupBy(['n.user_id', 'n.org_id', 'u.email', 'u.notification_prefs'])
    .execute();
  let sent = 0;
  for (const p of pending) {
    if (!digestDue(p.notification_prefs, new Date(p.oldest), now)) continue;
    await db.transaction().execute(async (tx) => {
      const cleared = await tx
        .updateTable('notifications')
        .set({ email_pending: false })
        .where('user_id', '=', p.user_id)
        .where('org_id', '=', p.org_id)
        .where('email_pending', '=', true)
        .returning('id')
        .execute();
      if (!cleared.length) return; // another process sent it
      const lines = p.titles.slice(0, 20).map((t) => `- ${t}`);
      if (p.titles.length > 20) lines.push(`- and ${p.titles.length - 20} more`);
      await queueMail(tx, {
        orgId: p.org_id,
        to: p.email,
        subject: `Harborline: ${p.count} new notification${p.count === 1 ? '' : 's'}`,
        body: `While your notifications were paused:\n\n${lines.join('\n')}\n\nSign in to Harborline to read them. For your privacy, this email does not include the content.`,
      });
      sent++;
    });
  }
  return sent;
}
