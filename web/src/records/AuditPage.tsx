import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type Res } from '../api/client.ts';
import { DataTable } from '../shared/DataTable.tsx';
import { DateRange, dayRange } from '../shared/DateRange.tsx';
import { locale, t } from '../i18n/index.ts';

type Page = Res<'GET /api/audit'>;
type Event = Page['events'][number];
type Person = Res<'GET /api/audit/people'>['people'][number];
interface Filters {
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  from: string;
  to: string;
}
const NONE: Filters = { actorId: '', action: '', targetType: '', targetId: '', from: '', to: '' };
const PAGE = 100;

function params(f: Filters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.actorId) p.set('actorId', f.actorId);
  if (f.action.trim()) p.set('action', f.action.trim());
  if (f.targetType.trim()) p.set('targetType', f.targetType.trim());
  if (f.targetId.trim()) p.set('targetId', f.targetId.trim());
  for (const [k, v] of Object.entries(dayRange(f.from, f.to))) p.set(k, v);
  return p;
}

const target = (e: Event) => e.target_name ?? (e.target_type ? `${e.target_type}${e.target_id ? ` ${e.target_id.slice(0, 8)}…` : ''}` : '');

/** The audit log by name: filters by person, action, record and date, pages, CSV of what is shown, and the chain check. */
export function AuditPage() {
  const [events, setEvents] = useState<Event[]>([]);
  const [people, setPeople] = useState<Person[]>([]);
  const [filters, setFilters] = useState<Filters>(NONE);
  // Seqs each shown page started below (the first page: none), so "Newer" goes back exactly.
  const [pages, setPages] = useState<(number | null)[]>([null]);
  const [next, setNext] = useState<number | null>(null);
  const [verify, setVerify] = useState<{ ok: boolean; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (f: Filters, before: number | null) => {
    setError(null);
    try {
      const p = params(f);
      p.set('limit', String(PAGE));
      if (before) p.set('before', String(before));
      const r = await api<Page>('GET', `/api/audit?${p}`);
      setEvents(r.events);
      setNext(r.nextBefore);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('Could not load the audit log.'));
    }
  };
  useEffect(() => {
    void load(NONE, null);
    void api<{ people: Person[] }>('GET', '/api/audit/people').then((r) => setPeople(r.people));
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setPages([null]);
    void load(filters, null);
  };
  const set = (patch: Partial<Filters>) => setFilters({ ...filters, ...patch });
  const check = async () => {
    const r = await api<{ ok: boolean; checked: number; firstBroken: { seq: number; reason: string } | null }>('GET', '/api/audit/verify');
    setVerify({
      ok: r.ok,
      text: r.ok
        ? t('Chain intact: {{checked}} entries verified.', { checked: r.checked })
        : t('Chain BROKEN at entry {{seq}}: {{reason}}.', { seq: r.firstBroken!.seq, reason: r.firstBroken!.reason }),
    });
  };
  const showRecord = (e: Event) => {
    const f = { ...NONE, targetType: e.target_type ?? '', targetId: e.target_id ?? '' };
    setFilters(f);
    setPages([null]);
    void load(f, null);
  };

  return (
    <section aria-labelledby="audit-heading">
      <h1 id="audit-heading">{t('Audit log')}</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <form onSubmit={submit} aria-label={t('Search the audit log')} className="row">
        <label>
          {t('Person')}{' '}
          <select value={filters.actorId} onChange={(e) => set({ actorId: e.target.value })}>
            <option value="">{t('anyone')}</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('Action')}{' '}
          <input value={filters.action} onChange={(e) => set({ action: e.target.value })} placeholder={t('auth. or member.deactivated')} />
        </label>
        <label>
          {t('Record type')}{' '}
          <input
            value={filters.targetType}
            onChange={(e) => set({ targetType: e.target.value })}
            placeholder={t('user, post, production')}
          />
        </label>
        <label>
          {t('Record id')} <input value={filters.targetId} onChange={(e) => set({ targetId: e.target.value })} />
        </label>
        <DateRange from={filters.from} to={filters.to} onChange={set} />
        <button type="submit">{t('Search')}</button>
        <a href={`/api/audit/export.csv?${params(filters)}`} download>
          {t('Export CSV')}
        </a>
        <button type="button" onClick={() => void check()}>
          {t('Verify hash chain')}
        </button>
      </form>
      {verify && (
        <p role="status" className={verify.ok ? '' : 'error'}>
          {verify.text}
        </p>
      )}
      <DataTable
        label={t('Audit events')}
        rows={events}
        rowKey={(e) => e.seq}
        empty={t('No events match these filters.')}
        columns={[
          { header: t('Time'), cell: (e) => new Date(e.created_at).toLocaleString(locale()) },
          { header: t('Person'), cell: (e) => e.actor_name ?? (e.actor_id ? t('Unknown') : t('System')) },
          { header: t('Action'), cell: (e) => e.action },
          {
            header: t('Record'),
            cell: (e) =>
              e.target_type ? (
                <button type="button" className="link" onClick={() => showRecord(e)} title={t("Show this record's history")}>
                  {target(e)}
                </button>
              ) : (
                ''
              ),
          },
          { header: t('Network'), cell: (e) => e.ip ?? '' },
          { header: '#', cell: (e) => e.seq },
        ]}
      />
      <div className="row">
        <button
          type="button"
          disabled={pages.length <= 1}
          onClick={() => {
            const rest = pages.slice(0, -1);
            setPages(rest);
            void load(filters, rest[rest.length - 1] ?? null);
          }}
        >
          {t('Newer')}
        </button>
        <button
          type="button"
          disabled={!next}
          onClick={() => {
            setPages([...pages, next]);
            void load(filters, next);
          }}
        >
          {t('Older')}
        </button>
      </div>
    </section>
  );
}
