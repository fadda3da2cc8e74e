import { sql } from 'kysely';
import { isStaff, type Actor } from '../access/policy.ts';
import { captureRecord } from '../archive/archive-writer.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Db } from '../db/database.ts';
import { commitWrite, prepareWrite } from '../guard/index.ts';
import type { AppContext } from '../http/context.ts';
import { notify } from '../notify/notifications.ts';
import { AppError, badRequest, conflict, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { cleanText } from '../shared/text.ts';
import { addBusinessHours, DEFAULT_CALENDAR, type BusinessCalendar } from './business-hours.ts';
import { connectorFor, persistCredentials } from './channels.ts';
import { eachAlone } from '../shared/each-alone.ts';
import { ConnectorError } from './connectors/index.ts';
import { publisherSettings } from './posts.ts';
import { backoffMs, MAX_ATTEMPTS } from './queue.ts';
import { newTid } from './tid.ts';
import { parseOrgSettings } from '../repositories/index.ts';
import { memberIds, roleOf } from '../repositories/index.ts';

type Ctx = Pick<AppContext, 'db' | 'secrets' | 'outbound'>;

/**
 * Pulls replies, mentions, direct messages and reviews from every active channel into the inbox. Each
 * item is a record (archived as received) with a response deadline in business hours.
 */
export async function pollInbox(ctx: Ctx, only?: { channelId: string }): Promise<number> {
  let query = ctx.db
    .selectFrom('channels as c')
    .innerJoin('organizations as o', 'o.id', 'c.org_id')
    .selectAll('c')
    .select('o.settings')
    .where('c.status', '=', 'active');
  if (only) query = query.where('c.id', '=', only.channelId);
  const channels = await query.execute();
  let received = 0;
  await eachAlone(channels, async (channel) => {
    const connector = connectorFor(ctx, channel);
    let page;
    try {
      page = await connector.fetchInbox(channel.inbox_cursor);
      await persistCredentials(ctx, channel, connector);
    } catch (e) {
      if (e instanceof ConnectorError) return; // the health check deals with refused tokens
      throw e;
    }
    const settings = publisherSettings(parseOrgSettings(channel.settings));
    const calendar: BusinessCalendar = settings.calendar ?? DEFAULT_CALENDAR;
    const fresh: string[] = [];
    await ctx.db.transaction().execute(async (tx) => {
      for (const item of page.items) {
        const row = await tx
          .insertInto('inbox_items')
          .values({
            org_id: channel.org_id,
            channel_id: channel.id,
            kind: item.kind,
            remote_id: item.remoteId,
            remote_url: item.url,
            author_handle: item.authorHandle.slice(0, 200),
            author_name: item.authorName.slice(0, 200),
            body: cleanText(item.body).slice(0, 10_000),
            rating: item.rating,
            in_reply_to: item.replyRef,
            remote_created_at: item.createdAt,
            due_at: addBusinessHours(new Date(), settings.responseHours, calendar),
          })
          .onConflict((oc) => oc.columns(['channel_id', 'remote_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!row) continue;
        fresh.push(row.id);
        await captureRecord(tx, {
          orgId: channel.org_id,
          recordKind: 'inbox_item',
          recordId: row.id,
          recordClass: 'public_communication',
          event: 'create',
          version: 1,
          authorId: null,
          channel: `network:${channel.id}`,
          content: {
            kind: item.kind,
            from: item.authorHandle,
            name: item.authorName,
            body: item.body,
            rating: item.rating,
            remoteId: item.remoteId,
            url: item.url,
            at: item.createdAt.toISOString(),
          },
        });
      }
      await tx.updateTable('channels').set({ inbox_cursor: page.cursor }).where('id', '=', channel.id).execute();
      if (fresh.length) {
        await notify(tx, {
          orgId: channel.org_id,
          userIds: await memberIds(tx, channel.org_id, { roles: ['communications'] }),
          kind: 'mention',
          title: `${fresh.length} new item${fresh.length === 1 ? '' : 's'} in the inbox from ${channel.name}`,
          link: '/publisher/inbox',
        });
      }
    });
    received += fresh.length;
  });
  return received;
}

export async function listInbox(db: Db, actor: Actor, opts: { status: 'open' | 'responded' | 'closed' | 'all'; mine?: boolean }) {
  let q = db
    .selectFrom('inbox_items as i')
    .innerJoin('channels as c', 'c.id', 'i.channel_id')
    .leftJoin('users as a', 'a.id', 'i.assignee_id')
    .select([
      'i.id',
      'i.kind',
      'i.author_handle',
      'i.author_name',
      'i.body',
      'i.rating',
      'i.remote_url',
      'i.remote_created_at',
      'i.received_at',
      'i.status',
      'i.tags',
      'i.due_at',
      'i.first_response_at',
      'i.assignee_id',
      'a.display_name as assignee',
      'c.name as channel',
      'c.network',
    ])
    .where('i.org_id', '=', actor.orgId);
  if (opts.status !== 'all') q = q.where('i.status', '=', opts.status);
  if (opts.mine) q = q.where('i.assignee_id', '=', actor.userId);
  const rows = await q.orderBy('i.due_at').limit(300).execute();
  const ids = rows.map((r) => r.id);
  const responses = ids.length
    ? await db
        .selectFrom('inbox_responses as r')
        .innerJoin('users as u', 'u.id', 'r.responder_id')
        .select(['r.item_id', 'r.body', 'r.status', 'r.last_error', 'r.created_at', 'u.display_name'])
        .where('r.item_id', 'in', ids)
        .orderBy('r.created_at')
        .execute()
    : [];
  const now = Date.now();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    channel: r.channel,
    network: r.network,
    from: { handle: r.author_handle, name: r.author_name },
    body: r.body,
    rating: r.rating,
    url: r.remote_url,
    receivedAt: r.received_at.toISOString(),
    status: r.status,
    tags: r.tags,
    dueAt: r.due_at.toISOString(),
    overdue: r.status === 'open' && r.due_at.getTime() < now,
    firstResponseAt: r.first_response_at?.toISOString() ?? null,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee } : null,
    responses: responses
      .filter((x) => x.item_id === r.id)
      .map((x) => ({ body: x.body, status: x.status, error: x.last_error, by: x.display_name, at: x.created_at.toISOString() })),
  }));
}

async function loadItem(db: Db, orgId: string, id: string) {
  if (!isUuid(id)) throw notFound('Inbox item');
  const item = await db.selectFrom('inbox_items').selectAll().where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
  if (!item) throw notFound('Inbox item');
  return item;
}

/** Assign, tag or close: the triage moves, each audited. */
export async function updateItem(
  db: Db,
  actor: Actor,
  id: string,
  change: { assigneeId?: string | null; tags?: string[]; status?: 'open' | 'closed' },
) {
  const item = await loadItem(db, actor.orgId, id);
  if (change.assigneeId) {
    const role = isUuid(change.assigneeId) ? await roleOf(db, actor.orgId, change.assigneeId) : undefined;
    if (!role || !isStaff(role)) throw notFound('Staff member');
  }
  const tags = change.tags?.map((t) => cleanText(t).trim().toLowerCase().slice(0, 40)).filter(Boolean);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('inbox_items')
      .set({
        ...(change.assigneeId !== undefined ? { assignee_id: change.assigneeId } : {}),
        ...(tags ? { tags: [...new Set(tags)] } : {}),
        ...(change.status ? { status: change.status } : {}),
      })
      .where('id', '=', item.id)
      .execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'inbox.update',
      targetType: 'inbox_item',
      targetId: item.id,
      ip: actor.ip,
      detail: change,
    });
    if (change.assigneeId && change.assigneeId !== actor.userId)
      await notify(tx, {
        orgId: actor.orgId,
        userIds: [change.assigneeId],
        kind: 'mention',
        title: `${actor.displayName} assigned you an inbox item from ${item.author_name}`,
        link: '/publisher/inbox',
      });
  });
}

/**
 * A response passes the same guard as any public post (a direct message's as a direct message), then
 * waits in the send queue with its idempotency key. It counts as the first response when queued.
 */
export async function respond(db: Db, actor: Actor, id: string, input: { body: string; confirmPhi: boolean }) {
  const item = await loadItem(db, actor.orgId, id);
  if (item.status === 'closed') throw conflict('This item is closed; reopen it to respond.');
  const channel = await db
    .selectFrom('channels')
    .select(['status', 'max_length', 'name'])
    .where('id', '=', item.channel_id)
    .executeTakeFirstOrThrow();
  if (channel.status !== 'active')
    throw new AppError('channel_unavailable', `"${channel.name}" is ${channel.status}; reconnect it to respond.`);
  const body = cleanText(input.body).trim();
  if (!body) throw badRequest('Write a response.');
  if ([...body].length > channel.max_length)
    throw new AppError('too_long', `"${channel.name}" takes at most ${channel.max_length} characters.`);
  const destination = item.kind === 'dm' ? 'direct' : 'public';
  const prepared = await prepareWrite(db, { actor, kind: 'inbox_response', destination, fields: { body }, confirmed: input.confirmPhi });
  if (prepared.hold)
    throw new AppError('needs_approval', 'This response matches a watched word that needs approval; rephrase it or ask a moderator.');
  return db.transaction().execute(async (tx) => {
    const r = await tx
      .insertInto('inbox_responses')
      .values({ item_id: item.id, org_id: actor.orgId, body: prepared.fields.body, responder_id: actor.userId, idempotency_key: newTid() })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await tx
      .updateTable('inbox_items')
      .set({ status: 'responded', first_response_at: item.first_response_at ?? new Date(), assignee_id: item.assignee_id ?? actor.userId })
      .where('id', '=', item.id)
      .execute();
    await commitWrite(tx, prepared, {
      recordId: r.id,
      action: 'inbox.respond',
      archive: {
        recordClass: 'public_communication',
        event: 'create',
        version: 1,
        authorId: actor.userId,
        channel: `network:${item.channel_id}`,
        content: { inReplyTo: item.remote_id, to: item.author_handle, body: prepared.fields.body },
      },
      distribution: { destinationKind: 'network', destinationId: item.channel_id, audience: { to: item.author_handle } },
      auditDetail: { itemId: item.id, minutesToRespond: Math.round((Date.now() - item.received_at.getTime()) / 60_000) },
    });
    return r;
  });
}

/** Sends queued responses; retries with backoff like posts, never twice for one idempotency key. */
export async function runResponseQueue(ctx: Ctx, now = new Date()): Promise<number> {
  const due = await sql<{ id: string; item_id: string; body: string; idempotency_key: string; attempts: number; org_id: string }>`
    UPDATE inbox_responses SET attempts = attempts + 1, next_attempt_at = ${new Date(now.getTime() + 120_000)}
    WHERE id IN (SELECT id FROM inbox_responses WHERE status = 'queued' AND next_attempt_at <= ${now} ORDER BY next_attempt_at LIMIT 10 FOR UPDATE SKIP LOCKED)
    RETURNING id, item_id, body, idempotency_key, attempts, org_id`.execute(ctx.db);
  await eachAlone(due.rows, async (r) => {
    const item = await ctx.db.selectFrom('inbox_items').selectAll().where('id', '=', r.item_id).executeTakeFirstOrThrow();
    const channel = await ctx.db.selectFrom('channels').selectAll().where('id', '=', item.channel_id).executeTakeFirstOrThrow();
    if (channel.status !== 'active') {
      await ctx.db
        .updateTable('inbox_responses')
        .set({ attempts: r.attempts - 1, next_attempt_at: new Date(now.getTime() + 300_000), last_error: `Channel ${channel.status}` })
        .where('id', '=', r.id)
        .execute();
      return;
    }
    const connector = connectorFor(ctx, channel);
    try {
      const sent = await connector.reply(
        { remoteId: item.remote_id, replyRef: item.in_reply_to, authorHandle: item.author_handle, kind: item.kind },
        r.body,
        r.idempotency_key,
      );
      await persistCredentials(ctx, channel, connector);
      await ctx.db.transaction().execute(async (tx) => {
        await tx
          .updateTable('inbox_responses')
          .set({ status: 'sent', remote_id: sent.remoteId, sent_at: new Date(), last_error: null })
          .where('id', '=', r.id)
          .execute();
        await recordAudit(tx, {
          orgId: r.org_id,
          actorId: null,
          action: 'inbox.response_sent',
          targetType: 'inbox_item',
          targetId: item.id,
          ip: null,
          detail: { remoteId: sent.remoteId },
        });
      });
    } catch (e) {
      if (!(e instanceof ConnectorError)) throw e;
      const giveUp = !e.retryable || r.attempts >= MAX_ATTEMPTS;
      await ctx.db
        .updateTable('inbox_responses')
        .set(
          giveUp
            ? { status: 'failed', last_error: e.forAuthor }
            : { last_error: e.forAuthor, next_attempt_at: new Date(now.getTime() + backoffMs(r.attempts, e.retryAfterMs)) },
        )
        .where('id', '=', r.id)
        .execute();
      if (giveUp) await ctx.db.updateTable('inbox_items').set({ status: 'open' }).where('id', '=', item.id).execute();
    }
  });
  return due.rows.length;
}

/** Items past their response deadline: the assignee (or the communications team) is alerted once. */
export async function alertSlaBreaches(db: Db, now = new Date()): Promise<number> {
  const late = await db
    .selectFrom('inbox_items as i')
    .innerJoin('channels as c', 'c.id', 'i.channel_id')
    .select(['i.id', 'i.org_id', 'i.assignee_id', 'i.author_name', 'c.name as channel'])
    .where('i.status', '=', 'open')
    .where('i.due_at', '<', now)
    .where('i.breach_alerted_at', 'is', null)
    .execute();
  for (const item of late) {
    await db.transaction().execute(async (tx) => {
      const claimed = await tx
        .updateTable('inbox_items')
        .set({ breach_alerted_at: now })
        .where('id', '=', item.id)
        .where('breach_alerted_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      if (!claimed) return;
      const team = item.assignee_id ? [item.assignee_id] : await memberIds(tx, item.org_id, { roles: ['communications'] });
      await notify(tx, {
        orgId: item.org_id,
        userIds: team,
        kind: 'mention',
        title: `Response time target missed: ${item.author_name} on ${item.channel} is still waiting`,
        link: '/publisher/inbox',
        email: true,
      });
      await recordAudit(tx, {
        orgId: item.org_id,
        actorId: null,
        action: 'inbox.sla_breach',
        targetType: 'inbox_item',
        targetId: item.id,
        ip: null,
      });
    });
  }
  return late.length;
}

/** A reply template: it goes out in public replies, so it passes the pipeline like a public post. */
export async function addTemplate(db: Db, actor: Actor, input: { name: string; body: string }) {
  const prepared = await prepareWrite(db, {
    actor,
    kind: 'response_template',
    destination: 'public',
    fields: { name: input.name.trim(), body: input.body.trim() },
    confirmed: true,
  });
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('response_templates')
      .values({ org_id: actor.orgId, name: prepared.fields.name, body: prepared.fields.body, created_by: actor.userId })
      .onConflict((oc) => oc.doNothing())
      .returning(['id', 'name', 'body'])
      .executeTakeFirst();
    if (!row) throw conflict('A template with that name exists.');
    await commitWrite(tx, prepared, {
      recordId: row.id,
      action: 'inbox.template_add',
      archive: {
        recordClass: 'public_communication',
        event: 'create',
        version: 1,
        authorId: actor.userId,
        channel: 'publisher:templates',
        content: { name: row.name, body: row.body },
      },
    });
    return row;
  });
}
