import { useCallback, useState } from 'react';
import { api, type Res } from '../api/client.ts';
import { ErrorNote } from '../shared/ErrorNote.tsx';
import { useAction } from '../shared/useAction.ts';
import { locale, t } from '../i18n/index.ts';

type StaffRow = Res<'GET /api/oversight/staff'>['staff'][number];
type Review = Res<'GET /api/oversight/reviews'>['reviews'][number];

/** Compliance officers' view of staff activity, supervisory sampling and the weekly digest. */
export function OversightPage() {
  const [days, setDays] = useState(30);
  const [staff, setStaff] = useState<StaffRow[]>([]);
  const [reviews, setReviews] = useState<Review[]>([]);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [digest, setDigest] = useState<{ lastSentAt: string | null } | null>(null);
  const load = useCallback(async () => {
    setStaff((await api<{ staff: StaffRow[] }>('GET', `/api/oversight/staff?days=${days}`)).staff);
    setReviews((await api<{ reviews: Review[] }>('GET', '/api/oversight/reviews')).reviews);
    setDigest(await api<{ lastSentAt: string | null }>('GET', '/api/oversight/digest'));
  }, [days]);
  const { act, error, message, setMessage } = useAction(load);
  const decide = (r: Review, decision: 'appropriate' | 'concern') =>
    act(async () => {
      await api('POST', `/api/oversight/reviews/${r.id}`, { decision, note: notes[r.id] ?? '' });
      setMessage(t('Review recorded.'));
    });
  return (
    <section aria-labelledby="oversight-heading">
      <h1 id="oversight-heading">{t('Staff oversight')}</h1>
      <ErrorNote error={error} />
      {message && <p role="status">{message}</p>}
      <label htmlFor="ov-days">{t('Period')}</label>{' '}
      <select id="ov-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
        {[7, 30, 90, 365].map((d) => (
          <option key={d} value={d}>
            last {d} days
          </option>
        ))}
      </select>
      <table data-testid="staff-activity">
        <thead>
          <tr>
            <th>{t('Staff member')}</th>
            <th>{t('Posts')}</th>
            <th>{t('Replies')}</th>
            <th>{t('Network posts')}</th>
            <th>{t('Inbox responses (median)')}</th>
            <th>{t('Blocked attempts')}</th>
            <th>{t('Flags')}</th>
            <th>{t('Answered (median)')}</th>
            <th>{t('Sampled / concerns')}</th>
            <th>{t('Overdue')}</th>
          </tr>
        </thead>
        <tbody>
          {staff.map((s) => (
            <tr key={s.userId}>
              <td>
                {s.name} <span className="muted">({s.role})</span>
              </td>
              <td>{s.posts}</td>
              <td>{s.replies}</td>
              <td>{s.networkPosts}</td>
              <td>
                {s.inboxResponses}
                {s.medianInboxResponseMinutes !== null
                  ? t(' ({{medianInboxResponseMinutes}} min)', { medianInboxResponseMinutes: s.medianInboxResponseMinutes })
                  : ''}
              </td>
              <td>
                {Object.entries(s.blockedByCategory)
                  .map(([k, n]) => `${k} ${n}`)
                  .join(', ') || '—'}
              </td>
              <td>{s.flagsOnContent}</td>
              <td>
                {s.questionsAnswered}
                {s.medianResponseMinutes !== null
                  ? t(' ({{medianResponseMinutes}} min)', { medianResponseMinutes: s.medianResponseMinutes })
                  : ''}
              </td>
              <td>
                {s.sampled} / {s.concerns}
              </td>
              <td>{[...s.overdueTraining, ...s.unacknowledgedPolicies.map((p) => `acknowledge ${p}`)].join('; ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('Supervisory review')}</h2>
      <p className="muted">{t('A share of staff posts and replies (set in the sharing rules) is drawn at random for review.')}</p>
      {reviews.length === 0 && <p className="muted">{t('Nothing waits for review.')}</p>}
      <ul className="comments">
        {reviews.map((r) => (
          <li key={r.id} data-testid="supervisory-item">
            <p>
              <strong>{r.author}</strong>{' '}
              <span className="muted">
                {t('{{kind}}, drawn {{when}}', {
                  kind: r.recordKind === 'comment' ? t('comment') : t('post'),
                  when: new Date(r.sampledAt).toLocaleString(locale()),
                })}
              </span>
            </p>
            <blockquote>
              {r.title && (
                <p>
                  <strong>{r.title}</strong>
                </p>
              )}
              <p className="body">{r.body}</p>
            </blockquote>
            <label htmlFor={`rv-${r.id}`}>{t('Note')}</label>
            <input id={`rv-${r.id}`} value={notes[r.id] ?? ''} onChange={(e) => setNotes({ ...notes, [r.id]: e.target.value })} />
            <button type="button" onClick={() => decide(r, 'appropriate')}>
              {t('Appropriate')}
            </button>{' '}
            <button type="button" onClick={() => decide(r, 'concern')}>
              {t('Raise a concern')}
            </button>
          </li>
        ))}
      </ul>
      <h2>{t('Weekly digest')}</h2>
      <p className="muted">
        {t('Compliance officers get these figures by email every week')}
        {digest?.lastSentAt ? t('; last sent {{value}}', { value: new Date(digest.lastSentAt).toLocaleString(locale()) }) : ''}.
      </p>
      <button
        type="button"
        onClick={() =>
          act(async () => {
            const r = await api<{ recipients: number }>('POST', '/api/oversight/digest');
            setMessage(t('Digest sent to {{recipients}} compliance officer(s).', { recipients: r.recipients }));
          })
        }
      >
        {t('Send the digest now')}
      </button>
    </section>
  );
}
