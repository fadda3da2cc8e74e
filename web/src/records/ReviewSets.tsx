import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type Res } from '../api/client.ts';
import { DataTable } from '../shared/DataTable.tsx';
import { locale, msg, t } from '../i18n/index.ts';

type ReviewSet = Res<'GET /api/archive/review-sets'>['sets'][number];
type Items = Res<'GET /api/archive/review-sets/{id}/items'>;
type Item = Items['items'][number];
const TAGS = [
  ['responsive', msg('Responsive')],
  ['non_responsive', msg('Not responsive')],
  ['privileged', msg('Privileged')],
  ['confidential', msg('Confidential')],
] as const;

/** Coding one document: its tags and a note (for a privileged one, what the privilege log will say). */
function Coding({ setId, item, onSaved }: { setId: string; item: Item; onSaved: () => void }) {
  const [tags, setTags] = useState<string[]>(item.tags);
  const [note, setNote] = useState(item.note);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setError(null);
    try {
      await api('PUT', `/api/archive/review-sets/${setId}/items/${item.position}`, { tags, note });
      onSaved();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('Could not save.'));
    }
  };
  return (
    <fieldset>
      <legend>
        {t('Document')} {item.position}
      </legend>
      {TAGS.map(([tag, label]) => (
        <label key={tag}>
          <input
            type="checkbox"
            checked={tags.includes(tag)}
            onChange={(e) => setTags(e.target.checked ? [...tags, tag] : tags.filter((t) => t !== tag))}
          />{' '}
          {t(label)}
        </label>
      ))}
      <label>
        {t('Note (for a privileged document, the privilege log’s description)')}{' '}
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      </label>
      <button type="button" onClick={() => void save()}>
        {t('Save coding')}
      </button>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </fieldset>
  );
}

/** One review set: its documents in pages, filtered to mine or not yet reviewed, each coded in place. */
function ReviewSetItems({ set, me, onChanged }: { set: ReviewSet; me: string; onChanged: () => void }) {
  const [items, setItems] = useState<Items | null>(null);
  const [filter, setFilter] = useState({ mine: false, unreviewed: false });
  const [offset, setOffset] = useState(0);
  const load = useCallback(async () => {
    const q = new URLSearchParams({
      mine: String(filter.mine),
      unreviewed: String(filter.unreviewed),
      offset: String(offset),
      limit: '25',
    });
    setItems(await api<Items>('GET', `/api/archive/review-sets/${set.id}/items?${q}`));
  }, [set.id, filter, offset]);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section aria-label={t('Review set {{name}}', { name: set.name })}>
      <div className="row">
        <label>
          <input type="checkbox" checked={filter.mine} onChange={(e) => setFilter({ ...filter, mine: e.target.checked })} />{' '}
          {t('Assigned to me')}
        </label>
        <label>
          <input type="checkbox" checked={filter.unreviewed} onChange={(e) => setFilter({ ...filter, unreviewed: e.target.checked })} />{' '}
          {t('Not reviewed yet')}
        </label>
        <button
          type="button"
          onClick={() =>
            void api('POST', `/api/archive/review-sets/${set.id}/assign`, { reviewerIds: [me] }).then(() => load().then(onChanged))
          }
        >
          {t('Assign the unassigned to me')}
        </button>
      </div>
      {items && (
        <DataTable
          label={t('Documents to review')}
          rows={items.items}
          rowKey={(i) => i.position}
          empty={filter.mine ? t('Nothing is assigned to you in this set.') : t('Every document here is reviewed.')}
          columns={[
            { header: '#', cell: (i) => i.position },
            { header: t('When'), cell: (i) => new Date(i.at).toLocaleString(locale()) },
            { header: t('Custodian'), cell: (i) => i.custodian ?? t('System') },
            { header: t('Text'), cell: (i) => i.text ?? <span className="muted">{t('(destroyed since)')}</span>, className: 'body' },
            { header: t('Reviewer'), cell: (i) => i.assignee ?? 'unassigned' },
            { header: t('Coding'), cell: (i) => <Coding setId={set.id} item={i} onSaved={() => void load().then(onChanged)} /> },
          ]}
        />
      )}
      {items && items.total > 25 && (
        <div className="row">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - 25))}>
            {t('Previous documents')}
          </button>
          <button type="button" disabled={offset + 25 >= items.total} onClick={() => setOffset(offset + 25)}>
            {t('Next documents')}
          </button>
        </div>
      )}
    </section>
  );
}

/** Review sets: progress by tag and by reviewer, and the coding screen of the one opened. */
export function ReviewSets({ sets, me, onChanged }: { sets: ReviewSet[]; me: string; onChanged: () => void }) {
  const [open, setOpen] = useState<string | null>(null);
  const current = sets.find((s) => s.id === open);
  return (
    <>
      <DataTable
        label={t('Review sets')}
        rows={sets}
        rowKey={(s) => s.id}
        empty={t('No review sets yet. Save a search, then make a review set from it to code its documents.')}
        columns={[
          { header: t('Name'), cell: (s) => s.name },
          { header: t('Documents'), cell: (s) => s.documents },
          { header: t('Reviewed'), cell: (s) => t('{{reviewed}} of {{documents}}', { reviewed: s.reviewed, documents: s.documents }) },
          {
            header: t('Tags'),
            cell: (s) =>
              Object.entries(s.tags)
                .map(([t, n]) => `${t.replace('_', ' ')}: ${n}`)
                .join(', ') || '—',
          },
          {
            header: t('Reviewers'),
            cell: (s) => s.reviewers.map((r) => `${r.name ?? 'unassigned'} ${r.reviewed}/${r.documents}`).join('; '),
          },
          {
            header: '',
            cell: (s) => (
              <button type="button" onClick={() => setOpen(open === s.id ? null : s.id)}>
                {open === s.id ? t('Close') : `Review ${s.name}`}
              </button>
            ),
          },
        ]}
      />
      {current && <ReviewSetItems set={current} me={me} onChanged={onChanged} />}
    </>
  );
}
