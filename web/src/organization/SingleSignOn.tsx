import { useCallback, useState, type FormEvent } from 'react';
import { api, type Res } from '../api/client.ts';
import { ROLES } from '../api/enums.gen.ts';
import { useAction } from '../shared/useAction.ts';

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

/** The organization's OpenID Connect provider (Entra ID, Okta, …): connect it, map its groups to roles, require it for staff. */
export function SingleSignOn() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [form, setForm] = useState({
    issuer: '',
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
        issuer: s.provider.issuer,
        clientId: s.provider.clientId,
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
      await api('PUT', '/api/org/sso', {
        issuer: form.issuer,
        clientId: form.clientId,
        ...(form.clientSecret ? { clientSecret: form.clientSecret } : {}),
        groupsClaim: form.groupsClaim,
        roleMap: parseMap(form.roleMap),
        defaultRole: form.defaultRole || null,
        requireForStaff: form.requireForStaff,
      });
      setMessage('Single sign-on saved: the provider answered and its settings are stored.');
    });
  };
  return (
    <section aria-labelledby="sso-heading">
      <h2 id="sso-heading">Single sign-on</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {message && <p role="status">{message}</p>}
      {settings && (
        <p className="muted">
          Register Harborline with your identity provider as a web application with this redirect address:{' '}
          <code>{settings.redirectUri}</code>. People then sign in with “Continue with your organization’s account”.
        </p>
      )}
      <form onSubmit={save} aria-label="OpenID Connect provider">
        <label htmlFor="sso-issuer">Issuer URL</label>
        <input id="sso-issuer" type="url" value={form.issuer} onChange={(e) => setForm({ ...form, issuer: e.target.value })} required />
        <label htmlFor="sso-client">Client ID</label>
        <input id="sso-client" value={form.clientId} onChange={(e) => setForm({ ...form, clientId: e.target.value })} required />
        <label htmlFor="sso-secret">Client secret {settings?.provider ? '(leave empty to keep the stored one)' : ''}</label>
        <input
          id="sso-secret"
          type="password"
          autoComplete="off"
          value={form.clientSecret}
          onChange={(e) => setForm({ ...form, clientSecret: e.target.value })}
          required={!settings?.provider}
        />
        <label htmlFor="sso-claim">Groups claim</label>
        <input id="sso-claim" value={form.groupsClaim} onChange={(e) => setForm({ ...form, groupsClaim: e.target.value })} required />
        <label htmlFor="sso-map">Groups to roles (one “Group = role” per line; the highest role wins)</label>
        <textarea id="sso-map" rows={4} value={form.roleMap} onChange={(e) => setForm({ ...form, roleMap: e.target.value })} />
        <label htmlFor="sso-default">Role for people in none of these groups</label>
        <select id="sso-default" value={form.defaultRole} onChange={(e) => setForm({ ...form, defaultRole: e.target.value })}>
          <option value="">none: they are not let in</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <label className="inline">
          <input type="checkbox" checked={form.requireForStaff} onChange={(e) => setForm({ ...form, requireForStaff: e.target.checked })} />{' '}
          Staff must sign in this way (patients keep passwords and passkeys; administrators keep theirs for emergencies)
        </label>
        <button type="submit">Save single sign-on</button>
      </form>
    </section>
  );
}
