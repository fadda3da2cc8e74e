import { useEffect, useState, type FormEvent } from 'react';
import { api, type Res } from '../api/client.ts';
import { DataTable } from '../shared/DataTable.tsx';
import { queryOf, type ArchiveFilters } from './ArchiveSearch.tsx';
import { locale, t } from '../i18n/index.ts';

type Production = Res<'GET /api/archive/productions'>['productions'][number];
type Custody = Res<'GET /api/archive/productions/{id}/custody'>['events'];
interface Props {
  filters: ArchiveFilters;
  saved: { id: string; name: string }[];
  sets: { id: string; name: string }[];
  act: (fn: () => Promise<void>) => Promise<void>;
  setMessage: (m: string) => void;
  version: number;
}

/** Productions: named, Bates-numbered from a chosen start, from a search, a saved search or a review set; custody of each. */
export function Productions({ filters, saved, sets, act, setMessage, version }: Props) {
  const [productions, setProductions] = useState<Production[]>([]);
  const [form, setForm] = useState({ name: '', batesPrefix: 'HBL', batesStart: '1', source: 'search', include: 'responsive' });
  const [custody, setCustody] = useState<{ id: string; events: Custody } | null>(null);
  useEffect(() => {
    void api<{ productions: Production[] }>('GET', '/api/archive/productions').then((r) => setProductions(r.productions));
  }, [version]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const [kind, id] = form.source.split(':');
      const source =
        kind === 'set'
          ? { reviewSetId: id, include: form.include }
          : kind === 'saved'
            ? { savedSearchId: id }
            : { query: queryOf(filters) };
      const r = await api<{ production: { documents: number; withheld: number } }>('POST', '/api/archive/productions', {
        name: form.name,
        batesPrefix: form.batesPrefix,
        batesStart: Number(form.batesStart),
        ...source,
      });
      setMessage(
        r.production.withheld
          ? t('Production “{{name}}” created with {{documents}} documents; {{withheld}} withheld as privileged (see its privilege log).', {
              name: form.name,
              documents: r.production.documents,
              withheld: r.production.withheld,
            })
          : t('Production “{{name}}” created with {{documents}} documents.', { name: form.name, documents: r.production.documents }),
      );
      setForm({ ...form, name: '' });
    });
  };
  const showCustody = async (id: string) => {
    if (custody?.id === id) return setCustody(null);
    setCustody({ id, events: (await api<{ events: Custody }>('GET', `/api/archive/productions/${id}/custody`)).events });
  };

  return (
    <>
      <h2>{t('Productions')}</h2>
      <form onSubmit={submit} aria-label={t('New production')} className="row">
        <label>
          {t('Production name')}{' '}
          <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required minLength={2} />
        </label>
        <label>
          {t('Bates prefix')}{' '}
          <input
            value={form.batesPrefix}
            onChange={(e) => setForm({ ...form, batesPrefix: e.target.value.toUpperCase() })}
            pattern="[A-Z]{2,8}"
            title={t('2 to 8 capital letters')}
            required
          />
        </label>
        <label>
          {t('First Bates number')}{' '}
          <input
            type="number"
            min={1}
            value={form.batesStart}
            onChange={(e) => setForm({ ...form, batesStart: e.target.value })}
            required
          />
        </label>
        <label>
          {t('Documents')}{' '}
          <select value={form.source} onChange={(e) => setForm({ ...form, source: e.target.value })}>
            <option value="search">{t('the current search')}</option>
            {saved.map((s) => (
              <option key={s.id} value={`saved:${s.id}`}>
                {t('saved search:')} {s.name}
              </option>
            ))}
            {sets.map((s) => (
              <option key={s.id} value={`set:${s.id}`}>
                {t('review set:')} {s.name}
              </option>
            ))}
          </select>
        </label>
        {form.source.startsWith('set:') && (
          <label>
            {t('From the set')}{' '}
            <select value={form.include} onChange={(e) => setForm({ ...form, include: e.target.value })}>
              <option value="responsive">{t('documents coded responsive')}</option>
              <option value="all">{t('every document')}</option>
            </select>
          </label>
        )}
        <button type="submit">{t('Create production')}</button>
      </form>
      <DataTable
        label={t('Productions')}
        rows={productions}
        rowKey={(p) => p.id}
        empty={t('No productions yet. Search or review, then create a production for the matter.')}
        columns={[
          { header: t('Name'), cell: (p) => p.name },
          {
            header: t('Documents'),
            cell: (p) =>
              `${p.documents}${p.withheld ? t(' (+{{withheld}} withheld)', { withheld: p.withheld }) : ''}, ${p.batesPrefix}${String(p.batesStart).padStart(7, '0')}…`,
          },
          {
            header: t('Made'),
            cell: (p) => t('{{value}} by {{value2}}', { value: new Date(p.at).toLocaleString(locale()), value2: p.by ?? 'unknown' }),
          },
          { header: 'SHA-256', cell: (p) => <span className="muted">{p.sha256.slice(0, 16)}…</span> },
          {
            header: '',
            cell: (p) => (
              <div className="row">
                <a href={`/api/archive/productions/${p.id}/download`} aria-label={`Download ${p.name}`}>
                  {t('download ZIP')}
                </a>
                <button type="button" onClick={() => void showCustody(p.id)}>
                  {t('Custody of')} {p.name}
                </button>
              </div>
            ),
          },
        ]}
      />
      {custody && (
        <DataTable
          label={t('Chain of custody')}
          rows={custody.events}
          rowKey={(e) => `${e.action}${e.at}`}
          empty={t('No custody events.')}
          columns={[
            { header: t('What'), cell: (e) => e.action },
            { header: t('Who'), cell: (e) => e.by ?? 'unknown' },
            { header: t('When'), cell: (e) => new Date(e.at).toLocaleString(locale()) },
            { header: t('SHA-256 handed over'), cell: (e) => <span className="muted">{e.sha256?.slice(0, 16)}…</span> },
          ]}
        />
      )}
    </>
  );
}
