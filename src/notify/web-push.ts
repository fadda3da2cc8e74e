import { sql } from 'kysely';
import webPush from 'web-push';
import type { Db, Tx } from '../db/database.ts';
import type { AppContext } from '../http/context.ts';
import { checkDestination, OutboundRefusedError } from '../outbound/index.ts';
import { badRequest } from '../shared/errors.ts';

/**
 * Web Push (RFC 8030, with VAPID, RFC 8292, and aes128gcm payloads, RFC 8291). A notice reaches each device
 * the person turned notifications on for, with the same content-free title as the in-app notice; quiet
 * hours hold it like everything else (only live notices are pushed). The payload is encrypted for the
 * device by web-push; the request goes out through the one guarded fetch.
 */

const MAX_ATTEMPTS = 5;
const TTL_SECONDS = 6 * 3600;

/** The server's VAPID key pair: made once, the private key sealed at rest. */
async function vapidKeys(ctx: Pick<AppContext, 'db' | 'secrets'>): Promise<{ publicKey: string; privateKey: string }> {
  let row = await ctx.db.selectFrom('push_keys').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!row) {
    const keys = webPush.generateVAPIDKeys();
    await ctx.db
      .insertInto('push_keys')
      .values({ id: 1, public_key: keys.publicKey, private_key_sealed: ctx.secrets.seal(keys.privateKey, 'vapid') })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    row = await ctx.db.selectFrom('push_keys').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  }
  return { publicKey: row.public_key, privateKey: ctx.secrets.open(row.private_key_sealed, 'vapid') };
}

export async function vapidPublicKey(ctx: Pick<AppContext, 'db' | 'secrets'>): Promise<string> {
  return (await vapidKeys(ctx)).publicKey;
}

const base64url = /^[A-Za-z0-9_-]+={0,2}$/;

/** Stores a device's subscription (its endpoint must be a push service the server may reach). */
export async function subscribe(
  ctx: Pick<AppContext, 'db' | 'config'>,
  who: { userId: string; orgId: string },
  sub: { endpoint: string; keys: { p256dh: string; auth: string } },
): Promise<void> {
  try {
    await checkDestination(sub.endpoint, ctx.config.outbound);
  } catch (e) {
    if (e instanceof OutboundRefusedError) throw badRequest(`endpoint: ${e.message}.`);
    throw e;
  }
  if (!base64url.test(sub.keys.p256dh) || !base64url.test(sub.keys.auth)) throw badRequest('keys: must be base64url.');
  await ctx.db
    .insertInto('push_subscriptions')
    .values({ org_id: who.orgId, user_id: who.userId, endpoint: sub.endpoint, p256dh: sub.keys.p256dh, auth: sub.keys.auth })
    // The same device signing in as someone else takes its subscription with it.
    .onConflict((oc) =>
      oc.column('endpoint').doUpdateSet({ org_id: who.orgId, user_id: who.userId, p256dh: sub.keys.p256dh, auth: sub.keys.auth }),
    )
    .execute();
}

export async function unsubscribe(db: Db, userId: string, endpoint: string): Promise<boolean> {
  const r = await db.deleteFrom('push_subscriptions').where('user_id', '=', userId).where('endpoint', '=', endpoint).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function hasSubscriptions(db: Db, userId: string): Promise<number> {
  const r = await db
    .selectFrom('push_subscriptions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Queues a push to every device of these people, in the notice's own transaction (nothing is pushed if it rolls back). */
export async function queuePushes(tx: Tx | Db, userIds: readonly string[], notice: { title: string; link: string }): Promise<void> {
  if (userIds.length === 0) return;
  await sql`
    INSERT INTO push_outbox (subscription_id, title, link)
    SELECT id, ${notice.title}, ${notice.link} FROM push_subscriptions WHERE user_id = ANY(${sql.val([...userIds])}::uuid[])`.execute(tx);
}

/**
 * Sends queued pushes; rows another process is sending are skipped (SKIP LOCKED). A subscription the push
 * service says is gone (404, 410) is removed; other failures are tried again, at most five times.
 */
export async function deliverPushes(ctx: Pick<AppContext, 'db' | 'secrets' | 'outbound' | 'config'>, batch = 50): Promise<number> {
  const pending = await ctx.db.selectFrom('push_outbox').select('id').limit(1).executeTakeFirst();
  if (!pending) return 0;
  const { publicKey, privateKey } = await vapidKeys(ctx);
  const subject = ctx.config.publicUrl ?? 'mailto:no-reply@harborline.local';
  let sent = 0;
  await ctx.db.transaction().execute(async (tx) => {
    const rows = await sql<{
      id: string;
      title: string;
      link: string;
      attempts: number;
      sub_id: string;
      endpoint: string;
      p256dh: string;
      auth: string;
      locale: string | null;
    }>`
      SELECT o.id, o.title, o.link, o.attempts, s.id AS sub_id, s.endpoint, s.p256dh, s.auth, u.locale
      FROM push_outbox o JOIN push_subscriptions s ON s.id = o.subscription_id JOIN users u ON u.id = s.user_id
      ORDER BY o.id LIMIT ${batch} FOR UPDATE OF o SKIP LOCKED`.execute(tx);
    for (const r of rows.rows) {
      const details = webPush.generateRequestDetails(
        { endpoint: r.endpoint, keys: { p256dh: r.p256dh, auth: r.auth } },
        // The account's language lets the device's service worker word the notice in it.
        JSON.stringify(r.locale ? { title: r.title, link: r.link, locale: r.locale } : { title: r.title, link: r.link }),
        { vapidDetails: { subject, publicKey, privateKey }, TTL: TTL_SECONDS, contentEncoding: 'aes128gcm', urgency: 'normal' },
      );
      let status = 0;
      try {
        const res = await ctx.outbound(details.endpoint, {
          method: details.method,
          headers: details.headers as Record<string, string>,
          body: details.body ? new Uint8Array(details.body) : undefined,
          timeoutMs: 10_000,
        });
        status = res.status;
        await res.arrayBuffer();
      } catch {
        status = 0;
      }
      if (status >= 200 && status < 300) {
        await tx.deleteFrom('push_outbox').where('id', '=', r.id).execute();
        await tx.updateTable('push_subscriptions').set({ last_sent_at: new Date() }).where('id', '=', r.sub_id).execute();
        sent++;
      } else if (status === 404 || status === 410) {
        await tx.deleteFrom('push_subscriptions').where('id', '=', r.sub_id).execute();
      } else if (r.attempts + 1 >= MAX_ATTEMPTS) {
        await tx.deleteFrom('push_outbox').where('id', '=', r.id).execute();
      } else {
        await tx
          .updateTable('push_outbox')
          .set({ attempts: r.attempts + 1 })
          .where('id', '=', r.id)
          .execute();
      }
    }
  });
  return sent;
}
