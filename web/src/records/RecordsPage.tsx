import { useCallback, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { useAction } from '../shared/useAction.ts';
import { DataTable } from '../shared/DataTable.tsx';
import { RetentionSection } from './Retention.tsx';

interface Entry {
  seq: number;
  recordKind: string;
  recordId: string;
  event: string;
  version: number;
  channel: string;
  custodian: string | null;
  at: string;
  text: string | null;
}
interface Hold {
  id: string;
  name: string;
  reason: string;
  keywords: string[];
  custodian_ids: string[];
  channels: string[];
  released_at: string | null;
  created_at: string;
}
interface Certificate {
  id: string;
  reason: string;
  entries: number;
  records: number;
  manifestSha256: string;
  at: string;
}
interface Production {
  id: string;
  name: string;
  batesPrefix: string;
  documents: number;
  sha256: string;
  at: string;
}

/** Records management for compliance officers: eDiscovery search and exports, holds, schedules, certificates. */
export function RecordsPage({ canDispose }: { canDispose: boolean }) {
  const [q, setQ] = useState({ keyword: '', from: '', to: '', recordKind: '' });
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [holds, setHolds] = useState<Hold[]>([]);
  const [certs, setCerts] = useState<Certificate[]>([]);
  const [productions, setProductions] = useState<Production[]>([]);
  const [holdForm, setHoldForm] = useState({ name: '', reason: '', keywords: '' });

  const load = useCallback(async () => {
    const [h, c, p] = await Promise.all([
      api<{ holds: Hold[] }>('GET', '/api/archive/holds'),
      api<{ certificates: Certificate[] }>('GET', '/api/archive/certificates'),
      api<{ productions: Production[] }>('GET', '/api/archive/productions'),
    ]);
    setHolds(h.holds);
    setCerts(c.certificates);
    setProductions(p.productions);
  }, []);
  const { act, error, message, setMessage } = useAction(load);
  const query = () => {
    const params = new URLSearchParams();
    if (q.keyword) params.set('keyword', q.keyword);
    if (q.from) params.set('from', new Date(q.from).toISOString());
    if (q.to) params.set('to', new Date(q.to).toISOString());
    if (q.recordKind) params.set('recordKind', q.recordKind);
    return params;
  };
  const search = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => setEntries((await api<{ entries: Entry[] }>('GET', `/api/archive/search?${query()}`)).entries));
  };
  const produce = () =>
    act(async () => {
      const body = { name: `Production ${new Date().toLocaleDateString()}`, batesPrefix: 'HBL', query: Object.fromEntries(query()) };
      const r = await api<{ production: { documents: number } }>('POST', '/api/archive/productions', body);
      setMessage(`Production created with ${r.production.documents} documents.`);
    });

  return (
    <section aria-labelledby="records-heading">
      <h1 id="records-heading">Records</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {message && <p role="status">{message}</p>}

      <h2>eDiscovery search</h2>
      <form onSubmit={search} aria-label="Search the archive" className="row">
        <label>
          Keyword <input value={q.keyword} onChange={(e) => setQ({ ...q, keyword: e.target.value })} />
        </label>
        <label>
          From <input type="date" value={q.from} onChange={(e) => setQ({ ...q, from: e.target.value })} />
        </label>
        <label>
          To <input type="date" value={q.to} onChange={(e) => setQ({ ...q, to: e.target.value })} />
        </label>
        <label>
          Kind{' '}
          <select value={q.recordKind} onChange={(e) => setQ({ ...q, recordKind: e.target.value })}>
            <option value="">any</option>
            {['post', 'comment', 'message', 'review', 'review_reply', 'consent'].map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <button type="submit">Search</button>
        <button type="button" onClick={() => void produce()}>
          Export these as a production
        </button>
      </form>
      {entries && (
        <DataTable
          label="Search results"
          rows={entries}
          rowKey={(e) => e.seq}
          empty="No matches."
          columns={[
            { header: '#', cell: (e) => e.seq },
            { header: 'When', cell: (e) => new Date(e.at).toLocaleString() },
            { header: 'Kind', cell: (e) => `${e.recordKind} (${e.event} v${e.version})` },
            { header: 'Custodian', cell: (e) => e.custodian },
            { header: 'Text', cell: (e) => e.text?.slice(0, 200), className: 'body' },
          ]}
        />
      )}

      <h2>Productions</h2>
      <ul>
        {productions.map((p) => (
          <li key={p.id}>
            {p.name} — {p.documents} documents — <a href={`/api/archive/productions/${p.id}/download`}>download ZIP</a>{' '}
            <span className="muted">SHA-256 {p.sha256.slice(0, 16)}…</span>
          </li>
        ))}
      </ul>

      <h2>Legal holds</h2>
      <ul>
        {holds.map((h) => (
          <li key={h.id}>
            <strong>{h.name}</strong> — {h.reason}
            {h.keywords.length ? ` (keywords: ${h.keywords.join(', ')})` : ''}{' '}
            {h.released_at ? (
              <span className="muted">released</span>
            ) : (
              <button
                type="button"
                onClick={() =>
                  act(async () => {
                    await api('POST', `/api/archive/holds/${h.id}/release`);
                  })
                }
              >
                Release
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        aria-label="New legal hold"
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            await api('POST', '/api/archive/holds', {
              name: holdForm.name,
              reason: holdForm.reason,
              keywords: holdForm.keywords
                .split(',')
                .map((k) => k.trim())
                .filter(Boolean),
            });
            setHoldForm({ name: '', reason: '', keywords: '' });
          });
        }}
      >
        <label htmlFor="hold-name">Hold name</label>
        <input id="hold-name" value={holdForm.name} onChange={(e) => setHoldForm({ ...holdForm, name: e.target.value })} required />
        <label htmlFor="hold-reason">Reason</label>
        <input id="hold-reason" value={holdForm.reason} onChange={(e) => setHoldForm({ ...holdForm, reason: e.target.value })} required />
        <label htmlFor="hold-keywords">Keywords (comma separated; empty holds everything)</label>
        <input id="hold-keywords" value={holdForm.keywords} onChange={(e) => setHoldForm({ ...holdForm, keywords: e.target.value })} />
        <button type="submit">Place hold</button>
      </form>

      <RetentionSection canDispose={canDispose} canManageRules onDestroyed={load} />

      <h2>Destruction certificates</h2>
      <ul>
        {certs.map((c) => (
          <li key={c.id}>
            {new Date(c.at).toLocaleString()} — {c.reason}: {c.records} records ({c.entries} entries){' '}
            <span className="muted">manifest {c.manifestSha256.slice(0, 16)}…</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** For those who may approve destruction but not read the archive (administrators): the disposition part only. */
export function DispositionOnlyPage() {
  return (
    <section aria-labelledby="records-heading">
      <h1 id="records-heading">Records</h1>
      <RetentionSection canDispose canManageRules={false} onDestroyed={async () => undefined} />
    </section>
  );
}
