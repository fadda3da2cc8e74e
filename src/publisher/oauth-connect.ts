import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../access/policy.ts';
import { recordAudit, recordAuditNow } from '../audit/audit-log.ts';
import type { OAuthAppConfig } from '../config/env.ts';
import type { AppContext } from '../http/context.ts';
import { readText } from '../outbound/index.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { connectChannel } from './channels.ts';
import { basicAuth } from './connectors/oauth.ts';
import { fetchJson } from './connectors/http.ts';

type Ctx = Pick<AppContext, 'db' | 'secrets' | 'outbound' | 'config'>;
export type OAuthNetwork = keyof AppContext['config']['oauth'];

/** Each network's OAuth 2.0 as its documentation states it: endpoints, scopes, how the app authenticates. */
export const OAUTH_NETWORKS: Record<
  OAuthNetwork,
  {
    label: string;
    authorizeUrl: string;
    tokenUrl: string;
    revokeUrl: string;
    apiUrl: string;
    scopes: string[];
    /** What the admin still names (which page or location), stored with the channel's credentials. */
    extra: Array<{ name: string; label: string }>;
    /** X wants the app's credentials in a Basic header; LinkedIn and Google take them in the form. */
    clientAuth: 'basic' | 'post';
    authorizeParams?: Record<string, string>;
    /**
     * Where the signed-in person's token is not what the channel posts with: Facebook gives a user token,
     * which is exchanged for the token of the Page they manage (the user token is not kept).
     */
    channelToken?: (ctx: Ctx, app: { apiUrl: string }, userToken: string, extra: Record<string, string>) => Promise<Record<string, string>>;
  }
> = {
  x: {
    label: 'X',
    authorizeUrl: 'https://x.com/i/oauth2/authorize',
    tokenUrl: 'https://api.x.com/2/oauth2/token',
    revokeUrl: 'https://api.x.com/2/oauth2/revoke',
    apiUrl: 'https://api.x.com',
    scopes: ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'],
    extra: [],
    clientAuth: 'basic',
  },
  linkedin: {
    label: 'LinkedIn',
    authorizeUrl: 'https://www.linkedin.com/oauth/v2/authorization',
    tokenUrl: 'https://www.linkedin.com/oauth/v2/accessToken',
    revokeUrl: 'https://www.linkedin.com/oauth/v2/revoke',
    apiUrl: 'https://api.linkedin.com',
    scopes: ['r_organization_social', 'w_organization_social', 'rw_organization_admin'],
    extra: [{ name: 'organizationId', label: 'Organization id (the number in the page admin URL)' }],
    clientAuth: 'post',
  },
  facebook: {
    label: 'Facebook Page',
    authorizeUrl: 'https://www.facebook.com/v21.0/dialog/oauth',
    tokenUrl: 'https://graph.facebook.com/v21.0/oauth/access_token',
    // Facebook revokes with DELETE /me/permissions and the user's token, which is not kept.
    revokeUrl: '',
    apiUrl: 'https://graph.facebook.com',
    scopes: [
      'pages_show_list',
      'pages_read_engagement',
      'pages_manage_posts',
      'pages_manage_engagement',
      'pages_messaging',
      'read_insights',
    ],
    extra: [{ name: 'pageId', label: 'Page id (About → Page transparency)' }],
    clientAuth: 'post',
    channelToken: pageToken,
  },
  google_reviews: {
    label: 'Google Business Profile',
    authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    revokeUrl: 'https://oauth2.googleapis.com/revoke',
    apiUrl: 'https://mybusiness.googleapis.com',
    scopes: ['https://www.googleapis.com/auth/business.manage'],
    extra: [
      { name: 'accountId', label: 'Account id' },
      { name: 'locationId', label: 'Location id' },
    ],
    clientAuth: 'post',
    authorizeParams: { access_type: 'offline', prompt: 'consent' },
  },
  instagram: {
    label: 'Instagram (professional account)',
    authorizeUrl: 'https://www.facebook.com/v21.0/dialog/oauth',
    tokenUrl: 'https://graph.facebook.com/v21.0/oauth/access_token',
    revokeUrl: '',
    apiUrl: 'https://graph.facebook.com',
    scopes: [
      'instagram_basic',
      'instagram_content_publish',
      'instagram_manage_comments',
      'instagram_manage_insights',
      'pages_show_list',
      'pages_read_engagement',
    ],
    extra: [{ name: 'pageId', label: 'Facebook Page id the Instagram account is linked to' }],
    clientAuth: 'post',
    channelToken: instagramToken,
  },
  youtube: {
    label: 'YouTube',
    authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    revokeUrl: 'https://oauth2.googleapis.com/revoke',
    apiUrl: 'https://www.googleapis.com',
    scopes: ['https://www.googleapis.com/auth/youtube.upload', 'https://www.googleapis.com/auth/youtube.force-ssl'],
    extra: [],
    clientAuth: 'post',
    authorizeParams: { access_type: 'offline', prompt: 'consent' },
  },
};

/**
 * An Instagram professional account is reached through the Facebook Page it is linked to: the Page's token
 * (asked with the signed-in manager's token) and the account's id (the Page's instagram_business_account).
 */
async function instagramToken(ctx: Ctx, app: { apiUrl: string }, userToken: string, extra: Record<string, string>) {
  const url = new URL(`/v21.0/${encodeURIComponent(extra.pageId)}`, app.apiUrl);
  url.searchParams.set('fields', 'access_token,instagram_business_account');
  const page = await fetchJson(
    ctx.outbound,
    url.toString(),
    { headers: { authorization: `Bearer ${userToken}` }, timeoutMs: 10_000 },
    z.object({
      access_token: z.string().min(1).max(4000),
      instagram_business_account: z.object({ id: z.string().regex(/^\d{1,30}$/) }).optional(),
    }),
  ).catch(() => {
    throw new AppError(
      'oauth_failed',
      'The Facebook account that signed in does not manage this Page, or did not allow Harborline to use its Instagram account.',
    );
  });
  if (!page.instagram_business_account)
    throw new AppError(
      'oauth_failed',
      'This Facebook Page has no Instagram professional account linked to it (Page settings → Linked accounts).',
    );
  return { pageAccessToken: page.access_token, igUserId: page.instagram_business_account.id };
}

/** The Page's own token, asked of the Graph with the token of someone who manages the Page. */
async function pageToken(ctx: Ctx, app: { apiUrl: string }, userToken: string, extra: Record<string, string>) {
  const url = new URL(`/v21.0/${encodeURIComponent(extra.pageId)}`, app.apiUrl);
  url.searchParams.set('fields', 'access_token,name');
  const page = await fetchJson(
    ctx.outbound,
    url.toString(),
    { headers: { authorization: `Bearer ${userToken}` }, timeoutMs: 10_000 },
    z.object({ access_token: z.string().min(1).max(4000) }),
  ).catch(() => {
    throw new AppError(
      'oauth_failed',
      'The Facebook account that signed in does not manage this Page, or did not allow Harborline to post for it.',
    );
  });
  return { pageAccessToken: page.access_token, pageId: extra.pageId };
}

const FLOW_MINUTES = 10;
const hash = (s: string) => createHash('sha256').update(s).digest('base64url');
const token = () => randomBytes(32).toString('base64url');

interface App extends Required<Pick<OAuthAppConfig, 'clientId' | 'clientSecret'>> {
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  apiUrl: string;
}
function appFor(ctx: Ctx, network: string): { app: App; spec: (typeof OAUTH_NETWORKS)[OAuthNetwork]; network: OAuthNetwork } {
  if (!(network in OAUTH_NETWORKS)) throw notFound('Network');
  const n = network as OAuthNetwork;
  const spec = OAUTH_NETWORKS[n];
  const cfg = ctx.config.oauth[n];
  if (!cfg) {
    const env = n === 'google_reviews' || n === 'youtube' ? 'GOOGLE' : n === 'instagram' ? 'FACEBOOK' : n.toUpperCase();
    throw new AppError(
      'channel_unavailable',
      `Signing in to ${spec.label} is not set up on this server (OAUTH_${env}_CLIENT_ID and OAUTH_${env}_CLIENT_SECRET).`,
    );
  }
  return {
    network: n,
    spec,
    app: {
      clientId: cfg.clientId,
      clientSecret: cfg.clientSecret,
      authorizeUrl: cfg.authorizeUrl ?? spec.authorizeUrl,
      tokenUrl: cfg.tokenUrl ?? spec.tokenUrl,
      revokeUrl: cfg.revokeUrl ?? spec.revokeUrl,
      apiUrl: cfg.apiUrl ?? spec.apiUrl,
    },
  };
}

/** The networks this server can connect by signing in, with the permissions each asks for. */
export function oauthNetworks(ctx: Pick<AppContext, 'config'>) {
  return (Object.keys(OAUTH_NETWORKS) as OAuthNetwork[])
    .filter((n) => ctx.config.oauth[n])
    .map((n) => ({ network: n, label: OAUTH_NETWORKS[n].label, scopes: OAUTH_NETWORKS[n].scopes, fields: OAUTH_NETWORKS[n].extra }));
}

/**
 * Starts connecting a network by signing in there: a single-use `state`, a PKCE verifier (sealed) and,
 * for OpenID Connect sign-ins, a nonce are kept for ten minutes; the answer is the network's sign-in address to send the browser to.
 */
export async function startOAuth(
  ctx: Ctx,
  actor: Actor,
  network: string,
  input: { name: string; fields: Record<string, string> },
  redirectUri: string,
) {
  const { app, spec, network: n } = appFor(ctx, network);
  const missing = spec.extra.filter((f) => !input.fields[f.name]?.trim());
  if (missing.length)
    throw new AppError('bad_request', `Say which ${spec.label} ${missing.map((f) => f.label.toLowerCase()).join(' and ')} to connect.`);
  const id = randomUUID();
  const state = token();
  const verifier = token();
  const nonce = token();
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('oauth_flows')
      .values({
        id,
        state_hash: hash(state),
        org_id: actor.orgId,
        user_id: actor.userId,
        network: n,
        name: input.name.trim(),
        extra: JSON.stringify(Object.fromEntries(spec.extra.map((f) => [f.name, input.fields[f.name].trim()]))),
        verifier: ctx.secrets.seal(verifier, id),
        nonce,
        redirect_uri: redirectUri,
        expires_at: new Date(Date.now() + FLOW_MINUTES * 60_000),
      })
      .execute();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'channel.oauth_started',
      targetType: 'channel',
      ip: actor.ip,
      detail: { network: n, scopes: spec.scopes },
    });
  });
  const url = new URL(app.authorizeUrl);
  const params = {
    response_type: 'code',
    client_id: app.clientId,
    redirect_uri: redirectUri,
    scope: spec.scopes.join(' '),
    state,
    // A nonce belongs to OpenID Connect sign-ins (an `openid` scope); plain OAuth 2.0 servers refuse it.
    ...(spec.scopes.includes('openid') ? { nonce } : {}),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...spec.authorizeParams,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return { authorizeUrl: url.toString(), scopes: spec.scopes };
}

const TokenAnswer = z.object({
  access_token: z.string().min(1).max(4000),
  refresh_token: z.string().min(1).max(4000).optional(),
  scope: z.string().max(2000).optional(),
  id_token: z.string().max(20_000).optional(),
});

/** The claims of an ID token received straight from the token endpoint (TLS vouches for its issuer). */
function idTokenClaims(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1];
  try {
    return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * The network sent the browser back. The state must be one this user started and not expired (it is used
 * once); a refusal there ends the flow; otherwise the code is exchanged with the PKCE verifier, an ID token's
 * nonce (when one comes) must match, and the channel is connected like any other (credentials tried, sealed).
 */
export async function completeOAuth(ctx: Ctx, actor: Actor, query: { state?: string; code?: string; error?: string }) {
  if (!query.state) throw new AppError('oauth_failed', 'The network did not send the sign-in back with its state.');
  const flow = await ctx.db.deleteFrom('oauth_flows').where('state_hash', '=', hash(query.state)).returningAll().executeTakeFirst();
  if (!flow || flow.expires_at.getTime() < Date.now())
    throw new AppError('oauth_failed', 'This sign-in has expired or was already used. Start again.');
  if (flow.user_id !== actor.userId || flow.org_id !== actor.orgId)
    throw new AppError('oauth_failed', 'This sign-in was started by someone else.');
  const { app, spec, network } = appFor(ctx, flow.network);
  if (query.error || !query.code) {
    await recordAuditNow(ctx.db, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'channel.oauth_denied',
      targetType: 'channel',
      ip: actor.ip,
      detail: { network, error: (query.error ?? 'no code').slice(0, 60) },
    });
    throw new AppError(
      'oauth_denied',
      `${spec.label} did not grant access${query.error === 'access_denied' ? ' (the sign-in was declined)' : ''}.`,
    );
  }
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: query.code,
    redirect_uri: flow.redirect_uri,
    code_verifier: ctx.secrets.open(flow.verifier, flow.id),
    client_id: app.clientId,
  });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (spec.clientAuth === 'basic') headers.authorization = basicAuth(app.clientId, app.clientSecret);
  else form.set('client_secret', app.clientSecret);
  let answer: z.infer<typeof TokenAnswer>;
  try {
    const res = await ctx.outbound(app.tokenUrl, { method: 'POST', headers, body: form.toString(), timeoutMs: 10_000 });
    const text = await readText(res);
    const parsed = TokenAnswer.safeParse(res.ok ? JSON.parse(text) : null);
    if (!parsed.success) throw new Error('token exchange refused');
    answer = parsed.data;
  } catch {
    throw new AppError('oauth_failed', `${spec.label} did not exchange the sign-in for a token. Start again.`);
  }
  if (answer.id_token && idTokenClaims(answer.id_token).nonce !== flow.nonce)
    throw new AppError('oauth_failed', `${spec.label}'s answer did not match this sign-in (nonce). Start again.`);
  const channel = await connectChannel(ctx, actor, {
    network,
    name: flow.name,
    baseUrl: app.apiUrl,
    credentials: spec.channelToken
      ? await spec.channelToken(ctx, app, answer.access_token, flow.extra)
      : {
          accessToken: answer.access_token,
          ...(answer.refresh_token ? { refreshToken: answer.refresh_token } : {}),
          clientId: app.clientId,
          clientSecret: app.clientSecret,
          tokenUrl: app.tokenUrl,
          revokeUrl: app.revokeUrl,
          ...flow.extra,
        },
  });
  return { channel, scopes: answer.scope?.split(' ').filter(Boolean) ?? spec.scopes };
}
