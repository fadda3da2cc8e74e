import { X509Certificate } from 'node:crypto';
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from '@node-saml/node-saml';
import type { Db } from '../db/index.ts';
import { AppError } from '../shared/errors.ts';
import type { SignedInPerson } from './oidc.ts';

/** What the organization told us about its SAML identity provider. */
export interface SamlProvider {
  /** The IdP's entity ID (the Issuer of its assertions). */
  entityId: string;
  /** Where to send sign-in requests (HTTP-Redirect binding). */
  ssoUrl: string;
  /** The IdP's signing certificate, PEM. */
  certificate: string;
}

/** Our side, per organization: entity ID (also where our metadata lives) and assertion consumer service. */
export function serviceProvider(origin: string, orgSlug: string) {
  const base = `${origin}/api/auth/saml/${orgSlug}`;
  return { entityId: `${base}/metadata`, acsUrl: `${base}/acs`, metadataUrl: `${base}/metadata` };
}
export type ServiceProvider = ReturnType<typeof serviceProvider>;

/** A request we sent is answerable for as long as a sign-in flow lasts; an assertion is usable once. */
export const REQUEST_MS = 10 * 60_000;
const CLOCK_SKEW_MS = 60_000;
const MAX_ASSERTION_AGE_MS = 10 * 60_000;

/**
 * A certificate as pasted by an administrator (PEM, or the bare base64 body metadata files carry), checked
 * to be a certificate and normalized to PEM; its expiry is returned so the screen can warn.
 */
export function parseCertificate(input: string): { pem: string; expiresAt: Date; fingerprint: string } {
  const body = input
    .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
    .replace(/\s+/g, '')
    .trim();
  if (!/^[A-Za-z0-9+/=]{100,20000}$/.test(body))
    throw new AppError('bad_request', 'The certificate must be a PEM or base64 X.509 certificate.');
  const pem = `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw new AppError('bad_request', 'The certificate could not be read as an X.509 certificate.');
  }
  return { pem, expiresAt: new Date(cert.validTo), fingerprint: cert.fingerprint256 };
}

/** The requests we sent, in the database (several server processes may share them); each answer removes its own. */
function requestStore(db: Db, orgId: string): CacheProvider {
  return {
    async saveAsync(key) {
      const row = await db.insertInto('saml_requests').values({ id: key, org_id: orgId }).returning('created_at').executeTakeFirstOrThrow();
      return { value: row.created_at.toISOString(), createdAt: row.created_at.getTime() };
    },
    async getAsync(key) {
      const row = await db
        .selectFrom('saml_requests')
        .select('created_at')
        .where('id', '=', key)
        .where('org_id', '=', orgId)
        .executeTakeFirst();
      return row ? row.created_at.toISOString() : null;
    },
    async removeAsync(key) {
      if (!key) return null;
      const row = await db.deleteFrom('saml_requests').where('id', '=', key).where('org_id', '=', orgId).returning('id').executeTakeFirst();
      return row?.id ?? null;
    },
  };
}

function client(db: Db, orgId: string, idp: SamlProvider, sp: ServiceProvider) {
  return new SAML({
    entryPoint: idp.ssoUrl,
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    audience: sp.entityId,
    idpCert: idp.certificate,
    idpIssuer: idp.entityId,
    // The assertion itself must carry the IdP's signature (a signed envelope around an unsigned assertion is not enough).
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    // Answers to our requests must name a request we sent and have not seen answered; IdP-initiated ones name none.
    validateInResponseTo: ValidateInResponseTo.ifPresent,
    requestIdExpirationPeriodMs: REQUEST_MS,
    cacheProvider: requestStore(db, orgId),
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    maxAssertionAgeMs: MAX_ASSERTION_AGE_MS,
    identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    disableRequestedAuthnContext: true,
    signatureAlgorithm: 'sha256',
  });
}

/** The IdP address to send the browser to, with a fresh AuthnRequest (its ID kept until answered). */
export async function samlAuthorizeUrl(db: Db, orgId: string, idp: SamlProvider, sp: ServiceProvider): Promise<string> {
  await db
    .deleteFrom('saml_requests')
    .where('created_at', '<', new Date(Date.now() - REQUEST_MS))
    .execute();
  return client(db, orgId, idp, sp).getAuthorizeUrlAsync('', undefined, {});
}

/** Our metadata for the IdP's administrator (entity ID, ACS, the NameID we ask for). */
export function samlMetadata(db: Db, orgId: string, idp: SamlProvider, sp: ServiceProvider): string {
  return client(db, orgId, idp, sp).generateServiceProviderMetadata(null, null);
}

const EMAIL_ATTRIBUTES = [
  'email',
  'mail',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
  'urn:oid:0.9.2342.19200300.100.1.3',
];
const NAME_ATTRIBUTES = [
  'displayName',
  'name',
  'http://schemas.microsoft.com/identity/claims/displayname',
  'urn:oid:2.16.840.1.113730.3.1.241',
  'cn',
];
const first = (v: unknown): string | undefined => (Array.isArray(v) ? first(v[0]) : typeof v === 'string' ? v.trim() : undefined);

/**
 * Checks a posted SAMLResponse (signature on the assertion against the organization's certificate, issuer,
 * audience, recipient, times with clock skew, the request it answers) and reads who signed in. The
 * assertion's ID is remembered until it expires, so the same assertion is never accepted twice — the
 * protection IdP-initiated sign-in (which answers no request) needs against replays.
 */
export async function samlSignedIn(
  db: Db,
  orgId: string,
  idp: SamlProvider,
  sp: ServiceProvider,
  samlResponse: string,
): Promise<SignedInPerson & { issuer: string }> {
  let profile: Profile | null;
  try {
    ({ profile } = await client(db, orgId, idp, sp).validatePostResponseAsync({ SAMLResponse: samlResponse }));
  } catch {
    throw new AppError('sso_failed', 'The identity provider’s answer could not be verified.');
  }
  if (!profile?.nameID) throw new AppError('sso_failed', 'The identity provider’s answer names no one.');
  // The library checks the issuer of logout messages only: an assertion must come from the IdP configured.
  if (profile.issuer !== idp.entityId) throw new AppError('sso_failed', 'The assertion was issued by another identity provider.');
  const assertion = profile.getAssertion?.() as { Assertion?: { $?: { ID?: string }; Conditions?: { $?: { NotOnOrAfter?: string } }[] } };
  const assertionId = assertion?.Assertion?.$?.ID;
  if (!assertionId) throw new AppError('sso_failed', 'The identity provider’s assertion has no ID.');
  const notOnOrAfter = Date.parse(assertion.Assertion?.Conditions?.[0]?.$?.NotOnOrAfter ?? '');
  const keepUntil = new Date(Math.max(Number.isNaN(notOnOrAfter) ? 0 : notOnOrAfter, Date.now() + MAX_ASSERTION_AGE_MS) + CLOCK_SKEW_MS);
  await db.deleteFrom('saml_assertions_seen').where('expires_at', '<', new Date()).execute();
  const fresh = await db
    .insertInto('saml_assertions_seen')
    .values({ org_id: orgId, assertion_id: assertionId.slice(0, 200), expires_at: keepUntil })
    .onConflict((oc) => oc.doNothing())
    .returning('assertion_id')
    .executeTakeFirst();
  if (!fresh) throw new AppError('sso_replayed', 'This sign-in answer was already used. Start again from the sign-in page.');

  const attributes = (profile.attributes ?? {}) as Record<string, unknown>;
  const emailAttr = EMAIL_ATTRIBUTES.map((a) => first(attributes[a])).find(Boolean);
  const nameIdIsEmail = (profile.nameIDFormat ?? '').endsWith('emailAddress') || /^[^@\s]+@[^@\s]+$/.test(profile.nameID);
  const email = (emailAttr ?? (nameIdIsEmail ? profile.nameID : '')).toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new AppError('sso_failed', 'The identity provider did not give an email address.');
  const given = first(attributes.givenName ?? attributes['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname']);
  const surname = first(attributes.surname ?? attributes.sn ?? attributes['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname']);
  const name = NAME_ATTRIBUTES.map((a) => first(attributes[a])).find(Boolean) ?? ([given, surname].filter(Boolean).join(' ') || email);
  return { issuer: profile.issuer, subject: profile.nameID, email, name: name.slice(0, 120), claims: attributes };
}
