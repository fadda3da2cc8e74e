import { useCallback, useState, type FormEvent } from 'react';
import { api, type Res } from '../api/client.ts';
import { useAction } from '../shared/useAction.ts';
import { AlertList } from '../accounts/SecurityPage.tsx';
import { EmergencyAccess } from '../accounts/EmergencyAccess.tsx';
import { ROLES } from '../api/enums.gen.ts';
import { DataTable } from '../shared/DataTable.tsx';
import { Provisioning } from './Provisioning.tsx';
import { SingleSignOn } from './SingleSignOn.tsx';
import { locale, t } from '../i18n/index.ts';

interface Member {
  id: string;
  email: string;
  displayName: string;
  role: string;
  trustLevel: number;
  silencedUntil: string | null;
  suspendedUntil: string | null;
  deactivatedAt: string | null;
  twoFactor: boolean;
}
type Change = Res<'GET /api/org/offboarding'>['changes'][number];

export function AdminPage({ me }: { me: string }) {
  const [members, setMembers] = useState<Member[]>([]);
  const [required, setRequired] = useState<string[]>([]);
  const [invite, setInvite] = useState({ email: '', role: 'patient' });
  const [link, setLink] = useState<string | null>(null);
  const [changes, setChanges] = useState<Change[]>([]);
  const [leaving, setLeaving] = useState<{ id: string; reason: string } | null>(null);

  const load = useCallback(async () => {
    const [m, s, o] = await Promise.all([
      api<{ members: Member[] }>('GET', '/api/org/members'),
      api<{ require2faRoles: string[] }>('GET', '/api/org/settings'),
      api<{ changes: Change[] }>('GET', '/api/org/offboarding'),
    ]);
    setMembers(m.members);
    setChanges(o.changes);
    setRequired(s.require2faRoles);
  }, []);
  const { act, error, message, setMessage } = useAction(load);

  const sendInvite = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const r = await api<{ invitation: { token: string } }>('POST', '/api/org/invitations', invite);
      setLink(`${window.location.origin}/invite#${r.invitation.token}`);
      setInvite({ email: '', role: 'patient' });
    });
  };
  return (
    <section aria-labelledby="admin-heading">
      <h1 id="admin-heading">{t('Organization')}</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {message && <p role="status">{message}</p>}
      <h2>{t('Members')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('Name')}</th>
            <th>{t('Email')}</th>
            <th>{t('Role')}</th>
            <th>{t('Two-factor')}</th>
            <th>{t('Report weight (trust level)')}</th>
            <th>{t('Access')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id}>
              <td>{m.displayName}</td>
              <td>{m.email}</td>
              <td>
                <select
                  aria-label={t('Role of {{displayName}}', { displayName: m.displayName })}
                  value={m.role}
                  onChange={(e) => act(() => api('PATCH', `/api/org/members/${m.id}`, { role: e.target.value }))}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                {m.twoFactor ? 'on' : 'off'}{' '}
                {m.twoFactor && m.id !== me && (
                  <button
                    type="button"
                    onClick={() =>
                      act(async () => {
                        await api('POST', `/api/org/members/${m.id}/reset-2fa`);
                        setMessage(
                          t("{{displayName}}'s two-factor sign-in was reset and they were signed out; they were told by email.", {
                            displayName: m.displayName,
                          }),
                        );
                      })
                    }
                  >
                    {t('Reset two-factor for')} {m.displayName}
                  </button>
                )}
              </td>
              <td>
                <select
                  aria-label={t('Trust level of {{displayName}}', { displayName: m.displayName })}
                  value={m.trustLevel}
                  onChange={(e) => act(() => api('PUT', `/api/moderation/members/${m.id}/trust`, { level: Number(e.target.value) }))}
                >
                  {[t('0 new'), t('1 basic'), t('2 member'), t('3 regular'), t('4 leader')].map((label, level) => (
                    <option key={level} value={level}>
                      {label}
                    </option>
                  ))}
                </select>
                {m.silencedUntil && new Date(m.silencedUntil) > new Date() && (
                  <p className="muted">
                    {t('silenced until')} {new Date(m.silencedUntil).toLocaleString(locale())}
                  </p>
                )}
                {m.suspendedUntil && new Date(m.suspendedUntil) > new Date() && (
                  <p className="muted">
                    {t('suspended until')} {new Date(m.suspendedUntil).toLocaleString(locale())}
                  </p>
                )}
              </td>
              <td>
                {m.deactivatedAt ? (
                  <>
                    <span className="muted">deactivated {new Date(m.deactivatedAt).toLocaleDateString(locale())}</span>{' '}
                    <button type="button" onClick={() => act(() => api('POST', `/api/org/members/${m.id}/reactivate`))}>
                      {t('Reactivate')} {m.displayName}
                    </button>
                  </>
                ) : leaving?.id === m.id ? (
                  <form
                    aria-label={`Deactivate ${m.displayName}`}
                    onSubmit={(e) => {
                      e.preventDefault();
                      void act(async () => {
                        const r = await api<{ sessionsEnded: number; channelsFlagged: number; postsHeld: number }>(
                          'POST',
                          `/api/org/members/${m.id}/deactivate`,
                          { reason: leaving.reason },
                        );
                        setLeaving(null);
                        setMessage(
                          t(
                            '{{displayName}} is deactivated: {{sessionsEnded}} session(s) ended, {{channelsFlagged}} channel(s) flagged for someone to take over, {{postsHeld}} scheduled post(s) held for approval. Everything they wrote is kept.',
                            {
                              displayName: m.displayName,
                              sessionsEnded: r.sessionsEnded,
                              channelsFlagged: r.channelsFlagged,
                              postsHeld: r.postsHeld,
                            },
                          ),
                        );
                      });
                    }}
                  >
                    <label>
                      {t('Reason')}{' '}
                      <input value={leaving.reason} onChange={(e) => setLeaving({ ...leaving, reason: e.target.value })} maxLength={300} />
                    </label>
                    <button type="submit">{t('Confirm deactivation')}</button>
                    <button type="button" onClick={() => setLeaving(null)}>
                      {t('Keep')}
                    </button>
                  </form>
                ) : (
                  <button type="button" onClick={() => setLeaving({ id: m.id, reason: '' })}>
                    {t('Deactivate')} {m.displayName}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('Offboarding report')}</h2>
      <DataTable
        label={t('Offboarding report')}
        rows={changes}
        rowKey={(c) => `${c.at}${c.email}${c.change}`}
        empty={t('Nobody has been deactivated. When someone leaves, deactivate them above: their sessions end at once.')}
        columns={[
          { header: t('When'), cell: (c) => new Date(c.at).toLocaleString(locale()) },
          { header: t('Who'), cell: (c) => `${c.member} (${c.email})` },
          { header: t('Change'), cell: (c) => c.change },
          { header: t('By'), cell: (c) => c.by ?? 'system' },
          { header: t('Reason'), cell: (c) => c.reason || '—' },
        ]}
      />

      <h2>{t('Invite someone')}</h2>
      <form onSubmit={sendInvite} aria-label={t('Invite')}>
        <label htmlFor="invite-email">{t('Email')}</label>
        <input
          id="invite-email"
          type="email"
          value={invite.email}
          onChange={(e) => setInvite({ ...invite, email: e.target.value })}
          required
        />
        <label htmlFor="invite-role">{t('Role')}</label>
        <select id="invite-role" value={invite.role} onChange={(e) => setInvite({ ...invite, role: e.target.value })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <button type="submit">{t('Send invitation')}</button>
      </form>
      {link && (
        <p role="status">
          {t('Invitation sent. Link (valid 7 days):')} <code>{link}</code>
        </p>
      )}

      <SingleSignOn />
      <Provisioning />

      <h2>{t('Require two-factor sign-in')}</h2>
      <fieldset>
        <legend>{t('Roles that must use two-factor')}</legend>
        {ROLES.map((r) => (
          <label key={r} className="inline">
            <input
              type="checkbox"
              checked={required.includes(r)}
              onChange={(e) =>
                act(() =>
                  api('PATCH', '/api/org/settings', {
                    require2faRoles: e.target.checked ? [...required, r] : required.filter((x) => x !== r),
                  }),
                )
              }
            />{' '}
            {r}
          </label>
        ))}
      </fieldset>

      <h2>{t('Emergency access (break-glass)')}</h2>
      <EmergencyAccess
        clinicians={members.filter((m) => m.role === 'clinician').map((m) => ({ id: m.id, name: m.displayName }))}
        canRevokeAll
      />

      <h2>{t('Security alerts')}</h2>
      <AlertList scope="organization" />
    </section>
  );
}
