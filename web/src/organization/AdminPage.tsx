import { useCallback, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { useAction } from '../shared/useAction.ts';
import { AlertList } from '../accounts/SecurityPage.tsx';
import { EmergencyAccess } from '../accounts/EmergencyAccess.tsx';
import { ROLES } from '../api/enums.gen.ts';

interface Member {
  id: string;
  email: string;
  displayName: string;
  role: string;
  trustLevel: number;
  silencedUntil: string | null;
  suspendedUntil: string | null;
  twoFactor: boolean;
}

export function AdminPage() {
  const [members, setMembers] = useState<Member[]>([]);
  const [required, setRequired] = useState<string[]>([]);
  const [invite, setInvite] = useState({ email: '', role: 'patient' });
  const [link, setLink] = useState<string | null>(null);

  const load = useCallback(async () => {
    const [m, s] = await Promise.all([
      api<{ members: Member[] }>('GET', '/api/org/members'),
      api<{ require2faRoles: string[] }>('GET', '/api/org/settings'),
    ]);
    setMembers(m.members);
    setRequired(s.require2faRoles);
  }, []);
  const { act, error, message } = useAction(load);

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
      <h1 id="admin-heading">Organization</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {message && <p role="status">{message}</p>}
      <h2>Members</h2>
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            <th>Two-factor</th>
            <th>Report weight (trust level)</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id}>
              <td>{m.displayName}</td>
              <td>{m.email}</td>
              <td>
                <select
                  aria-label={`Role of ${m.displayName}`}
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
              <td>{m.twoFactor ? 'on' : 'off'}</td>
              <td>
                <select
                  aria-label={`Trust level of ${m.displayName}`}
                  value={m.trustLevel}
                  onChange={(e) => act(() => api('PUT', `/api/moderation/members/${m.id}/trust`, { level: Number(e.target.value) }))}
                >
                  {['0 new', '1 basic', '2 member', '3 regular', '4 leader'].map((label, level) => (
                    <option key={level} value={level}>
                      {label}
                    </option>
                  ))}
                </select>
                {m.silencedUntil && new Date(m.silencedUntil) > new Date() && (
                  <p className="muted">silenced until {new Date(m.silencedUntil).toLocaleString()}</p>
                )}
                {m.suspendedUntil && new Date(m.suspendedUntil) > new Date() && (
                  <p className="muted">suspended until {new Date(m.suspendedUntil).toLocaleString()}</p>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Invite someone</h2>
      <form onSubmit={sendInvite} aria-label="Invite">
        <label htmlFor="invite-email">Email</label>
        <input
          id="invite-email"
          type="email"
          value={invite.email}
          onChange={(e) => setInvite({ ...invite, email: e.target.value })}
          required
        />
        <label htmlFor="invite-role">Role</label>
        <select id="invite-role" value={invite.role} onChange={(e) => setInvite({ ...invite, role: e.target.value })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <button type="submit">Send invitation</button>
      </form>
      {link && (
        <p role="status">
          Invitation sent. Link (valid 7 days): <code>{link}</code>
        </p>
      )}

      <h2>Require two-factor sign-in</h2>
      <fieldset>
        <legend>Roles that must use two-factor</legend>
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

      <h2>Emergency access (break-glass)</h2>
      <EmergencyAccess
        clinicians={members.filter((m) => m.role === 'clinician').map((m) => ({ id: m.id, name: m.displayName }))}
        canRevokeAll
      />

      <h2>Security alerts</h2>
      <AlertList scope="organization" />
    </section>
  );
}
