import { useCallback, useState, type FormEvent } from 'react';
import { api, type Res } from '../api/client.ts';
import { DataTable } from '../shared/DataTable.tsx';
import { useAction } from '../shared/useAction.ts';
import { locale, t } from '../i18n/index.ts';

type Tokens = Res<'GET /api/org/scim-tokens'>;

/** SCIM 2.0 bearer tokens for the organization's identity system: made (shown once), listed with last use, revoked. */
export function Provisioning() {
  const [tokens, setTokens] = useState<Tokens | null>(null);
  const [name, setName] = useState('');
  const [made, setMade] = useState<string | null>(null);
  const load = useCallback(async () => setTokens(await api<Tokens>('GET', '/api/org/scim-tokens')), []);
  const { act, error, message, setMessage } = useAction(load);
  const create = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const r = await api<Res<'POST /api/org/scim-tokens'>>('POST', '/api/org/scim-tokens', { name });
      setMade(r.token);
      setName('');
    });
  };
  const revoke = (id: string, tokenName: string) =>
    act(async () => {
      await api('DELETE', `/api/org/scim-tokens/${id}`);
      setMade(null);
      setMessage(t('Token “{{tokenName}}” revoked: the identity system can no longer use it.', { tokenName }));
    });
  return (
    <section aria-labelledby="scim-heading">
      <h2 id="scim-heading">{t('Provisioning (SCIM)')}</h2>
      <p className="muted">
        {t(
          'Your identity system (Entra ID, Okta, …) creates, updates and deactivates people and groups here with SCIM 2.0. Give it this endpoint',
        )}{' '}
        {tokens && <code>{tokens.endpoint}</code>} {t('and a token. Deactivating someone there ends their sessions here at once.')}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {message && <p role="status">{message}</p>}
      {made && (
        <p role="status">
          {t('New token — copy it now, it is not shown again:')} <code data-testid="scim-token">{made}</code>
        </p>
      )}
      <form onSubmit={create} aria-label={t('New SCIM token')}>
        <label htmlFor="scim-name">{t('Token name (which system uses it)')}</label>
        <input id="scim-name" value={name} onChange={(e) => setName(e.target.value)} required minLength={2} maxLength={80} />
        <button type="submit">{t('Create token')}</button>
      </form>
      {tokens && (
        <DataTable
          label={t('SCIM tokens')}
          rows={tokens.tokens}
          rowKey={(t) => t.id}
          empty={t('No tokens yet: create one for your identity system to start provisioning.')}
          columns={[
            { header: t('Name'), cell: (token) => token.name },
            { header: t('Created'), cell: (token) => new Date(token.createdAt).toLocaleString(locale()) },
            {
              header: t('Last used'),
              cell: (token) => (token.lastUsedAt ? new Date(token.lastUsedAt).toLocaleString(locale()) : t('never')),
            },
            {
              header: t('Actions'),
              cell: (token) => (
                <button type="button" onClick={() => void revoke(token.id, token.name)}>
                  {t('Revoke {{name}}', { name: token.name })}
                </button>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}
