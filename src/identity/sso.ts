import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor } from '../access/policy.ts';
import { startSession, type ClientInfo, type SessionOutcome } from '../accounts/index.ts';
import { recordAudit, recordAuditNow } from '../audit/audit-log.ts';
import type { Role } from '../db/schema.ts';
import type { AppContext } from '../http/context.ts';
import { hashPassword } from '../security/passwords.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { authorizationRequest, completeAuthorization, isAllowedIssuerUrl, providerConfiguration, type SignedInPerson } from './oidc.ts';
import { groupsOf, roleFromGroups } from './roles.ts';
import { parseCertificate, samlAuthorizeUrl, samlMetadata, samlSignedIn, serviceProvider, type SamlProvider } from './saml.ts';

const FLOW_MS = 10 * 60_000;
const CALLBACK = '/api/auth/sso/callback';
const secretAad = (orgId: string) => `sso:${orgId}`;
const sha256 = (v: string) => createHash('sha256').update(v).digest();

interface CommonSettings {
  groupsClaim: string;
  roleMap: Record<string, Role>;
  defaultRole: Role | null;
  requireForStaff: boolean;
}
export type SsoSettingsInput =
  | (CommonSettings & {
      kind: 'oidc';
      issuer: string;
      clientId: string;
      /** Omitted: keep the one stored. */
      clientSecret?: string;
    })
  | (CommonSettings & { kind: 'saml'; entityId: string; ssoUrl: string; certificate: string });

type ProviderRow = NonNullable<Awaited<ReturnType<typeof providerRow>>>;
function providerRow(ctx: Pick<AppContext, 'db'>, orgId: string) {
  return ctx.db.selectFrom('identity_providers').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}
const oidcProvider = (ctx: Pick<AppContext, 'secrets'>, row: ProviderRow) => ({
  issuer: row.issuer,
  clientId: row.client_id ?? '',
  clientSecret: row.client_secret ? ctx.secrets.open(row.client_secret, secretAad(row.org_id)) : '',
});
const samlProvider = (row: ProviderRow): SamlProvider => ({
  entityId: row.issuer,
  ssoUrl: row.sso_url ?? '',
  certificate: row.idp_certificate ?? '',
});

async function orgBySlug(ctx: AppContext, slug: string) {
  const org = await ctx.db.selectFrom('organizations').select(['id', 'slug']).where('slug', '=', slug).executeTakeFirst();
  const row = org && (await providerRow(ctx, org.id));
  if (!org || !row) throw notFound('Single sign-on for this organization');
  return { org, row };
}

/** The organization's provider as its administrators see it (never the client secret), and what to tell the provider about us. */
export async function ssoSettings(ctx: AppContext, orgId: string, origin: string) {
  const org = await ctx.db.selectFrom('organizations').select('slug').where('id', '=', orgId).executeTakeFirstOrThrow();
  const sp = serviceProvider(origin, org.slug);
  const row = await providerRow(ctx, orgId);
  const certificate = row?.idp_certificate ? parseCertificate(row.idp_certificate) : null;
  return {
    provider: row
      ? {
          kind: row.kind,
          issuer: row.issuer,
          clientId: row.client_id,
          ssoUrl: row.sso_url,
          certificate: certificate && { fingerprint: certificate.fingerprint, expiresAt: certificate.expiresAt.toISOString() },
          groupsClaim: row.groups_claim,
          roleMap: row.role_map,
          defaultRole: row.default_role,
          requireForStaff: row.require_for_staff,
          updatedAt: row.updated_at.toISOString(),
        }
      : null,
    oidc: { redirectUri: `${origin}${CALLBACK}` },
    saml: sp,
  };
}

/**
 * Saves the provider. OpenID Connect: after trying its discovery document (a wrong issuer is refused, not
 * stored). SAML: after reading the certificate (an expired one is refused). Audited.
 */
export async function saveSsoSettings(ctx: AppContext, actor: Actor, input: SsoSettingsInput): Promise<void> {
  const existing = await providerRow(ctx, actor.orgId);
  let protocol: {
    issuer: string;
    client_id: string | null;
    client_secret: string | null;
    sso_url: string | null;
    idp_certificate: string | null;
  };
  if (input.kind === 'oidc') {
    const clientSecret = input.clientSecret ?? (existing?.kind === 'oidc' ? oidcProvider(ctx, existing).clientSecret : undefined);
    if (!clientSecret) throw new AppError('bad_request', 'The client secret is required the first time.');
    await providerConfiguration({ issuer: input.issuer, clientId: input.clientId, clientSecret }, ctx.outbound);
    protocol = {
      issuer: input.issuer,
      client_id: input.clientId,
      client_secret: ctx.secrets.seal(clientSecret, secretAad(actor.orgId)),
      sso_url: null,
      idp_certificate: null,
    };
  } else {
    if (!isAllowedIssuerUrl(input.ssoUrl))
      throw new AppError('bad_request', 'The sign-on URL must be an https:// address (http:// only on this machine).');
    const cert = parseCertificate(input.certificate);
    if (cert.expiresAt.getTime() < Date.now())
      throw new AppError('bad_request', 'The certificate has expired: download the current one from the identity provider.');
    protocol = { issuer: input.entityId, client_id: null, client_secret: null, sso_url: input.ssoUrl, idp_certificate: cert.pem };
  }
  const values = {
    kind: input.kind,
    ...protocol,
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
      detail: {
        kind: input.kind,
        issuer: protocol.issuer,
        groups: Object.keys(input.roleMap).length,
        requireForStaff: input.requireForStaff,
      },
    });
  });
}

export async function removeSsoSettings(ctx: AppContext, actor: Actor): Promise<void> {
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
 * Step one: where to send the browser. OpenID Connect: the provider with PKCE, state and nonce, and a value
 * for a cookie in this browser that the return must bring back (a flow started elsewhere cannot be
 * finished here). SAML: the IdP with a fresh AuthnRequest (its answer is accepted once).
 */
export async function startSso(ctx: AppContext, orgSlug: string, origin: string): Promise<{ url: URL; browser?: string }> {
  const { org, row } = await orgBySlug(ctx, orgSlug);
  if (row.kind === 'saml')
    return { url: new URL(await samlAuthorizeUrl(ctx.db, org.id, samlProvider(row), serviceProvider(origin, org.slug))) };
  const config = await providerConfiguration(oidcProvider(ctx, row), ctx.outbound);
  const request = await authorizationRequest(config, `${origin}${CALLBACK}`);
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

/** Our SAML metadata for the organization's IdP administrator. */
export async function serviceProviderMetadata(ctx: AppContext, orgSlug: string, origin: string): Promise<string> {
  const { org, row } = await orgBySlug(ctx, orgSlug);
  if (row.kind !== 'saml') throw notFound('SAML single sign-on for this organization');
  return samlMetadata(ctx.db, org.id, samlProvider(row), serviceProvider(origin, org.slug));
}

/** A refusal: audited by reason (never with the token, assertion or the person's details), then thrown. */
async function refused(ctx: AppContext, client: ClientInfo, reason: string, orgId: string | null, error?: AppError): Promise<AppError> {
  await recordAuditNow(ctx.db, { orgId, actorId: null, action: 'auth.sso_failed', ip: client.ip, detail: { reason } });
  return error ?? new AppError('sso_failed', 'Single sign-on did not complete. Start again from the sign-in page.');
}

/** Step two for OpenID Connect, when the provider sends the browser back: the flow is taken (once) and the ID token checked. */
export async function finishSso(
  ctx: AppContext,
  callbackUrl: URL,
  browser: string | undefined,
  client: ClientInfo,
): Promise<SessionOutcome> {
  const state = callbackUrl.searchParams.get('state') ?? '';
  const flow = state ? await ctx.db.deleteFrom('sso_flows').where('state', '=', state).returningAll().executeTakeFirst() : undefined;
  if (!flow) throw await refused(ctx, client, 'unknown_or_used_state', null);
  if (flow.expires_at.getTime() < Date.now()) throw await refused(ctx, client, 'expired', flow.org_id);
  if (!browser || !timingSafeEqual(sha256(browser), Buffer.from(flow.browser_hash, 'hex')))
    throw await refused(ctx, client, 'other_browser', flow.org_id);
  const row = await providerRow(ctx, flow.org_id);
  if (row?.kind !== 'oidc') throw await refused(ctx, client, 'provider_removed', flow.org_id);
  let config;
  try {
    config = await providerConfiguration(oidcProvider(ctx, row), ctx.outbound, { fresh: true });
  } catch {
    throw await refused(ctx, client, 'provider_unreachable', flow.org_id);
  }
  let person;
  try {
    person = await completeAuthorization(config, callbackUrl, { codeVerifier: flow.code_verifier, state: flow.state, nonce: flow.nonce });
  } catch {
    throw await refused(ctx, client, 'token_refused', flow.org_id);
  }
  return signIn(ctx, row, { ...person, issuer: row.issuer }, client);
}

/**
 * Step two for SAML: the IdP posts its answer (to a request of ours, or unsolicited: IdP-initiated). The
 * signed assertion is checked and used once.
 */
export async function finishSaml(
  ctx: AppContext,
  orgSlug: string,
  origin: string,
  samlResponse: string,
  client: ClientInfo,
): Promise<SessionOutcome> {
  const org = await ctx.db.selectFrom('organizations').select(['id', 'slug']).where('slug', '=', orgSlug).executeTakeFirst();
  if (!org) throw await refused(ctx, client, 'unknown_organization', null);
  const row = await providerRow(ctx, org.id);
  if (row?.kind !== 'saml') throw await refused(ctx, client, 'no_saml_provider', org.id);
  if (!samlResponse || samlResponse.length > 1_000_000) throw await refused(ctx, client, 'no_assertion', org.id);
  let person;
  try {
    person = await samlSignedIn(ctx.db, org.id, samlProvider(row), serviceProvider(origin, org.slug), samlResponse);
  } catch (e) {
    const replay = e instanceof AppError && e.id === 'sso_replayed';
    throw await refused(ctx, client, replay ? 'assertion_replayed' : 'assertion_refused', org.id, replay ? e : undefined);
  }
  return signIn(ctx, row, person, client);
}

/** Who the provider vouched for, into a session: their role read from their groups; a first sign-in creates the account. */
async function signIn(ctx: AppContext, row: ProviderRow, person: SignedInPerson & { issuer: string }, client: ClientInfo) {
  const groups = groupsOf(person.claims[row.groups_claim]);
  const role = roleFromGroups(groups, row.role_map, row.default_role);
  if (!role)
    throw await refused(
      ctx,
      client,
      'no_role',
      row.org_id,
      new AppError('forbidden', 'Your account is not in a group your organization allows into Harborline. Ask your administrator.'),
    );
  const userId = await memberFor(
    ctx,
    row.org_id,
    person,
    role,
    groups.some((g) => row.role_map[g]),
  );
  return startSession(ctx, userId, row.org_id, client, 'sso');
}

/**
 * The account for this person: the one linked to the provider's (issuer, subject) — so a changed email
 * address at the provider still finds it — else the one with their email, then linked; created on first
 * sign-in. Their role follows their groups.
 */
async function memberFor(
  ctx: AppContext,
  orgId: string,
  person: SignedInPerson & { issuer: string },
  role: Role,
  /** The role came from the person's groups (not the organization's default). */
  fromGroups: boolean,
): Promise<string> {
  const unusablePassword = await hashPassword(randomBytes(32).toString('base64url'));
  return ctx.db.transaction().execute(async (tx) => {
    const linked = await tx
      .updateTable('sso_identities')
      .set({ last_sign_in_at: new Date() })
      .where('org_id', '=', orgId)
      .where('issuer', '=', person.issuer)
      .where('subject', '=', person.subject)
      .returning('user_id')
      .executeTakeFirst();
    let user = linked
      ? { id: linked.user_id }
      : await tx.selectFrom('users').select('id').where('email', '=', person.email).executeTakeFirst();
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
    if (!member && !created && !linked)
      throw new AppError('sso_failed', 'This email address already has an account elsewhere; ask your administrator.');
    if (!linked)
      await tx
        .insertInto('sso_identities')
        .values({ org_id: orgId, issuer: person.issuer, subject: person.subject, user_id: user.id })
        .onConflict((oc) => oc.doNothing())
        .execute();
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
