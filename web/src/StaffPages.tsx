import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type Post, type Session } from './api.ts';
import { PostCard } from './CommunityPage.tsx';

export function QuestionsPage() {
  const [status, setStatus] = useState<'open' | 'answered'>('open');
  const [data, setData] = useState<{ questions: (Post & { question: { waitingMinutes: number | null; answeredAt: string | null } })[]; medianResponseMinutes: number | null } | null>(null);
  useEffect(() => {
    api<typeof data>('GET', `/api/questions?status=${status}`).then(setData).catch(() => setData({ questions: [], medianResponseMinutes: null }));
  }, [status]);
  return (
    <section aria-labelledby="questions-heading">
      <h1 id="questions-heading">Questions</h1>
      <div className="row" role="group" aria-label="Show">
        <button type="button" aria-pressed={status === 'open'} onClick={() => setStatus('open')}>Waiting for an answer</button>
        <button type="button" aria-pressed={status === 'answered'} onClick={() => setStatus('answered')}>Answered</button>
      </div>
      {data?.medianResponseMinutes !== null && data?.medianResponseMinutes !== undefined && <p className="muted">Median time to answer: {data.medianResponseMinutes} minutes</p>}
      {data?.questions.map((q) => (
        <div key={q.id}>
          {q.question.waitingMinutes !== null && <p className="badge">waiting {q.question.waitingMinutes} min</p>}
          <PostCard post={q} />
        </div>
      ))}
      {data && data.questions.length === 0 && <p className="muted">Nothing here.</p>}
    </section>
  );
}

interface Consent { id: string; patientId: string; purpose: string; destinations: string[]; categories: string[]; expiresAt: string; revokedAt: string | null; active: boolean }
const DESTINATIONS = ['public', 'community', 'direct', 'care_team'];
const CONSENT_CATEGORIES = ['SH01_NAME', 'SH02_GEO', 'SH03_DATE', 'SH04_PHONE', 'SH06_EMAIL', 'SH17_PHOTO'];

export function ConsentsPage({ session }: { session: Session }) {
  const [consents, setConsents] = useState<Consent[]>([]);
  const [patients, setPatients] = useState<{ id: string; name: string }[]>([]);
  const [form, setForm] = useState({ patientId: session.role === 'patient' ? session.user.id : '', purpose: '', destinations: ['public'], categories: ['SH01_NAME'], days: 90 });
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    setConsents((await api<{ consents: Consent[] }>('GET', '/api/consents')).consents);
    if (session.role !== 'patient') {
      const m = await api<{ contacts: { id: string; name: string; role: string }[] }>('GET', '/api/contacts');
      setPatients(m.contacts.filter((c) => c.role === 'patient'));
    }
  }, [session.role]);
  useEffect(() => {
    void load();
  }, [load]);
  const toggle = (list: string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', '/api/consents', { patientId: form.patientId, purpose: form.purpose, destinations: form.destinations, categories: form.categories, expiresAt: new Date(Date.now() + form.days * 86_400_000).toISOString() });
      setForm({ ...form, purpose: '' });
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not record the consent.');
    }
  };
  return (
    <section aria-labelledby="consents-heading">
      <h1 id="consents-heading">Consent records</h1>
      <table>
        <thead><tr><th>Purpose</th><th>Where</th><th>Identifiers</th><th>Until</th><th>Status</th><th /></tr></thead>
        <tbody>
          {consents.map((c) => (
            <tr key={c.id}>
              <td>{c.purpose}</td>
              <td>{c.destinations.join(', ')}</td>
              <td>{c.categories.join(', ')}</td>
              <td>{new Date(c.expiresAt).toLocaleDateString()}</td>
              <td>{c.revokedAt ? 'revoked' : c.active ? 'active' : 'expired'}</td>
              <td>
                <a href={`/api/consents/${c.id}/fhir`}>FHIR</a>{' '}
                {c.active && <button type="button" onClick={async () => { await api('POST', `/api/consents/${c.id}/revoke`); await load(); }}>Revoke</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={submit} aria-label="Record a consent" className="composer">
        <h2>Record a consent</h2>
        {session.role !== 'patient' && (
          <>
            <label htmlFor="c-patient">Patient</label>
            <select id="c-patient" value={form.patientId} onChange={(e) => setForm({ ...form, patientId: e.target.value })} required>
              <option value="">Choose…</option>
              {patients.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </>
        )}
        <label htmlFor="c-purpose">What may be shared, and why</label>
        <input id="c-purpose" value={form.purpose} onChange={(e) => setForm({ ...form, purpose: e.target.value })} required minLength={5} />
        <fieldset><legend>Where</legend>
          {DESTINATIONS.map((d) => <label key={d} className="inline"><input type="checkbox" checked={form.destinations.includes(d)} onChange={() => setForm({ ...form, destinations: toggle(form.destinations, d) })} /> {d}</label>)}
        </fieldset>
        <fieldset><legend>Identifiers</legend>
          {CONSENT_CATEGORIES.map((c) => <label key={c} className="inline"><input type="checkbox" checked={form.categories.includes(c)} onChange={() => setForm({ ...form, categories: toggle(form.categories, c) })} /> {c}</label>)}
        </fieldset>
        <label htmlFor="c-days">Valid for (days)</label>
        <input id="c-days" type="number" min={1} max={3650} value={form.days} onChange={(e) => setForm({ ...form, days: Number(e.target.value) })} />
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit">Record consent</button>
      </form>
    </section>
  );
}
