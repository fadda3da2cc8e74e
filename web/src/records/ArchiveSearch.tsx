import { useState, type FormEvent } from 'react';
import { api, ApiError, type Res } from '../api/client.ts';
import { DataTable } from '../shared/DataTable.tsx';
import { RecordViewer } from './RecordViewer.tsx';
import { DateRange, dayRange } from '../shared/DateRange.tsx';
import { locale, t, tn } from '../i18n/index.ts';

type Found = Res<'GET /api/archive/search'>;
type Entry = Found['entries'][number];
export interface ArchiveFilters {
  keyword: string;
  from: string;
  to: string;
  recordKind: string;
  custodianId: string;
  channel: string;
}
export const NO_FILTERS: ArchiveFilters = { keyword: '', from: '', to: '', recordKind: '', custodianId: '', channel: '' };
const PAGE = 50;

/** The filters as the API takes them (dates from the date inputs are whole local days). */
export function queryOf(q: ArchiveFilters): Record<string, string> {
  const out: Record<string, string> = {};
  if (q.keyword.trim()) out.keyword = q.keyword.trim();
  Object.assign(out, dayRange(q.from, q.to));
  if (q.recordKind) out.recordKind = q.recordKind;
  if (q.custodianId) out.custodianId = q.custodianId;
  if (q.channel) out.channel = q.channel;
  return out;
}

/** A search result's text with the matching words marked. */
function Snippet({ entry }: { entry: Entry }) {
  return (
    <>
      {entry.snippet.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
      {entry.snippet.length === 0 && <span className="muted">{t('(no text)')}</span>}
    </>
  );
}

/**
 * eDiscovery search: keyword, custodian, channel, kind and dates; how many match and counts to narrow by;
 * highlighted results in pages; each record opens with its versions, distribution and chain proof.
 */
export function ArchiveSearch({
  filters,
  onFilters,
  onSave,
}: {
  filters: ArchiveFilters;
  onFilters: (f: ArchiveFilters) => void;
  onSave: (name: string) => Promise<void>;
}) {
  const [found, setFound] = useState<Found | null>(null);
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<{ kind: string; id: string } | null>(null);
  const [saveName, setSaveName] = useState('');
  const [facets, setFacets] = useState<Found['facets'] | null>(null);

  const run = async (f: ArchiveFilters, at: number) => {
    setError(null);
    try {
      const params = new URLSearchParams({ ...queryOf(f), limit: String(PAGE), offset: String(at) });
      const r = await api<Found>('GET', `/api/archive/search?${params}`);
      setFound(r);
      setOffset(at);
      // The pickers keep the widest choice seen (the first, unfiltered counts include everyone).
      setFacets((old) => (old && (f.custodianId || f.channel || f.recordKind) ? old : r.facets));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('The search failed.'));
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(filters, 0);
  };
  const narrow = (patch: Partial<ArchiveFilters>) => {
    const next = { ...filters, ...patch };
    onFilters(next);
    void run(next, 0);
  };
  const set = (patch: Partial<ArchiveFilters>) => onFilters({ ...filters, ...patch });
  const choices = facets ?? found?.facets;

  return (
    <div>
      <h2>{t('eDiscovery search')}</h2>
      <form onSubmit={submit} aria-label={t('Search the archive')} className="row">
        <label>
          {t('Keyword')} <input value={filters.keyword} onChange={(e) => set({ keyword: e.target.value })} />
        </label>
        <label>
          {t('Custodian')}{' '}
          <select value={filters.custodianId} onChange={(e) => set({ custodianId: e.target.value })}>
            <option value="">{t('anyone')}</option>
            {choices?.custodians
              .filter((c) => c.value)
              .map((c) => (
                <option key={c.value} value={c.value!}>
                  {c.label}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('Channel')}{' '}
          <select value={filters.channel} onChange={(e) => set({ channel: e.target.value })}>
            <option value="">{t('any')}</option>
            {choices?.channels.map((c) => (
              <option key={c.value} value={c.value ?? ''}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('Kind')}{' '}
          <select value={filters.recordKind} onChange={(e) => set({ recordKind: e.target.value })}>
            <option value="">{t('any')}</option>
            {['post', 'comment', 'message', 'review', 'review_reply', 'consent', 'network_post', 'media'].map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <DateRange from={filters.from} to={filters.to} onChange={set} />
        <button type="submit">{t('Search')}</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {found && (
        <>
          <p role="status">
            {found.more
              ? t('More than {{count}} matching records', { count: found.total.toLocaleString(locale()) })
              : tn('1 matching record', '{{count}} matching records', found.total, { count: found.total.toLocaleString(locale()) })}
            {found.total > 0 && t('; showing {{value}}–{{value2}}', { value: offset + 1, value2: offset + found.entries.length })}.
          </p>
          <div className="row" aria-label={t('Narrow the results')}>
            {found.more && (
              <span className="muted">
                {t('Counts among the first {{count}} matches:', { count: found.total.toLocaleString(locale()) })}
              </span>
            )}
            {found.facets.custodians.slice(0, 8).map((f) => (
              <button key={`c${f.value}`} type="button" className="link" onClick={() => f.value && narrow({ custodianId: f.value })}>
                {f.label} ({f.count})
              </button>
            ))}
            {found.facets.kinds.map((f) => (
              <button key={`k${f.value}`} type="button" className="link" onClick={() => narrow({ recordKind: f.value ?? '' })}>
                {f.label} ({f.count})
              </button>
            ))}
          </div>
          <DataTable
            label={t('Search results')}
            rows={found.entries}
            rowKey={(e) => e.seq}
            empty={t('Nothing in the archive matches. Try fewer words or a wider date range.')}
            columns={[
              { header: t('When'), cell: (e) => new Date(e.at).toLocaleString(locale()) },
              { header: t('Kind'), cell: (e) => `${e.recordKind} (${e.event} v${e.version})` },
              { header: t('Custodian'), cell: (e) => e.custodian ?? t('System') },
              { header: t('Text'), cell: (e) => <Snippet entry={e} />, className: 'body' },
              {
                header: t('Record'),
                cell: (e) => (
                  <button
                    type="button"
                    onClick={() => setOpen({ kind: e.recordKind, id: e.recordId })}
                    aria-label={t('Open record {{seq}}', { seq: e.seq })}
                  >
                    {t('Open')}
                  </button>
                ),
              },
            ]}
          />
          <div className="row">
            <button type="button" disabled={offset === 0} onClick={() => void run(filters, Math.max(0, offset - PAGE))}>
              {t('Previous page')}
            </button>
            <button type="button" disabled={offset + found.entries.length >= found.total} onClick={() => void run(filters, offset + PAGE)}>
              {t('Next page')}
            </button>
          </div>
          <form
            aria-label={t('Save this search')}
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              void onSave(saveName).then(() => setSaveName(''));
            }}
          >
            <label>
              {t('Save this search as')} <input value={saveName} onChange={(e) => setSaveName(e.target.value)} required minLength={2} />
            </label>
            <button type="submit">{t('Save search')}</button>
          </form>
        </>
      )}
      {open && <RecordViewer kind={open.kind} id={open.id} onClose={() => setOpen(null)} />}
    </div>
  );
}
