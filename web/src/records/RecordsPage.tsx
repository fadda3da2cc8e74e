import { useCallback, useState } from 'react';
import { api, type Res } from '../api/client.ts';
import { useAction } from '../shared/useAction.ts';
import { DataTable } from '../shared/DataTable.tsx';
import { RetentionSection } from './Retention.tsx';
import { ArchiveSearch, NO_FILTERS, queryOf, type ArchiveFilters } from './ArchiveSearch.tsx';
import { ReviewSets } from './ReviewSets.tsx';
import { Holds } from './Holds.tsx';
import { Productions } from './Productions.tsx';
import { locale, t } from '../i18n/index.ts';

type Saved = Res<'GET /api/archive/saved-searches'>['searches'][number];
type ReviewSet = Res<'GET /api/archive/review-sets'>['sets'][number];
type Certificate = Res<'GET /api/archive/certificates'>['certificates'][number];

/** Records management for compliance officers: search and review, productions, holds, schedules, certificates. */
export function RecordsPage({ canDispose, me }: { canDispose: boolean; me: string }) {
  const [filters, setFilters] = useState<ArchiveFilters>(NO_FILTERS);
  const [saved, setSaved] = useState<Saved[]>([]);
  const [sets, setSets] = useState<ReviewSet[]>([]);
  const [certs, setCerts] = useState<Certificate[]>([]);
  const [version, setVersion] = useState(0);

  const load = useCallback(async () => {
    const [s, r, c] = await Promise.all([
      api<{ searches: Saved[] }>('GET', '/api/archive/saved-searches'),
      api<{ sets: ReviewSet[] }>('GET', '/api/archive/review-sets'),
      api<{ certificates: Certificate[] }>('GET', '/api/archive/certificates'),
    ]);
    setSaved(s.searches);
    setSets(r.sets);
    setCerts(c.certificates);
    setVersion((v) => v + 1);
  }, []);
  const { act, error, message, setMessage } = useAction(load);

  return (
    <section aria-labelledby="records-heading">
      <h1 id="records-heading">{t('Records')}</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {message && <p role="status">{message}</p>}

      <ArchiveSearch
        filters={filters}
        onFilters={setFilters}
        onSave={(name) =>
          act(async () => {
            await api('POST', '/api/archive/saved-searches', { name, query: queryOf(filters) });
            setMessage(t('Search saved as "{{name}}".', { name }));
          })
        }
      />

      <h2>{t('Saved searches')}</h2>
      <DataTable
        label={t('Saved searches')}
        rows={saved}
        rowKey={(s) => s.id}
        empty={t('No saved searches yet. Search the archive, then save the search to reuse it, review it or hold it.')}
        columns={[
          { header: t('Name'), cell: (s) => s.name },
          {
            header: t('Filters'),
            cell: (s) =>
              Object.entries(s.query)
                .map(([k, v]) => `${k}: ${String(v)}`)
                .join('; ') || 'everything',
          },
          { header: t('By'), cell: (s) => s.by },
          {
            header: t('Actions'),
            cell: (s) => (
              <div className="row">
                <button
                  type="button"
                  onClick={() =>
                    act(async () => {
                      const r = await api<{ documents: number }>('POST', '/api/archive/review-sets', { name: s.name, savedSearchId: s.id });
                      setMessage(t('Review set "{{name}}" made with {{documents}} documents.', { name: s.name, documents: r.documents }));
                    })
                  }
                >
                  {t('Make a review set')}
                </button>
                <button
                  type="button"
                  onClick={() =>
                    act(async () => {
                      await api('DELETE', `/api/archive/saved-searches/${s.id}`);
                    })
                  }
                >
                  {t('Delete')}
                </button>
              </div>
            ),
          },
        ]}
      />

      <h2>{t('Review sets')}</h2>
      <ReviewSets sets={sets} me={me} onChanged={() => void load()} />

      <Productions filters={filters} saved={saved} sets={sets} act={act} setMessage={setMessage} version={version} />
      <Holds filters={filters} saved={saved} act={act} setMessage={setMessage} version={version} />

      <RetentionSection canDispose={canDispose} canManageRules onDestroyed={load} />

      <h2>{t('Destruction certificates')}</h2>
      <DataTable
        label={t('Destruction certificates')}
        rows={certs}
        rowKey={(c) => c.id}
        empty={t('Nothing has been destroyed. Each destruction under the schedule or an erasure leaves a signed certificate here.')}
        columns={[
          { header: t('When'), cell: (c) => new Date(c.at).toLocaleString(locale()) },
          { header: t('Why'), cell: (c) => c.reason },
          { header: t('Records'), cell: (c) => t('{{records}} ({{entries}} entries)', { records: c.records, entries: c.entries }) },
          { header: t('Manifest'), cell: (c) => <span className="muted">{c.manifestSha256.slice(0, 16)}…</span> },
        ]}
      />
    </section>
  );
}

/** For those who may approve destruction but not read the archive (administrators): the disposition part only. */
export function DispositionOnlyPage() {
  return (
    <section aria-labelledby="records-heading">
      <h1 id="records-heading">{t('Records')}</h1>
      <RetentionSection canDispose canManageRules={false} onDestroyed={async () => undefined} />
    </section>
  );
}
