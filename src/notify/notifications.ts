import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { queueMail } from './mailer.ts';

export const EVENTS_CHANNEL = 'harborline_events';

export interface Notice {
  orgId: string;
  userIds: string[];
  kind: 'message' | 'answer' | 'review_reply' | 'mention' | 'consent_revoked' | 'moderation';
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
  await tx.insertInto('notifications').values(userIds.map((user_id) => ({ org_id: n.orgId, user_id, kind: n.kind, title: n.title, link: n.link }))).execute();
  if (n.email) {
    const users = await tx.selectFrom('users').select('email').where('id', 'in', userIds).execute();
    for (const u of users) {
      await queueMail(tx, { orgId: n.orgId, to: u.email, subject: 'You have something new in Harborline', body: `${n.title}.\n\nSign in to Harborline to read it. For your privacy, this email does not include the content.` });
    }
  }
  const payload = JSON.stringify({ userIds, kind: n.kind, title: n.title, link: n.link });
  await sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${payload})`.execute(tx);
}
