import { useEffect, useState } from 'react';
import { api, type Post } from '../api/client.ts';
import { PostCard } from './CommunityPage.tsx';

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
      <h1 id="questions-heading">Questions</h1>
      <div className="row" role="group" aria-label="Show">
        <button type="button" aria-pressed={status === 'open'} onClick={() => setStatus('open')}>
          Waiting for an answer
        </button>
        <button type="button" aria-pressed={status === 'answered'} onClick={() => setStatus('answered')}>
          Answered
        </button>
      </div>
      {data?.medianResponseMinutes !== null && data?.medianResponseMinutes !== undefined && (
        <p className="muted">Median time to answer: {data.medianResponseMinutes} minutes</p>
      )}
      {data?.questions.map((q) => (
        <div key={q.id}>
          {q.question.waitingMinutes !== null && <p className="badge">waiting {q.question.waitingMinutes} min</p>}
          <PostCard post={q} />
        </div>
      ))}
      {data && data.questions.length === 0 && <p className="muted">Nothing here.</p>}
    </section>
  );
}
