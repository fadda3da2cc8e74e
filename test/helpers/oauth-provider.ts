import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OAuth 2.0 / OpenID Connect authorization server on loopback (oidc-provider), configured the way a
 * network's would be for Harborline's app: authorization code with PKCE, refresh tokens, revocation. Its
 * development sign-in and consent pages stand in for the network's.
 */
export async function startOAuthProvider(opts: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes: string[];
  /** How the app proves itself at the token endpoint (X: a Basic header; Facebook, LinkedIn, Google: the form). */
  tokenAuth?: 'client_secret_basic' | 'client_secret_post';
  /** People who can sign in (by login name) and their claims, for OpenID Connect sign-in tests. */
  accounts?: Record<string, Record<string, unknown>>;
  /** The provider's signing keys (private JWKs with a kid); default: oidc-provider's development key. */
  jwks?: { keys: object[] };
  /** A port to listen on (the same issuer again, after a restart). */
  port?: number;
}) {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: [opts.redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: opts.tokenAuth ?? 'client_secret_basic',
      },
    ],
    scopes: ['openid', 'offline_access', 'email', 'profile', ...opts.scopes],
    features: { devInteractions: { enabled: true }, revocation: { enabled: true } },
    pkce: { required: () => true },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ ...opts.accounts?.[sub], sub }) }),
    // Identity providers such as Entra ID and Okta put these claims in the ID token itself.
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    conformIdTokenClaims: false,
    cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
    ...(opts.jwks ? { jwks: opts.jwks } : {}),
    ttl: { AccessToken: 3600, AuthorizationCode: 60, RefreshToken: 86400, Grant: 86400, Session: 3600, Interaction: 600 },
  });
  provider.on('server_error', () => undefined);
  server.on('request', provider.callback());
  return {
    issuer,
    provider,
    authorizeUrl: `${issuer}/auth`,
    tokenUrl: `${issuer}/token`,
    revokeUrl: `${issuer}/token/revocation`,
    /** Whether an access token this server issued is still good (what a network's API would check). */
    async accepts(token: string) {
      return Boolean(await provider.AccessToken.find(token));
    },
    async expireAccessToken(token: string) {
      await (await provider.AccessToken.find(token))?.destroy();
    },
    async revokeGrantOf(refreshToken: string) {
      const rt = await provider.RefreshToken.find(refreshToken);
      if (rt?.grantId) await (await provider.Grant.find(rt.grantId))?.destroy();
      await rt?.destroy();
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * A person in a browser at the provider: follows redirects with its own cookies, signs in and consents (or
 * declines) on the development pages, and stops at the first redirect back to `appOrigin`, returning it.
 */
export async function signInAtProvider(
  authorizeUrl: string,
  appOrigin: string,
  opts: { decline?: boolean; login?: string } = {},
): Promise<string> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let url = authorizeUrl;
  let body: string | undefined;
  for (let step = 0; step < 20; step++) {
    if (url.startsWith(appOrigin)) return url;
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: cookieHeader(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair.split('=');
      jar.set(k.trim(), v.join('='));
    }
    body = undefined;
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url).toString();
      continue;
    }
    const html = await res.text();
    const uid = /\/interaction\/([\w-]+)/.exec(url)?.[1];
    if (!uid) throw new Error(`unexpected page at ${url} (${res.status})`);
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (opts.decline && prompt === 'consent') {
      url = new URL(`/interaction/${uid}/abort`, url).toString();
      continue;
    }
    url = new URL(`/interaction/${uid}`, url).toString();
    body =
      prompt === 'login'
        ? new URLSearchParams({ prompt: 'login', login: opts.login ?? 'page-admin', password: 'any' }).toString()
        : 'prompt=consent';
  }
  throw new Error('too many steps at the provider');
}
