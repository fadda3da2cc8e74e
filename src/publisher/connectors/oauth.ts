import { z } from 'zod';
import type { OutboundFetch } from '../../outbound/index.ts';
import { fetchJson } from './http.ts';
import { ConnectorError, type ChannelCredentials } from './types.ts';

const Token = z.object({ access_token: z.string().min(1).max(4000), refresh_token: z.string().min(1).max(4000).optional() });

/** An app's credentials as an HTTP Basic header (RFC 6749 §2.3.1: each part form-encoded first). */
export const basicAuth = (clientId: string, clientSecret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;

/**
 * OAuth 2.0 refresh (RFC 6749 §6) for connectors whose access tokens expire: the new access token, and the
 * new refresh token when the server rotates it. A refused refresh means the grant was revoked or expired:
 * `unauthorized`, so the channel is marked for connecting again.
 */
export async function refreshAccessToken(
  fetcher: OutboundFetch,
  tokenUrl: string,
  creds: ChannelCredentials,
  timeoutMs: number,
  /** How the app proves itself: a Basic header (X) or the secret in the form (most others). */
  clientAuth: 'basic' | 'post' = 'post',
): Promise<ChannelCredentials> {
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.refreshToken, client_id: creds.clientId });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (creds.clientSecret && clientAuth === 'basic') headers.authorization = basicAuth(creds.clientId, creds.clientSecret);
  else if (creds.clientSecret) form.set('client_secret', creds.clientSecret);
  const t = await fetchJson(fetcher, tokenUrl, { method: 'POST', timeoutMs, headers, body: form.toString() }, Token).catch((e: unknown) => {
    if (e instanceof ConnectorError && (e.kind === 'rejected' || e.kind === 'unauthorized'))
      throw new ConnectorError('unauthorized', 'the refresh token was refused');
    throw e;
  });
  return { ...creds, accessToken: t.access_token, ...(t.refresh_token ? { refreshToken: t.refresh_token } : {}) };
}

/** Whether these credentials can be refreshed (a refresh token and the app's client id). */
export const canRefresh = (creds: ChannelCredentials) => Boolean(creds.refreshToken && creds.clientId);

/** Refreshes in flight, by the credentials they replace: concurrent sends share one refresh. */
const refreshing = new WeakMap<ChannelCredentials, Promise<void>>();

/**
 * Runs `attempt`; when the network refuses the access token and the credentials can be refreshed, refreshes
 * once (through `refresh`, which replaces them) and runs it again. Sends running at the same time on one
 * connector share that refresh (a rotated refresh token works only once), and one that fails after
 * another already refreshed simply tries again with the new token.
 */
export async function withTokenRefresh<T>(
  attempt: () => Promise<T>,
  creds: () => ChannelCredentials,
  refresh: () => Promise<void>,
): Promise<T> {
  const used = creds();
  try {
    return await attempt();
  } catch (e) {
    if (!(e instanceof ConnectorError) || e.kind !== 'unauthorized' || !canRefresh(used)) throw e;
    if (creds() === used) {
      let pending = refreshing.get(used);
      if (!pending) {
        pending = refresh();
        refreshing.set(used, pending);
      }
      await pending;
    }
    return attempt();
  }
}
