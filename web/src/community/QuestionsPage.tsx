import { useEffect, useState } from 'react';
import { api, type Post } from '../api/client.ts';
import { PostCard } from './CommunityPage.tsx';
import { formatNumber, t } from '../i18n/index.ts';

export function QuestionsPage() {
  const [status, setStatus] = useState<'open' | 'answered'>('open');
  const [data, setData] = useState<{
    questions: (Post & { question: { waitingMinutes: number | null; answeredAt: string | null } })[];
    medianResponseMinutes: number | null;
  } | null>(null);
  useEffect(() => {
    api<typeof data>('GET', `/api/questions?status=${status}`)
      .then(setData)
      .catch(() => setData({ questions: [], medianResponseMinutes: null }));
  }, [status]);
  return (
    <section aria-labelledby="questions-heading">
      <h1 id="questions-heading">{t('Questions')}</h1>
      <div className="row" role="group" aria-label={t('Show')}>
        <button type="button" aria-pressed={status === 'open'} onClick={() => setStatus('open')}>
          {t('Waiting for an answer')}
        </button>
        <button type="button" aria-pressed={status === 'answered'} onClick={() => setStatus('answered')}>
          {t('Answered')}
        </button>
      </div>
      {data?.medianResponseMinutes !== null && data?.medianResponseMinutes !== undefined && (
        <p className="muted">{t('Median time to answer: {{minutes}} minutes', { minutes: formatNumber(data.medianResponseMinutes) })}</p>
      )}
      {data?.questions.map((q) => (
        <div key={q.id}>
          {q.question.waitingMinutes !== null && (
            <p className="badge">{t('waiting {{minutes}} min', { minutes: formatNumber(q.question.waitingMinutes) })}</p>
          )}
          <PostCard post={q} />
        </div>
      ))}
      {data && data.questions.length === 0 && <p className="muted">{t('Nothing here.')}</p>}
    </section>
  );
}
