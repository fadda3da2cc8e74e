import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor } from '../access/policy.ts';
import { startSession, type ClientInfo, type SessionOutcome } from '../accounts/index.ts';
import { recordAudit, recordAuditNow } from '../audit/audit-log.ts';
import type { Role } from '../db/schema.ts';
import type { AppContext } from '../http/context.ts';
import { hashPassword } from '../security/passwords.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { authorizationRequest, completeAuthorization, providerConfiguration } from './oidc.ts';
import { groupsOf, roleFromGroups } from './roles.ts';

const FLOW_MS = 10 * 60_000;
const secretAad = (orgId: string) => `sso:${orgId}`;
const sha256 = (v: string) => createHash('sha256').update(v).digest();

export interface OidcSettingsInput {
  issuer: string;
  clientId: string;
  /** Omitted: keep the one stored. */
  clientSecret?: string;
  groupsClaim: string;
  roleMap: Record<string, Role>;
  defaultRole: Role | null;
  requireForStaff: boolean;
}

async function providerOf(ctx: Pick<AppContext, 'db' | 'secrets'>, orgId: string) {
  const row = await ctx.db.selectFrom('identity_providers').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  if (!row) return null;
  return {
    row,
    provider: { issuer: row.issuer, clientId: row.client_id, clientSecret: ctx.secrets.open(row.client_secret, secretAad(orgId)) },
  };
}

/** The organization's provider as its administrators see it (never the secret). */
export async function ssoSettings(ctx: AppContext, orgId: string) {
  const row = await ctx.db.selectFrom('identity_providers').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  return row
    ? {
        issuer: row.issuer,
        clientId: row.client_id,
        groupsClaim: row.groups_claim,
        roleMap: row.role_map,
        defaultRole: row.default_role,
        requireForStaff: row.require_for_staff,
        updatedAt: row.updated_at.toISOString(),
      }
    : null;
}

/** Saves the provider after trying its discovery document (a wrong issuer is refused, not stored). Audited. */
export async function saveOidcSettings(ctx: AppContext, actor: Actor, input: OidcSettingsInput): Promise<void> {
  const existing = await providerOf(ctx, actor.orgId);
  const clientSecret = input.clientSecret ?? existing?.provider.clientSecret;
  if (!clientSecret) throw new AppError('bad_request', 'The client secret is required the first time.');
  await providerConfiguration({ issuer: input.issuer, clientId: input.clientId, clientSecret }, ctx.outbound);
  const values = {
    issuer: input.issuer,
    client_id: input.clientId,
    client_secret: ctx.secrets.seal(clientSecret, secretAad(actor.orgId)),
    groups_claim: input.groupsClaim,
    role_map: JSON.stringify(input.roleMap),
    default_role: input.defaultRole,
    require_for_staff: input.requireForStaff,
    updated_by: actor.userId,
    updated_at: new Date(),
  };
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('identity_providers')
      .values({ org_id: actor.orgId, ...values })
      .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
      .execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: existing ? 'sso.updated' : 'sso.connected',
      targetType: 'identity_provider',
      ip: actor.ip,
      detail: { issuer: input.issuer, groups: Object.keys(input.roleMap).length, requireForStaff: input.requireForStaff },
    });
  });
}

export async function removeOidcSettings(ctx: AppContext, actor: Actor): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const res = await tx.deleteFrom('identity_providers').where('org_id', '=', actor.orgId).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw notFound('Identity provider');
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'sso.removed',
      targetType: 'identity_provider',
      ip: actor.ip,
    });
  });
}

/**
 * Step one: where to send the browser (the provider, with PKCE, state and nonce), and a value for a cookie
 * in this browser that the return must bring back (a flow started elsewhere cannot be finished here).
 */
export async function startSso(ctx: AppContext, orgSlug: string, redirectUri: string) {
  const org = await ctx.db.selectFrom('organizations').select('id').where('slug', '=', orgSlug).executeTakeFirst();
  const found = org && (await providerOf(ctx, org.id));
  if (!org || !found) throw notFound('Single sign-on for this organization');
  const request = await authorizationRequest(await providerConfiguration(found.provider, ctx.outbound), redirectUri);
  const browser = randomBytes(24).toString('base64url');
  await ctx.db.deleteFrom('sso_flows').where('expires_at', '<', new Date()).execute();
  await ctx.db
    .insertInto('sso_flows')
    .values({
      state: request.state,
      org_id: org.id,
      code_verifier: request.codeVerifier,
      nonce: request.nonce,
      browser_hash: sha256(browser).toString('hex'),
      expires_at: new Date(Date.now() + FLOW_MS),
    })
    .execute();
  return { url: request.url, browser };
}

/**
 * Step two, when the provider sends the browser back: the flow is taken (once), the ID token checked, the
 * person's role read from their groups; a first sign-in creates the account (just in time). Failures are
 * audited by reason, never with the token or the person's details.
 */
export async function finishSso(
  ctx: AppContext,
  callbackUrl: URL,
  browser: string | undefined,
  client: ClientInfo,
): Promise<SessionOutcome> {
  const state = callbackUrl.searchParams.get('state') ?? '';
  const flow = state ? await ctx.db.deleteFrom('sso_flows').where('state', '=', state).returningAll().executeTakeFirst() : undefined;
  const fail = async (
    reason: string,
    orgId: string | null,
    error = new AppError('sso_failed', 'Single sign-on did not complete. Start again from the sign-in page.'),
  ) => {
    await recordAuditNow(ctx.db, { orgId, actorId: null, action: 'auth.sso_failed', ip: client.ip, detail: { reason } });
    return error;
  };
  if (!flow) throw await fail('unknown_or_used_state', null);
  if (flow.expires_at.getTime() < Date.now()) throw await fail('expired', flow.org_id);
  if (!browser || !timingSafeEqual(sha256(browser), Buffer.from(flow.browser_hash, 'hex'))) throw await fail('other_browser', flow.org_id);
  const found = await providerOf(ctx, flow.org_id);
  if (!found) throw await fail('provider_removed', flow.org_id);
  const config = await providerConfiguration(found.provider, ctx.outbound);
  let person;
  try {
    person = await completeAuthorization(config, callbackUrl, { codeVerifier: flow.code_verifier, state: flow.state, nonce: flow.nonce });
  } catch {
    throw await fail('token_refused', flow.org_id);
  }
  const groups = groupsOf(person.claims[found.row.groups_claim]);
  const role = roleFromGroups(groups, found.row.role_map, found.row.default_role);
  if (!role)
    throw await fail(
      'no_role',
      flow.org_id,
      new AppError('forbidden', 'Your account is not in a group your organization allows into Harborline. Ask your administrator.'),
    );
  const userId = await memberFor(
    ctx,
    flow.org_id,
    person,
    role,
    groups.some((g) => found.row.role_map[g]),
  );
  return startSession(ctx, userId, flow.org_id, client, 'sso');
}

/** The account for this person (by email), created on first sign-in; their role follows their groups. */
async function memberFor(
  ctx: AppContext,
  orgId: string,
  person: { email: string; name: string },
  role: Role,
  /** The role came from the person's groups (not the organization's default). */
  fromGroups: boolean,
): Promise<string> {
  const unusablePassword = await hashPassword(randomBytes(32).toString('base64url'));
  return ctx.db.transaction().execute(async (tx) => {
    let user = await tx.selectFrom('users').select('id').where('email', '=', person.email).executeTakeFirst();
    const created = !user;
    if (!user) {
      user = await tx
        .insertInto('users')
        .values({ email: person.email, display_name: person.name, password_hash: unusablePassword })
        .returning('id')
        .executeTakeFirstOrThrow();
    }
    const member = await tx
      .selectFrom('memberships')
      .select('role')
      .where('org_id', '=', orgId)
      .where('user_id', '=', user.id)
      .forUpdate()
      .executeTakeFirst();
    // An existing account that is not this organization's is never taken over by its provider's say-so.
    if (!member && !created)
      throw new AppError('sso_failed', 'This email address already has an account elsewhere; ask your administrator.');
    if (!member) {
      await tx.insertInto('memberships').values({ org_id: orgId, user_id: user.id, role }).execute();
      await recordAudit(tx, {
        orgId,
        actorId: user.id,
        action: 'sso.member_created',
        targetType: 'user',
        targetId: user.id,
        detail: { role },
      });
    } else if (member.role !== role && fromGroups) {
      // The provider's groups are the source of truth for roles they map (a default role changes no one).
      await tx.updateTable('memberships').set({ role }).where('org_id', '=', orgId).where('user_id', '=', user.id).execute();
      await recordAudit(tx, {
        orgId,
        actorId: null,
        action: 'member.role_changed',
        targetType: 'user',
        targetId: user.id,
        detail: { from: member.role, to: role, by: 'identity_provider' },
      });
    }
    return user.id;
  });
}
