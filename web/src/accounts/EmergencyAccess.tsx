import { useCallback, useState, type FormEvent } from 'react';
import { api, type Res } from '../api/client.ts';
import { useAction } from '../shared/useAction.ts';
import { locale, t } from '../i18n/index.ts';

type Grant = Res<'GET /api/security/break-glass'>['grants'][number];

/**
 * Break-glass: a clinician asks (or an admin asks for a clinician), a second person approves. Admins
 * pick the clinician; a clinician asks for themself (`selfId`).
 */
export function EmergencyAccess({
  clinicians,
  selfId,
  canRevokeAll,
}: {
  clinicians?: { id: string; name: string }[];
  selfId?: string;
  canRevokeAll: boolean;
}) {
  const [grants, setGrants] = useState<Grant[]>([]);
  const [form, setForm] = useState({ userId: selfId ?? '', reason: '', minutes: 60 });
  const load = useCallback(async () => setGrants((await api<{ grants: Grant[] }>('GET', '/api/security/break-glass')).grants), []);
  const { act, error, message, setMessage } = useAction(load);
  const ask = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      await api('POST', '/api/security/break-glass', form);
      setForm({ ...form, reason: '' });
      setMessage(t('Request sent. It starts when a second person (an admin or compliance officer) approves it.'));
    });
  };
  return (
    <div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {message && <p role="status">{message}</p>}
      <form onSubmit={ask} aria-label={t('Ask for emergency access')}>
        {clinicians && (
          <>
            <label htmlFor="glass-user">{t('Clinician')}</label>
            <select id="glass-user" value={form.userId} onChange={(e) => setForm({ ...form, userId: e.target.value })} required>
              <option value="">{t('Choose…')}</option>
              {clinicians.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </>
        )}
        <label htmlFor="glass-reason">{t('Reason (recorded in the audit log)')}</label>
        <input
          id="glass-reason"
          value={form.reason}
          minLength={10}
          onChange={(e) => setForm({ ...form, reason: e.target.value })}
          required
        />
        <label htmlFor="glass-minutes">{t('Minutes (1–240)')}</label>
        <input
          id="glass-minutes"
          type="number"
          min={1}
          max={240}
          value={form.minutes}
          onChange={(e) => setForm({ ...form, minutes: Number(e.target.value) })}
        />
        <button type="submit">{t('Ask for emergency access')}</button>
      </form>
      {grants.length === 0 ? (
        <p>{t('No emergency access is pending or active.')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('For')}</th>
              <th>{t('Asked by')}</th>
              <th>{t('Reason')}</th>
              <th>{t('Status')}</th>
              <th>{t('Actions')}</th>
            </tr>
          </thead>
          <tbody>
            {grants.map((g) => (
              <tr key={g.id}>
                <td>{g.grantee}</td>
                <td>{g.requester}</td>
                <td>{g.reason}</td>
                <td>
                  {g.status === 'active'
                    ? t('Active until {{value}} (approved by {{approver}})', {
                        value: new Date(g.expiresAt).toLocaleTimeString(locale()),
                        approver: g.approver ?? '',
                      })
                    : t('Waiting for a second person ({{minutes}} min)', { minutes: g.minutes })}
                </td>
                <td>
                  {g.canApprove && (
                    <button type="button" onClick={() => act(() => api('POST', `/api/security/break-glass/${g.id}/approve`))}>
                      {t('Approve')}
                    </button>
                  )}
                  {(canRevokeAll || g.status === 'pending') && (
                    <button type="button" onClick={() => act(() => api('DELETE', `/api/security/break-glass/${g.id}`))}>
                      {g.status === 'active' ? t('End now') : t('Withdraw')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
