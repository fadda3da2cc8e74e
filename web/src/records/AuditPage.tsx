import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type Res } from '../api/client.ts';
import { DataTable } from '../shared/DataTable.tsx';

type Event = Res<'GET /api/audit'>['events'][number];

export function AuditPage() {
  const [events, setEvents] = useState<Event[]>([]);
  const [action, setAction] = useState('');
  const [verify, setVerify] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const search = async (prefix = action) => {
    try {
      const r = await api<{ events: Event[] }>('GET', `/api/audit?limit=200${prefix ? `&action=${encodeURIComponent(prefix)}` : ''}`);
      setEvents(r.events);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not load the audit log.');
    }
  };
  useEffect(() => {
    void search('');
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void search();
  };
  const check = async () => {
    const r = await api<{ ok: boolean; checked: number; firstBroken: { seq: number; reason: string } | null }>('GET', '/api/audit/verify');
    setVerify(
      r.ok ? `Chain intact: ${r.checked} entries verified.` : `Chain BROKEN at entry ${r.firstBroken!.seq}: ${r.firstBroken!.reason}.`,
    );
  };
  return (
    <section aria-labelledby="audit-heading">
      <h1 id="audit-heading">Audit log</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <form onSubmit={submit} aria-label="Search the audit log" className="row">
        <label htmlFor="audit-action">Action starts with</label>
        <input id="audit-action" value={action} onChange={(e) => setAction(e.target.value)} placeholder="auth., post., break_glass." />
        <button type="submit">Search</button>
        <a href="/api/audit/export.csv" download>
          Export CSV
        </a>
        <button type="button" onClick={check}>
          Verify hash chain
        </button>
      </form>
      {verify && <p role="status">{verify}</p>}
      <DataTable
        label="Audit events"
        rows={events}
        rowKey={(e) => e.seq}
        empty="No events match."
        columns={[
          { header: '#', cell: (e) => e.seq },
          { header: 'Time', cell: (e) => new Date(e.created_at).toLocaleString() },
          { header: 'Action', cell: (e) => e.action },
          { header: 'Target', cell: (e) => `${e.target_type ?? ''}${e.target_id ? ` ${e.target_id.slice(0, 8)}` : ''}` },
          { header: 'Actor', cell: (e) => e.actor_id?.slice(0, 8) ?? 'system' },
          { header: 'IP', cell: (e) => e.ip ?? '' },
        ]}
      />
    </section>
  );
}
