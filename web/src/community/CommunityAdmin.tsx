import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, type Res } from '../api/client.ts';
import { DataTable, EmptyState } from '../shared/DataTable.tsx';
import { ErrorNote } from '../shared/ErrorNote.tsx';
import { locale, t } from '../i18n/index.ts';

type JoinLink = Res<'GET /api/communities/{id}/join-links'>['links'][number];
type JoinRequest = Res<'GET /api/communities/{id}/join-requests'>['requests'][number];

const fullLink = (path: string) => `${window.location.origin}${path}`;

/**
 * What a community's moderators manage about who comes in: the rules people accept when joining, the
 * invitation links (and codes) they hand out, and the requests waiting for approval.
 */
export function CommunityAdmin({ communityId }: { communityId: string }) {
  const [links, setLinks] = useState<JoinLink[]>([]);
  const [requests, setRequests] = useState<JoinRequest[]>([]);
  const [rules, setRules] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  // The tools are drawn when opened: the community page stays light and its own labels unambiguous.
  const [open, setOpen] = useState(false);
  const load = useCallback(async () => {
    try {
      const [l, r, ru] = await Promise.all([
        api<{ links: JoinLink[] }>('GET', `/api/communities/${communityId}/join-links`),
        api<{ requests: JoinRequest[] }>('GET', `/api/communities/${communityId}/join-requests`),
        api<{ rules: string }>('GET', `/api/communities/${communityId}/rules`),
      ]);
      setLinks(l.links);
      setRequests(r.requests);
      setRules(ru.rules);
    } catch (e) {
      setError(e);
    }
  }, [communityId]);
  useEffect(() => {
    void load();
  }, [load]);
  const act = async (fn: () => Promise<unknown>, note?: string) => {
    setError(null);
    setSaved(null);
    try {
      await fn();
      if (note) setSaved(note);
      await load();
    } catch (e) {
      setError(e);
    }
  };
  const saveRules = (e: FormEvent) => {
    e.preventDefault();
    void act(
      () => api('PUT', `/api/communities/${communityId}/rules`, { rules }),
      t('The rules are saved. New members accept them when joining.'),
    );
  };
  return (
    <details className="card community-admin" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {t('Members and invitations')}
        {requests.length ? t(' · {{length}} waiting', { length: requests.length }) : ''}
      </summary>
      {open && (
        <>
          <ErrorNote error={error} />
          {saved && <p role="status">{saved}</p>}
          <h2>{t('Waiting for approval')}</h2>
          {requests.length === 0 ? (
            <EmptyState>{t('Nobody is waiting. Links that need approval bring requests here.')}</EmptyState>
          ) : (
            <ul className="comments">
              {requests.map((r) => (
                <li key={r.id}>
                  {r.name}
                  {r.pseudonym ? t(' (as “{{pseudonym}}”)', { pseudonym: r.pseudonym }) : ''} {t('· asked')}{' '}
                  {new Date(r.requestedAt).toLocaleString(locale())}{' '}
                  <button
                    type="button"
                    onClick={() => act(() => api('POST', `/api/join-requests/${r.id}/decision`, { decision: 'approve' }))}
                  >
                    {t('Approve')} {r.name}
                  </button>{' '}
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => act(() => api('POST', `/api/join-requests/${r.id}/decision`, { decision: 'decline' }))}
                  >
                    {t('Decline')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <h2>{t('Invitation links')}</h2>
          <DataTable
            label={t('Invitation links')}
            rows={links}
            rowKey={(l) => l.id}
            empty={t(
              'No invitation links yet. Make one below and share it (a poster, a discharge letter, an email) so patients can join by themselves.',
            )}
            columns={[
              { header: t('Link'), cell: (l) => <code>{fullLink(l.path)}</code> },
              { header: t('Code'), cell: (l) => <code>{l.code}</code> },
              { header: t('For'), cell: (l) => l.label || '—' },
              {
                header: t('Conditions'),
                cell: (l) =>
                  [
                    l.requiresApproval ? 'approval' : null,
                    l.emailDomains.length ? `emails at ${l.emailDomains.join(', ')}` : null,
                    l.needsAccessCode ? 'access code' : null,
                  ]
                    .filter(Boolean)
                    .join(' · ') || 'none',
              },
              {
                header: t('Used'),
                cell: (l) =>
                  `${l.uses}${l.maxUses ? t(' of {{maxUses}}', { maxUses: l.maxUses }) : ''}${l.expiresAt ? t(' · until {{value}}', { value: new Date(l.expiresAt).toLocaleDateString(locale()) }) : ''}`,
              },
              {
                header: '',
                cell: (l) =>
                  l.active ? (
                    <button type="button" className="secondary" onClick={() => act(() => api('DELETE', `/api/join-links/${l.id}`))}>
                      {t('Withdraw')}
                    </button>
                  ) : (
                    t('withdrawn or used up')
                  ),
              },
            ]}
          />
          <NewJoinLink communityId={communityId} onCreated={() => void load()} />
          <form onSubmit={saveRules} aria-labelledby="rules-edit-heading">
            <h2 id="rules-edit-heading">{t('Community rules')}</h2>
            <label htmlFor="community-rules">{t('Rules everyone accepts when joining (leave empty for none)')}</label>
            <textarea id="community-rules" rows={4} maxLength={10_000} value={rules} onChange={(e) => setRules(e.target.value)} />
            <button type="submit">{t('Save rules')}</button>
          </form>
        </>
      )}
    </details>
  );
}

function NewJoinLink({ communityId, onCreated }: { communityId: string; onCreated: () => void }) {
  const [form, setForm] = useState({ label: '', requiresApproval: false, emailDomains: '', accessCode: '', expires: '', maxUses: '' });
  const [created, setCreated] = useState<JoinLink | null>(null);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await api<{ link: JoinLink }>('POST', `/api/communities/${communityId}/join-links`, {
        label: form.label,
        requiresApproval: form.requiresApproval,
        emailDomains: form.emailDomains
          .split(/[\s,]+/)
          .map((d) => d.trim())
          .filter(Boolean),
        accessCode: form.accessCode.trim() || null,
        expiresAt: form.expires ? new Date(`${form.expires}T23:59:59`).toISOString() : null,
        maxUses: form.maxUses ? Number(form.maxUses) : null,
      });
      setCreated(r.link);
      setForm({ label: '', requiresApproval: false, emailDomains: '', accessCode: '', expires: '', maxUses: '' });
      onCreated();
    } catch (err) {
      setError(err);
    }
  };
  const set = (k: 'label' | 'emailDomains' | 'accessCode' | 'expires' | 'maxUses') => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  return (
    <form onSubmit={submit} aria-labelledby="new-link-heading">
      <h3 id="new-link-heading">{t('New invitation link')}</h3>
      <label htmlFor="link-label">{t('What it is for (only moderators see this)')}</label>
      <input id="link-label" value={form.label} maxLength={100} onChange={set('label')} placeholder={t('Waiting room poster')} />
      <label className="inline">
        <input type="checkbox" checked={form.requiresApproval} onChange={(e) => setForm({ ...form, requiresApproval: e.target.checked })} />{' '}
        {t('A moderator approves each person')}
      </label>
      <label htmlFor="link-domains">{t('Only emails at these domains (optional, separated by commas)')}</label>
      <input id="link-domains" value={form.emailDomains} onChange={set('emailDomains')} placeholder="example.org" />
      <label htmlFor="link-access">{t('Access code people enter as well (optional, handed out in person)')}</label>
      <input id="link-access" value={form.accessCode} onChange={set('accessCode')} autoComplete="off" />
      <div className="row">
        <label htmlFor="link-expires">{t('Valid until (optional)')}</label>
        <input id="link-expires" type="date" value={form.expires} onChange={set('expires')} />
        <label htmlFor="link-uses">{t('At most this many people (optional)')}</label>
        <input id="link-uses" type="number" min={1} value={form.maxUses} onChange={set('maxUses')} />
      </div>
      <ErrorNote error={error} />
      <button type="submit">{t('Create invitation link')}</button>
      {created && (
        <p role="status" className="notice">
          {t('Share this link:')} <code data-testid="new-join-link">{fullLink(created.path)}</code> {t('— or the code')}{' '}
          <code>{created.code}</code>.
        </p>
      )}
    </form>
  );
}
