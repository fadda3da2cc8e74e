import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateRawSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';
import forge from 'node-forge';
import { SignedXml } from 'xml-crypto';

/**
 * A SAML 2.0 identity provider on loopback, built on xml-crypto (the XML signature library the service
 * provider side uses too): it takes AuthnRequests by the HTTP-Redirect binding, shows a sign-in page, and
 * answers with a signed assertion by the HTTP-POST binding (an auto-submitting form); it can also start
 * sign-in itself (IdP-initiated). `response()` builds answers directly, for tests that tamper with them.
 */

/** A self-signed signing key pair, as an IdP administrator would download the certificate. */
export function signingKeyPair(commonName = 'Test IdP') {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
  const attrs = [{ name: 'commonName', value: commonName }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { privateKey: forge.pki.privateKeyToPem(keys.privateKey), certificate: forge.pki.certificateToPem(cert) };
}

export interface SamlPerson {
  subject: string;
  email: string;
  name: string;
  groups?: string[];
}

export interface ResponseOptions {
  person: SamlPerson;
  acsUrl: string;
  audience: string;
  inResponseTo?: string;
  issuer?: string;
  /** Seconds the assertion is good for (negative: already expired). */
  validFor?: number;
  /** Sign with another key than the IdP's registered one. */
  key?: string;
  /** Leave the assertion unsigned. */
  unsigned?: boolean;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const newId = () => `_${randomBytes(16).toString('hex')}`;

/** An unsigned assertion element. */
export function assertionXml(opts: ResponseOptions & { issuer: string; id?: string }): string {
  const now = Date.now();
  const at = (ms: number) => new Date(ms).toISOString();
  const until = at(now + (opts.validFor ?? 300) * 1000);
  const irt = opts.inResponseTo ? ` InResponseTo="${xmlEscape(opts.inResponseTo)}"` : '';
  const attribute = (name: string, values: string[]) =>
    `<saml:Attribute Name="${xmlEscape(name)}">${values.map((v) => `<saml:AttributeValue>${xmlEscape(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`;
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${opts.id ?? newId()}" Version="2.0" IssueInstant="${at(now)}">` +
    `<saml:Issuer>${xmlEscape(opts.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${xmlEscape(opts.person.subject)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${until}" Recipient="${xmlEscape(opts.acsUrl)}"${irt}/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${at(now - 5000)}" NotOnOrAfter="${until}"><saml:AudienceRestriction><saml:Audience>${xmlEscape(opts.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${at(now)}" SessionIndex="${newId()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attribute('email', [opts.person.email])}${attribute('displayName', [opts.person.name])}${opts.person.groups?.length ? attribute('groups', opts.person.groups) : ''}</saml:AttributeStatement>` +
    `</saml:Assertion>`
  );
}

/** Signs the (first) assertion in `xml` with an enveloped RSA-SHA256 signature after its Issuer, as IdPs do. */
export function signAssertion(xml: string, privateKey: string, certificate: string): string {
  const sig = new SignedXml({
    privateKey,
    publicCert: certificate,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  sig.addReference({
    xpath: "//*[local-name(.)='Assertion']",
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, { location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' } });
  return sig.getSignedXml();
}

/** A Response envelope around an assertion element. */
export function responseXml(assertion: string, opts: { issuer: string; acsUrl: string; inResponseTo?: string }): string {
  const irt = opts.inResponseTo ? ` InResponseTo="${xmlEscape(opts.inResponseTo)}"` : '';
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${newId()}" Version="2.0" IssueInstant="${new Date().toISOString()}" Destination="${xmlEscape(opts.acsUrl)}"${irt}>` +
    `<saml:Issuer>${xmlEscape(opts.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    assertion +
    `</samlp:Response>`
  );
}

const autoPost = (acsUrl: string, samlResponse: string, relayState?: string) =>
  `<!doctype html><html><head><title>Signing you in</title></head><body onload="document.forms[0].submit()">` +
  `<form method="post" action="${xmlEscape(acsUrl)}"><input type="hidden" name="SAMLResponse" value="${samlResponse}"/>` +
  (relayState ? `<input type="hidden" name="RelayState" value="${xmlEscape(relayState)}"/>` : '') +
  `<noscript><button type="submit">Continue</button></noscript></form></body></html>`;

export async function startSamlIdp(opts: { people: Record<string, SamlPerson>; audience?: string }) {
  const keys = signingKeyPair();
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const entityId = `${origin}/metadata`;
  const requests: { id: string; acsUrl: string; issuer: string }[] = [];

  /** A signed answer as XML (tests tamper with it). */
  const responseText = (o: ResponseOptions) => {
    const issuer = o.issuer ?? entityId;
    const xml = responseXml(assertionXml({ ...o, issuer }), { issuer, acsUrl: o.acsUrl, inResponseTo: o.inResponseTo });
    return o.unsigned ? xml : signAssertion(xml, o.key ?? keys.privateKey, keys.certificate);
  };
  /** A signed answer, base64 as posted. */
  const response = (o: ResponseOptions) => Buffer.from(responseText(o)).toString('base64');

  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const html = (status: number, body: string) => res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    if (req.method === 'GET' && url.pathname === '/sso') {
      // HTTP-Redirect binding: the AuthnRequest is deflated, base64, in the query.
      let request;
      try {
        const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
        const doc = new DOMParser().parseFromString(xml, 'text/xml').documentElement;
        if (doc?.localName !== 'AuthnRequest') throw new Error('not an AuthnRequest');
        const issuer = doc.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Issuer')[0]?.textContent ?? '';
        request = { id: doc.getAttribute('ID') ?? '', acsUrl: doc.getAttribute('AssertionConsumerServiceURL') ?? '', issuer };
      } catch {
        return html(400, 'Bad SAMLRequest');
      }
      requests.push(request);
      return html(
        200,
        `<!doctype html><html><head><title>Test IdP sign-in</title></head><body><h1>Sign in to the hospital</h1>` +
          `<form method="post" action="/sso/login"><label>User <input name="login"></label>` +
          `<input type="hidden" name="request" value="${xmlEscape(request.id)}"><button type="submit">Sign in</button></form></body></html>`,
      );
    }
    if (req.method === 'POST' && url.pathname === '/sso/login') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const request = requests.find((r) => r.id === form.get('request'));
        const person = opts.people[form.get('login') ?? ''];
        if (!request || !person) return html(403, 'Unknown user or request');
        html(
          200,
          autoPost(
            request.acsUrl,
            response({ person, acsUrl: request.acsUrl, audience: opts.audience ?? request.issuer, inResponseTo: request.id }),
          ),
        );
      });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/launch') {
      // IdP-initiated: the person picks the application in the IdP's portal; no request is answered.
      const person = opts.people[url.searchParams.get('login') ?? ''];
      const acsUrl = url.searchParams.get('acs') ?? '';
      const audience = url.searchParams.get('audience') ?? '';
      if (!person || !acsUrl) return html(400, 'Unknown user or application');
      return html(200, autoPost(acsUrl, response({ person, acsUrl, audience })));
    }
    html(404, 'Not found');
  });

  return {
    origin,
    entityId,
    ssoUrl: `${origin}/sso`,
    certificate: keys.certificate,
    privateKey: keys.privateKey,
    requests,
    response,
    responseText,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
