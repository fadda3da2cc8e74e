import nodemailer, { type Transporter } from 'nodemailer';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';

export interface Mail {
  orgId: string | null;
  to: string;
  subject: string;
  /** Plain text. Never patient content: mail leaves the organization's systems. */
  body: string;
}

/**
 * Mail goes through an outbox table first (same transaction as the change that caused it), so nothing
 * is lost across restarts and any server process can deliver it. Once a mail is sent (or given up on)
 * its body is cleared: bodies can hold reset and invitation links, which must not stay on disk.
 */
export async function queueMail(db: Db | Tx, mail: Mail): Promise<void> {
  await db.insertInto('mail_outbox').values({ org_id: mail.orgId, to_address: mail.to, subject: mail.subject, body: mail.body }).execute();
}

const transports = new Map<string, Transporter>();
function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    const secure = url.startsWith('smtps://');
    t = nodemailer.createTransport(url, {
      secure,
      ignoreTLS: !secure,
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: 10_000,
    } as never);
    transports.set(url, t);
  }
  return t;
}

const MAX_ATTEMPTS = 5;

/** Sends queued mail; rows another process is sending are skipped (SKIP LOCKED). Returns how many were sent. */
export async function deliverOutbox(
  db: Db,
  smtpUrl: string | undefined,
  from = 'Harborline <no-reply@harborline.local>',
  batch = 20,
): Promise<number> {
  if (!smtpUrl) return 0;
  const transport = transportFor(smtpUrl);
  let sent = 0;
  await db.transaction().execute(async (tx) => {
    const rows = await sql<{ id: string; to_address: string; subject: string; body: string; attempts: number }>`
      SELECT id, to_address, subject, body, attempts FROM mail_outbox
      WHERE status = 'queued' ORDER BY id LIMIT ${batch} FOR UPDATE SKIP LOCKED`.execute(tx);
    for (const m of rows.rows) {
      try {
        await transport.sendMail({ from, to: m.to_address, subject: m.subject, text: m.body });
        await tx
          .updateTable('mail_outbox')
          .set({ status: 'sent', sent_at: new Date(), attempts: m.attempts + 1, body: '' })
          .where('id', '=', m.id as never)
          .execute();
        sent++;
      } catch (err) {
        const attempts = m.attempts + 1;
        await tx
          .updateTable('mail_outbox')
          .set({
            attempts,
            status: attempts >= MAX_ATTEMPTS ? 'failed' : 'queued',
            last_error: err instanceof Error ? ((err as { code?: string }).code ?? err.name) : 'send failed',
            ...(attempts >= MAX_ATTEMPTS ? { body: '' } : {}),
          })
          .where('id', '=', m.id as never)
          .execute();
      }
    }
  });
  return sent;
}
