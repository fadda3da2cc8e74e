import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The demo's own identity provider: a real OpenID Connect server (oidc-provider) on loopback, so a
 * newcomer can connect single sign-on on the Organization page and sign in through it in a minute. Its
 * development sign-in page takes any password for the people below. Never started without demo data.
 */
export const DEMO_IDP = {
  clientId: 'harborline-demo',
  clientSecret: 'harborline-demo-client-secret',
  groupsClaim: 'groups',
  roleMap: 'Harborline-Clinicians = clinician\nHarborline-Comms = communications',
};

/** People the provider knows (their login name at its page), in the hospital directory's groups. */
export const DEMO_IDP_PEOPLE: Record<string, { email: string; name: string; groups: string[] }> = {
  'dr.patel': { email: 'dr.patel@harbor.example', name: 'Dr. Nisha Patel', groups: ['Harborline-Clinicians'] },
  'comms.ortiz': { email: 'comms.ortiz@harbor.example', name: 'Dana Ortiz', groups: ['Harborline-Comms'] },
  'it.fields': { email: 'it.fields@harbor.example', name: 'Jo Fields', groups: ['IT'] },
};

async function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(e);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Starts the provider on 127.0.0.1 (the port after the app's when free, else any), registered for the
 * app's callback at each address given. Returns its issuer and a way to stop it.
 */
export async function startDemoIdentityProvider(appOrigins: string[], preferredPort: number) {
  // Loaded only for the demo.
  const { default: Provider } = await import('oidc-provider');
  const server = http.createServer();
  let port: number;
  try {
    port = await listen(server, '127.0.0.1', preferredPort);
  } catch {
    port = await listen(server, '127.0.0.1', 0);
  }
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: DEMO_IDP.clientId,
        client_secret: DEMO_IDP.clientSecret,
        redirect_uris: appOrigins.map((o) => `${o}/api/auth/sso/callback`),
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => {
        const person = DEMO_IDP_PEOPLE[sub];
        return person ? { sub, email: person.email, email_verified: true, name: person.name, groups: person.groups } : { sub };
      },
    }),
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    conformIdTokenClaims: false,
    cookies: { keys: [randomBytes(32).toString('hex')] },
  });
  provider.on('server_error', () => undefined);
  server.on('request', provider.callback());
  return {
    issuer,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
