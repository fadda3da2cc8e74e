import { randomUUID } from 'node:crypto';
import type { Actor } from '../access/policy.ts';
import { recordAudit, recordAuditNow } from '../audit/audit-log.ts';
import type { Db } from '../db/database.ts';
import type { ChannelsTable, Network } from '../db/schema.ts';
import type { AppContext } from '../http/context.ts';
import { notify } from '../notify/notifications.ts';
import { raiseAlert } from '../security/alerts.ts';
import { checkDestination, OutboundRefusedError } from '../outbound/index.ts';
import { eachAlone } from '../shared/each-alone.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import type { Selectable } from 'kysely';
import { ConnectorError, createConnector, type ChannelCredentials, type Connector } from './connectors/index.ts';
import { basicAuth } from './connectors/oauth.ts';
import { memberIds } from '../repositories/index.ts';
import { rolesThatCan } from '../access/policy.ts';

export type ChannelRow = Selectable<ChannelsTable>;
type Ctx = Pick<AppContext, 'db' | 'secrets' | 'outbound'>;

/** Connector timeouts for background jobs; tests shorten them. */
export const connectorOptions = { timeoutMs: 10_000 };

/** A connector for a stored channel, with its credentials unsealed (bound to the channel id). */
export function connectorFor(ctx: Ctx, channel: ChannelRow): Connector {
  const creds = JSON.parse(ctx.secrets.open(channel.credentials, channel.id)) as ChannelCredentials;
  return createConnector(channel.network, channel.base_url, creds, { ...connectorOptions, fetch: ctx.outbound, db: ctx.db });
}

/** Where the built-in sandbox "is": it has no server; its timeline is a page of the product. */
const SANDBOX_URL = 'sandbox://harborline/';

/** Seals credentials again when the connector refreshed them (new session tokens); answers the row as stored now. */
export async function persistCredentials(ctx: Ctx, channel: ChannelRow, connector: Connector): Promise<ChannelRow> {
  const now = JSON.stringify(connector.credentials());
  if (now === ctx.secrets.open(channel.credentials, channel.id)) return channel;
  const credentials = ctx.secrets.seal(now, channel.id);
  await ctx.db.updateTable('channels').set({ credentials }).where('id', '=', channel.id).execute();
  return { ...channel, credentials };
}

export const presentChannel = (c: ChannelRow) => ({
  id: c.id,
  network: c.network,
  name: c.name,
  baseUrl: c.base_url,
  handle: c.handle,
  maxLength: c.max_length,
  canPost: c.can_post,
  status: c.status,
  statusReason: c.status_reason,
  lastCheckedAt: c.last_checked_at?.toISOString() ?? null,
  /** Set when whoever connected it was deactivated: someone should take it over. */
  ownerDepartedAt: c.owner_departed_at?.toISOString() ?? null,
});

/** Someone on the team takes over a channel whose connector left (it is theirs to look after now). */
export async function takeOverChannel(db: Db, actor: Actor, id: string) {
  const channel = await loadChannel(db, actor.orgId, id);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('channels').set({ created_by: actor.userId, owner_departed_at: null }).where('id', '=', channel.id).execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'channel.taken_over',
      targetType: 'channel',
      targetId: channel.id,
      ip: actor.ip,
      detail: { from: channel.created_by },
    });
  });
}

/** Connects a network account: the credentials are tried first, then sealed; the API never returns them. */
export async function connectChannel(
  ctx: Ctx & Pick<AppContext, 'config'>,
  actor: Actor,
  input: { network: Network; name: string; baseUrl?: string; credentials: ChannelCredentials },
) {
  const id = randomUUID();
  let url: URL;
  let credentials = input.credentials;
  if (input.network === 'sandbox') {
    if (!ctx.config.publisherSandbox)
      throw new AppError('channel_unavailable', 'The sandbox network is switched off on this server (PUBLISHER_SANDBOX=off).');
    url = new URL(SANDBOX_URL);
    const handle =
      input.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'sandbox';
    credentials = { channelId: id, orgId: actor.orgId, handle };
  } else {
    if (!input.baseUrl) throw new AppError('bad_request', `A ${input.network} channel needs the address of its server (baseUrl).`);
    try {
      url = await checkDestination(input.baseUrl, ctx.config.outbound);
    } catch (e) {
      if (e instanceof OutboundRefusedError) throw new AppError('bad_request', `The server address cannot be used: ${e.message}.`);
      throw e;
    }
  }
  const connector = createConnector(input.network, url.toString(), credentials, { ...connectorOptions, fetch: ctx.outbound, db: ctx.db });
  let account;
  let limits;
  try {
    account = await connector.verify();
    limits = await connector.limits();
  } catch (e) {
    if (e instanceof ConnectorError)
      throw new AppError('channel_unreachable', `The network did not accept these credentials (${e.message}).`);
    throw e;
  }
  const row = await ctx.db.transaction().execute(async (tx) => {
    const r = await tx
      .insertInto('channels')
      .values({
        id,
        org_id: actor.orgId,
        network: input.network,
        name: input.name.trim(),
        base_url: url.toString(),
        account_id: account.accountId,
        handle: account.handle,
        max_length: limits.maxLength,
        can_post: limits.canPost,
        credentials: ctx.secrets.seal(JSON.stringify(connector.credentials()), id),
        created_by: actor.userId,
        last_checked_at: new Date(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'channel.connect',
      targetType: 'channel',
      targetId: id,
      ip: actor.ip,
      detail: { network: input.network, handle: account.handle },
    });
    return r;
  });
  return presentChannel(row);
}

export async function listChannels(db: Db, actor: Actor) {
  const rows = await db.selectFrom('channels').selectAll().where('org_id', '=', actor.orgId).orderBy('name').execute();
  return rows.map(presentChannel);
}

export async function loadChannel(db: Db, orgId: string, id: string): Promise<ChannelRow> {
  if (!isUuid(id)) throw notFound('Channel');
  const c = await db.selectFrom('channels').selectAll().where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
  if (!c) throw notFound('Channel');
  return c;
}

/** Pauses a channel by hand (nothing is sent while paused) or resumes it after checking it again. */
export async function setChannelActive(ctx: Ctx, actor: Actor, id: string, active: boolean) {
  const channel = await loadChannel(ctx.db, actor.orgId, id);
  if (active) {
    const problem = await checkChannel(ctx, channel, { resume: true });
    if (problem) throw new AppError('channel_unreachable', problem);
  } else {
    await ctx.db
      .updateTable('channels')
      .set({ status: 'paused', status_reason: `Paused by ${actor.displayName}` })
      .where('id', '=', channel.id)
      .execute();
  }
  await recordAuditNow(ctx.db, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: active ? 'channel.resume' : 'channel.pause',
    targetType: 'channel',
    targetId: channel.id,
    ip: actor.ip,
  });
}

/**
 * Token health: a refused token marks the channel revoked; a token that now belongs to another account
 * pauses it (a hijacked or swapped connection must not keep publishing). Admins are alerted either way.
 * Returns the problem, or null when healthy.
 */
export async function checkChannel(ctx: Ctx, channel: ChannelRow, opts: { resume?: boolean } = {}): Promise<string | null> {
  const connector = connectorFor(ctx, channel);
  let problem: { status: 'revoked' | 'paused'; reason: string; alert: 'channel_revoked' | 'channel_account_changed' } | null = null;
  try {
    const me = await connector.verify();
    if (me.accountId !== channel.account_id)
      problem = {
        status: 'paused',
        reason: `The token now belongs to another account (${me.handle}, was ${channel.handle})`,
        alert: 'channel_account_changed',
      };
    await persistCredentials(ctx, channel, connector);
  } catch (e) {
    if (e instanceof ConnectorError && e.kind === 'unauthorized')
      problem = { status: 'revoked', reason: `The network refused the connection: ${e.message}`, alert: 'channel_revoked' };
    else if (e instanceof ConnectorError) {
      await ctx.db.updateTable('channels').set({ last_checked_at: new Date() }).where('id', '=', channel.id).execute();
      return `The network could not be reached: ${e.message}`; // transient: status unchanged
    } else throw e;
  }
  if (!problem) {
    await ctx.db
      .updateTable('channels')
      .set({
        last_checked_at: new Date(),
        ...(opts.resume || channel.status === 'active' ? { status: 'active', status_reason: null } : {}),
      })
      .where('id', '=', channel.id)
      .execute();
    return null;
  }
  if (channel.status !== problem.status || channel.status_reason !== problem.reason) {
    await ctx.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('channels')
        .set({ status: problem.status, status_reason: problem.reason, last_checked_at: new Date() })
        .where('id', '=', channel.id)
        .execute();
      await raiseAlert(tx, {
        orgId: channel.org_id,
        userId: null,
        kind: problem.alert,
        detail: { channelId: channel.id, channel: channel.name, network: channel.network },
      });
      await notify(tx, {
        orgId: channel.org_id,
        userIds: await memberIds(tx, channel.org_id, { roles: rolesThatCan('publisher.channels') }),
        kind: 'moderation',
        title: `Channel "${channel.name}" ${problem.status === 'revoked' ? 'was disconnected by the network' : 'is paused: its account changed'}`,
        link: '/publisher/channels',
        email: true,
      });
      await recordAudit(tx, {
        orgId: channel.org_id,
        actorId: null,
        action: `channel.${problem.alert}`,
        targetType: 'channel',
        targetId: channel.id,
        ip: null,
        detail: { reason: problem.reason },
      });
    });
  }
  return problem.reason;
}

export async function checkAllChannels(ctx: Ctx, only?: { channelId: string }) {
  let query = ctx.db.selectFrom('channels').selectAll().where('status', '=', 'active');
  if (only) query = query.where('id', '=', only.channelId);
  const channels = await query.execute();
  let problems = 0;
  await eachAlone(channels, async (c) => {
    if (await checkChannel(ctx, c)) problems++;
  });
  return problems;
}

/**
 * Disconnects a channel: where the network takes revocations (RFC 7009) its tokens are revoked there,
 * and here they are erased; the channel stays listed as revoked with who disconnected it (its posts and
 * inbox remain records).
 */
export async function disconnectChannel(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  const channel = await loadChannel(ctx.db, actor.orgId, id);
  const creds = JSON.parse(ctx.secrets.open(channel.credentials, channel.id)) as ChannelCredentials;
  let revokedThere = false;
  if (creds.revokeUrl && creds.clientId) {
    for (const [token, hint] of [
      [creds.refreshToken, 'refresh_token'],
      [creds.accessToken, 'access_token'],
    ] as const) {
      if (!token) continue;
      const form = new URLSearchParams({ token, token_type_hint: hint, client_id: creds.clientId });
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      if (channel.network === 'x' && creds.clientSecret) headers.authorization = basicAuth(creds.clientId, creds.clientSecret);
      else if (creds.clientSecret) form.set('client_secret', creds.clientSecret);
      try {
        const res = await ctx.outbound(creds.revokeUrl, {
          method: 'POST',
          headers,
          body: form.toString(),
          timeoutMs: connectorOptions.timeoutMs,
        });
        await res.arrayBuffer();
        revokedThere ||= res.ok;
      } catch {
        // The network is away: the tokens are erased here all the same.
      }
    }
  }
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('channels')
      .set({ status: 'revoked', status_reason: `Disconnected by ${actor.displayName}`, credentials: ctx.secrets.seal('{}', channel.id) })
      .where('id', '=', channel.id)
      .execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'channel.disconnect',
      targetType: 'channel',
      targetId: channel.id,
      ip: actor.ip,
      detail: { network: channel.network, channel: channel.name, revokedAtNetwork: revokedThere },
    });
  });
}
