import { useCallback, useState, type FormEvent } from 'react';
import { api, type Res } from '../api/client.ts';
import { ROLES } from '../api/enums.gen.ts';
import { useAction } from '../shared/useAction.ts';
import { locale, t } from '../i18n/index.ts';

type Settings = Res<'GET /api/org/sso'>;

/** "Group = role" lines as a map, and back. */
const parseMap = (text: string) =>
  Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.split('=').map((p) => p.trim()))
      .filter(([group, role]) => group && role),
  );
const printMap = (map: Record<string, string>) =>
  Object.entries(map)
    .map(([g, r]) => `${g} = ${r}`)
    .join('\n');

type Kind = 'oidc' | 'saml';

/**
 * The organization's identity provider (Entra ID, Okta, …) over OpenID Connect or SAML 2.0: connect it, map
 * its groups to roles, require it for staff.
 */
export function SingleSignOn() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [form, setForm] = useState({
    kind: 'oidc' as Kind,
    issuer: '',
    ssoUrl: '',
    certificate: '',
    clientId: '',
    clientSecret: '',
    groupsClaim: 'groups',
    roleMap: '',
    defaultRole: '',
    requireForStaff: false,
  });
  const load = useCallback(async () => {
    const s = await api<Settings>('GET', '/api/org/sso');
    setSettings(s);
    if (s.provider)
      setForm({
        kind: s.provider.kind,
        issuer: s.provider.issuer,
        ssoUrl: s.provider.ssoUrl ?? '',
        certificate: '',
        clientId: s.provider.clientId ?? '',
        clientSecret: '',
        groupsClaim: s.provider.groupsClaim,
        roleMap: printMap(s.provider.roleMap),
        defaultRole: s.provider.defaultRole ?? '',
        requireForStaff: s.provider.requireForStaff,
      });
  }, []);
  const { act, error, message, setMessage } = useAction(load);
  const save = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const common = {
        groupsClaim: form.groupsClaim,
        roleMap: parseMap(form.roleMap),
        defaultRole: (form.defaultRole || null) as (typeof ROLES)[number] | null,
        requireForStaff: form.requireForStaff,
      };
      await api(
        'PUT',
        '/api/org/sso',
        form.kind === 'oidc'
          ? {
              kind: 'oidc' as const,
              issuer: form.issuer,
              clientId: form.clientId,
              ...(form.clientSecret ? { clientSecret: form.clientSecret } : {}),
              ...common,
            }
          : { kind: 'saml' as const, entityId: form.issuer, ssoUrl: form.ssoUrl, certificate: form.certificate, ...common },
      );
      setMessage(
        form.kind === 'oidc'
          ? t('Single sign-on saved: the provider answered and its settings are stored.')
          : t('Single sign-on saved: the certificate was read and the settings are stored.'),
      );
    });
  };
  // The form is shown once the stored settings are in it: a choice made earlier would be overwritten by them.
  if (!settings) return error ? <p className="error">{error}</p> : <p className="loading">{t('Loading…')}</p>;
  return (
    <section aria-labelledby="sso-heading">
      <h2 id="sso-heading">{t('Single sign-on')}</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {message && <p role="status">{message}</p>}
      <fieldset>
        <legend>{t('Protocol')}</legend>
        {(['oidc', 'saml'] as const).map((k) => (
          <label key={k} className="inline">
            <input type="radio" name="sso-kind" checked={form.kind === k} onChange={() => setForm({ ...form, kind: k })} />{' '}
            {k === 'oidc' ? 'OpenID Connect' : 'SAML 2.0'}
          </label>
        ))}
      </fieldset>
      {settings && form.kind === 'oidc' && (
        <p className="muted">
          {t('Register Harborline with your identity provider as a web application with this redirect address:')}{' '}
          <code>{settings.oidc.redirectUri}</code>. {t('People then sign in with “Continue with your organization’s account”.')}
        </p>
      )}
      {settings && form.kind === 'saml' && (
        <dl className="muted">
          <dt>{t('Entity ID (audience)')}</dt>
          <dd>
            <code>{settings.saml.entityId}</code>
          </dd>
          <dt>{t('Assertion consumer service (reply URL, HTTP-POST)')}</dt>
          <dd>
            <code>{settings.saml.acsUrl}</code>
          </dd>
          <dt>{t('Metadata')}</dt>
          <dd>
            <code>{settings.saml.metadataUrl}</code>{' '}
            {t(
              '(once saved). The IdP must sign its assertions; people sign in with “Continue with your organization’s account” or from the IdP’s own portal.',
            )}
          </dd>
        </dl>
      )}
      <form onSubmit={save} aria-label={form.kind === 'oidc' ? t('OpenID Connect provider') : t('SAML identity provider')}>
        {form.kind === 'oidc' ? (
          <>
            <label htmlFor="sso-issuer">{t('Issuer URL')}</label>
            <input id="sso-issuer" type="url" value={form.issuer} onChange={(e) => setForm({ ...form, issuer: e.target.value })} required />
            <label htmlFor="sso-client">{t('Client ID')}</label>
            <input id="sso-client" value={form.clientId} onChange={(e) => setForm({ ...form, clientId: e.target.value })} required />
            <label htmlFor="sso-secret">
              {t('Client secret')} {settings?.provider?.kind === 'oidc' ? t('(leave empty to keep the stored one)') : ''}
            </label>
            <input
              id="sso-secret"
              type="password"
              autoComplete="off"
              value={form.clientSecret}
              onChange={(e) => setForm({ ...form, clientSecret: e.target.value })}
              required={settings?.provider?.kind !== 'oidc'}
            />
          </>
        ) : (
          <>
            <label htmlFor="sso-entity">{t('Identity provider’s entity ID (issuer)')}</label>
            <input id="sso-entity" value={form.issuer} onChange={(e) => setForm({ ...form, issuer: e.target.value })} required />
            <label htmlFor="sso-url">{t('Sign-on URL (HTTP-Redirect)')}</label>
            <input id="sso-url" type="url" value={form.ssoUrl} onChange={(e) => setForm({ ...form, ssoUrl: e.target.value })} required />
            <label htmlFor="sso-cert">
              {t('Signing certificate (PEM)')}
              {settings?.provider?.certificate
                ? t(' — stored one expires {{value}}; paste it again to save', {
                    value: new Date(settings.provider.certificate.expiresAt).toLocaleDateString(locale()),
                  })
                : ''}
            </label>
            <textarea
              id="sso-cert"
              rows={5}
              value={form.certificate}
              onChange={(e) => setForm({ ...form, certificate: e.target.value })}
              required
            />
          </>
        )}
        <label htmlFor="sso-claim">{form.kind === 'oidc' ? t('Groups claim') : t('Groups attribute')}</label>
        <input id="sso-claim" value={form.groupsClaim} onChange={(e) => setForm({ ...form, groupsClaim: e.target.value })} required />
        <label htmlFor="sso-map">{t('Groups to roles (one “Group = role” per line; the highest role wins)')}</label>
        <textarea id="sso-map" rows={4} value={form.roleMap} onChange={(e) => setForm({ ...form, roleMap: e.target.value })} />
        <label htmlFor="sso-default">{t('Role for people in none of these groups')}</label>
        <select id="sso-default" value={form.defaultRole} onChange={(e) => setForm({ ...form, defaultRole: e.target.value })}>
          <option value="">{t('none: they are not let in')}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <label className="inline">
          <input type="checkbox" checked={form.requireForStaff} onChange={(e) => setForm({ ...form, requireForStaff: e.target.checked })} />{' '}
          {t('Staff must sign in this way (patients keep passwords and passkeys; administrators keep theirs for emergencies)')}
        </label>
        <button type="submit">{t('Save single sign-on')}</button>
      </form>
    </section>
  );
}
