import * as oidc from 'openid-client';
import type { OutboundFetch } from '../outbound/index.ts';
import { AppError } from '../shared/errors.ts';

/** What the organization told us about its provider. */
export interface OidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

// Loopback issuers (a provider on the same machine, as in the tests and the demo) may use plain HTTP.
const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) || url.hostname.startsWith('127.');

/** An identity provider's address: https://, or http:// on this machine only. */
export function isAllowedIssuerUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url));
}

/** Clock skew accepted between us and the provider when checking a token's times. */
export const CLOCK_SKEW_SECONDS = 60;

/** Every request the library makes (discovery, keys, token, userinfo) goes through the one guarded fetch. */
const guarded =
  (fetcher: OutboundFetch): oidc.CustomFetch =>
  (url, options) =>
    fetcher(url, {
      method: options.method,
      headers: options.headers,
      body: options.body as BodyInit | undefined,
      redirect: options.redirect,
      signal: options.signal,
    });

const cache = new Map<string, { config: oidc.Configuration; at: number }>();
const CACHE_MS = 10 * 60_000;

/**
 * The provider's configuration from its discovery document, fetched through the one guarded fetch. Cached
 * ten minutes for sending people to the provider; `fresh` skips the cache, so the keys that check an ID
 * token are the provider's keys of that moment (key rotation: a new key is trusted as soon as the provider
 * publishes it, a withdrawn one no longer — the library alone would keep its key set for up to five minutes).
 */
export async function providerConfiguration(
  p: OidcProvider,
  fetcher: OutboundFetch,
  opts: { fresh?: boolean } = {},
): Promise<oidc.Configuration> {
  const key = `${p.issuer}\n${p.clientId}\n${p.clientSecret}`;
  const hit = cache.get(key);
  if (!opts.fresh && hit && Date.now() - hit.at < CACHE_MS) return hit.config;
  let issuer: URL;
  try {
    issuer = new URL(p.issuer);
  } catch {
    throw new AppError('sso_misconfigured', 'The identity provider’s issuer is not a URL.');
  }
  if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && isLoopback(issuer)))
    throw new AppError('sso_misconfigured', 'The identity provider’s issuer must be an https:// address.');
  let config: oidc.Configuration;
  try {
    config = await oidc.discovery(
      issuer,
      p.clientId,
      { client_secret: p.clientSecret, [oidc.clockTolerance]: CLOCK_SKEW_SECONDS },
      undefined,
      {
        [oidc.customFetch]: guarded(fetcher),
        execute: issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
      },
    );
  } catch {
    throw new AppError('sso_misconfigured', 'The identity provider could not be reached or its discovery document is not valid.');
  }
  config[oidc.customFetch] = guarded(fetcher);
  // The ID token's signature is checked against the provider's published keys, not only trusted because it
  // came over the back channel (which the specification would allow).
  oidc.enableNonRepudiationChecks(config);
  cache.set(key, { config, at: Date.now() });
  return config;
}

/** The address to send the person to, with PKCE (S256), state and nonce; the values to keep until they return. */
export async function authorizationRequest(config: oidc.Configuration, redirectUri: string) {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url, codeVerifier, state, nonce };
}

/** Who the provider says signed in: its subject, a verified email, a name and the groups claim. */
export interface SignedInPerson {
  subject: string;
  email: string;
  name: string;
  claims: Record<string, unknown>;
}

/**
 * Exchanges the code and validates the ID token (signature against the provider's keys, issuer, audience,
 * expiry with clock skew, nonce), then reads the person's claims (from the token, else from userinfo).
 */
export async function completeAuthorization(
  config: oidc.Configuration,
  callbackUrl: URL,
  expected: { codeVerifier: string; state: string; nonce: string },
): Promise<SignedInPerson> {
  let tokens;
  try {
    tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: expected.codeVerifier,
      expectedState: expected.state,
      expectedNonce: expected.nonce,
      idTokenExpected: true,
    });
  } catch {
    throw new AppError('sso_failed', 'The identity provider’s answer could not be verified.');
  }
  const idClaims = tokens.claims();
  if (!idClaims) throw new AppError('sso_failed', 'The identity provider sent no ID token.');
  let claims: Record<string, unknown> = { ...idClaims };
  if (typeof claims.email !== 'string' && tokens.access_token) {
    try {
      claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub)), ...claims };
    } catch {
      throw new AppError('sso_failed', 'The identity provider’s user information could not be read.');
    }
  }
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  if (!email || claims.email_verified === false)
    throw new AppError('sso_failed', 'The identity provider did not give a verified email address.');
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 120) : email;
  return { subject: idClaims.sub, email, name, claims };
}
