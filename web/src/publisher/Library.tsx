import { useCallback, useState, type FormEvent } from 'react';
import { api, type Res } from '../api/client.ts';
import { EmptyState } from '../shared/DataTable.tsx';
import { ErrorNote } from '../shared/ErrorNote.tsx';
import { PhiConfirm, usePhiConfirm } from '../shared/PhiConfirm.tsx';
import { useAction } from '../shared/useAction.ts';
import { t, tn } from '../i18n/index.ts';

type Library = Res<'GET /api/publisher/library'>;
export type LibraryItem = Library['items'][number];

/** Approved captions, for the composer's "Start from the library". */
export async function approvedCaptions(): Promise<LibraryItem[]> {
  return (await api<Library>('GET', '/api/publisher/library')).items.filter((i) => i.status === 'approved');
}

/** The content library: reusable captions, proposed by the team, approved by someone else, retired when stale. */
export function LibraryTab({ canPropose }: { canPropose: boolean }) {
  const [data, setData] = useState<Library | null>(null);
  const [q, setQ] = useState('');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [tags, setTags] = useState('');
  const [formError, setFormError] = useState<unknown>(null);
  const load = useCallback(async () => {
    setData(await api<Library>('GET', `/api/publisher/library${q ? `?q=${encodeURIComponent(q)}` : ''}`));
  }, [q]);
  const { act, error, message, setMessage } = useAction(load);
  const confirm = usePhiConfirm(async (confirmPhi) => {
    setFormError(null);
    await api('POST', '/api/publisher/library', {
      title,
      body,
      tags: tags
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      confirmPhi,
    });
    setTitle('');
    setBody('');
    setTags('');
    setMessage(t('Proposed: it is offered in the composer once someone else approves it.'));
    await load();
  }, setFormError);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void confirm.submit(false);
  };
  const decide = (id: string, decision: 'approve' | 'retire') =>
    act(async () => {
      await api('POST', `/api/publisher/library/${id}/decision`, { decision });
      setMessage(decision === 'approve' ? t('Approved: the caption is offered in the composer.') : t('Retired: no longer offered.'));
    });
  return (
    <div>
      <div className="row" role="search">
        <label htmlFor="library-q">{t('Find')}</label>
        <input id="library-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('words or tags')} />
      </div>
      <ErrorNote error={error} />
      {message && <p role="status">{message}</p>}
      {data && data.items.length === 0 && (
        <EmptyState>
          {q ? t('Nothing in the library matches.') : t('The library is empty: propose a caption the team can reuse.')}
        </EmptyState>
      )}
      <h2>{t('Captions')}</h2>
      <ul className="comments">
        {data?.items.map((i) => (
          <li key={i.id} data-testid="library-item">
            <h3>{i.title}</h3>
            <p className="body">{i.body}</p>
            <p className="muted">
              {i.status} {t('· proposed by')} {i.author}
              {i.tags.length ? ` · ${i.tags.join(', ')}` : ''} {tn('· used once', '· used {{count}} times', i.uses)}
            </p>
            {data.canDecide && i.status === 'proposed' && !i.mine && (
              <button type="button" onClick={() => decide(i.id, 'approve')}>
                {t('Approve')}
              </button>
            )}{' '}
            {data.canDecide && i.status !== 'retired' && (
              <button type="button" onClick={() => decide(i.id, 'retire')}>
                {t('Retire')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {canPropose && (
        <form onSubmit={submit} aria-label={t('Propose a caption for the library')}>
          <h2>{t('Propose a caption')}</h2>
          <label htmlFor="library-title">{t('Title')}</label>
          <input id="library-title" value={title} maxLength={120} required onChange={(e) => setTitle(e.target.value)} />
          <label htmlFor="library-body">{t('Caption')}</label>
          <textarea id="library-body" rows={3} value={body} required onChange={(e) => setBody(e.target.value)} />
          <label htmlFor="library-tags">{t('Tags (separated by commas)')}</label>
          <input id="library-tags" value={tags} onChange={(e) => setTags(e.target.value)} />
          <PhiConfirm confirm={confirm} action={t('Propose anyway')} />
          <ErrorNote error={formError} />
          <button type="submit" disabled={confirm.busy}>
            {t('Propose')}
          </button>
        </form>
      )}
    </div>
  );
}
