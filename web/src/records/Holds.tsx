import { useEffect, useState, type FormEvent } from 'react';
import { api, type Res } from '../api/client.ts';
import { DataTable } from '../shared/DataTable.tsx';
import { queryOf, type ArchiveFilters } from './ArchiveSearch.tsx';
import { t, tn } from '../i18n/index.ts';

type Hold = Res<'GET /api/archive/holds'>['holds'][number];
interface Props {
  filters: ArchiveFilters;
  saved: { id: string; name: string }[];
  act: (fn: () => Promise<void>) => Promise<void>;
  setMessage: (m: string) => void;
  version: number;
}

/** Legal holds: by keywords, by what the current search covers (custodian, channel or community, dates), or by a saved search. */
export function Holds({ filters, saved, act, setMessage, version }: Props) {
  const [holds, setHolds] = useState<Hold[]>([]);
  const [form, setForm] = useState({ name: '', reason: '', keywords: '', scope: 'keywords' });
  useEffect(() => {
    void api<{ holds: Hold[] }>('GET', '/api/archive/holds').then((r) => setHolds(r.holds));
  }, [version]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const q = queryOf(filters);
      const scope =
        form.scope === 'search'
          ? {
              custodianIds: q.custodianId ? [q.custodianId] : [],
              channels: q.channel ? [q.channel] : [],
              keywords: q.keyword ? q.keyword.split(/\s+/).filter((w) => w.length >= 2) : [],
              dateFrom: q.from ?? null,
              dateTo: q.to ?? null,
            }
          : form.scope.startsWith('saved:')
            ? { savedSearchId: form.scope.slice('saved:'.length) }
            : {
                keywords: form.keywords
                  .split(',')
                  .map((k) => k.trim())
                  .filter(Boolean),
              };
      const r = await api<{ matching: number; warning: string | null }>('POST', '/api/archive/holds', {
        name: form.name,
        reason: form.reason,
        ...scope,
      });
      setMessage(
        r.warning ??
          tn(
            'Hold placed: it covers 1 archived record now, and what matches from now on.',
            'Hold placed: it covers {{count}} archived records now, and what matches from now on.',
            r.matching,
          ),
      );
      setForm({ name: '', reason: '', keywords: '', scope: 'keywords' });
    });
  };

  return (
    <>
      <h2>{t('Legal holds')}</h2>
      <DataTable
        label={t('Legal holds')}
        rows={holds}
        rowKey={(h) => h.id}
        empty={t('No legal holds. Place one when litigation, an audit or an investigation is reasonably anticipated.')}
        columns={[
          { header: t('Name'), cell: (h) => h.name },
          { header: t('Reason'), cell: (h) => h.reason },
          {
            header: t('Covers'),
            cell: (h) =>
              [
                h.custodians.length ? `custodians: ${h.custodians.join(', ')}` : '',
                h.channels.length ? `channels: ${h.channels.length}` : '',
                h.keywords.length ? `keywords: ${h.keywords.join(', ')}` : '',
                h.date_from || h.date_to ? 'a date range' : '',
              ]
                .filter(Boolean)
                .join('; ') || 'everything',
          },
          { header: t('Records now'), cell: (h) => (h.matching === null ? '—' : h.matching) },
          {
            header: '',
            cell: (h) =>
              h.released_at ? (
                <span className="muted">{t('released')}</span>
              ) : (
                <button
                  type="button"
                  onClick={() =>
                    act(async () => {
                      await api('POST', `/api/archive/holds/${h.id}/release`);
                    })
                  }
                >
                  {t('Release')} {h.name}
                </button>
              ),
          },
        ]}
      />
      <form aria-label={t('New legal hold')} onSubmit={submit}>
        <label htmlFor="hold-name">{t('Hold name')}</label>
        <input id="hold-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
        <label htmlFor="hold-reason">{t('Reason')}</label>
        <input id="hold-reason" value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} required />
        <label htmlFor="hold-scope">{t('What it holds')}</label>
        <select id="hold-scope" value={form.scope} onChange={(e) => setForm({ ...form, scope: e.target.value })}>
          <option value="keywords">{t('records with these keywords')}</option>
          <option value="search">{t('what the current search covers (custodian, channel or community, dates, words)')}</option>
          {saved.map((s) => (
            <option key={s.id} value={`saved:${s.id}`}>
              {t('saved search:')} {s.name}
            </option>
          ))}
        </select>
        {form.scope === 'keywords' && (
          <>
            <label htmlFor="hold-keywords">{t('Keywords (comma separated; empty holds everything)')}</label>
            <input id="hold-keywords" value={form.keywords} onChange={(e) => setForm({ ...form, keywords: e.target.value })} />
          </>
        )}
        <button type="submit">{t('Place hold')}</button>
      </form>
    </>
  );
}
