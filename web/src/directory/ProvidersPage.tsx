import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type Session, type Res } from '../api/client.ts';
import { navigate } from '../app/router.ts';
import { PhiConfirm, usePhiConfirm } from '../shared/PhiConfirm.tsx';
import { PictureAttacher, usePictures } from '../shared/Pictures.tsx';
import { locale, t, tn } from '../i18n/index.ts';
import { EmptyState } from '../shared/DataTable.tsx';

type Provider = Res<'GET /api/providers'>['providers'][number];
type Review = Res<'GET /api/providers/{id}'>['reviews'][number];

const stars = (n: number) => '★'.repeat(Math.round(n)) + '☆'.repeat(5 - Math.round(n));

export function ProvidersPage({ session }: { session: Session }) {
  const [providers, setProviders] = useState<Provider[]>([]);
  const [profile, setProfile] = useState({ specialty: '', npi: '', bio: '' });
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const photo = usePictures('public');
  const load = useCallback(
    () =>
      api<{ providers: Provider[] }>('GET', '/api/providers').then((r) => {
        setProviders(r.providers);
        // A clinician's form opens with their profile as it is, so saving one field keeps the others.
        const own = r.providers.find((p) => p.id === session.user.id);
        if (own)
          setProfile((form) =>
            form.specialty || form.bio || form.npi ? form : { specialty: own.specialty, npi: own.npi ?? '', bio: own.bio },
          );
      }),
    [session.user.id],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('PUT', '/api/providers/me', {
        specialty: profile.specialty,
        npi: profile.npi || null,
        bio: profile.bio,
        photoId: (await photo.saved()).at(-1) ?? null,
      });
      photo.clear();
      setMessage(t('Profile saved. An admin verifies your credentials.'));
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('Could not save.'));
    }
  };
  return (
    <section aria-labelledby="providers-heading">
      <h1 id="providers-heading">{t('Providers')}</h1>
      <ul className="cards">
        {providers.map((p) => (
          <li key={p.id} className="card">
            {p.photo && (
              <img className="provider-photo" src={`/api/media/${p.photo.id}/files/w320`} alt={p.photo.altText} width={96} height={96} />
            )}
            <h2>
              <a
                href={`/providers/${p.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/providers/${p.id}`);
                }}
              >
                {p.name}
              </a>{' '}
              {p.verified && (
                <span className="badge" title={t('Credentials verified by the organization')}>
                  verified
                </span>
              )}
            </h2>
            <p>{p.specialty}</p>
            <p className="muted">
              {p.rating
                ? tn('{{stars}} {{rating}} (1 review)', '{{stars}} {{rating}} ({{count}} reviews)', p.reviewCount, {
                    stars: stars(p.rating),
                    rating: p.rating,
                  })
                : t('No reviews yet')}
            </p>
          </li>
        ))}
        {providers.length === 0 && <li className="muted">{t('No provider profiles yet.')}</li>}
      </ul>
      {session.role === 'clinician' && (
        <form onSubmit={save} aria-label={t('My provider profile')} className="composer">
          <h2>{t('My profile')}</h2>
          <label htmlFor="p-specialty">{t('Specialty')}</label>
          <input
            id="p-specialty"
            value={profile.specialty}
            onChange={(e) => setProfile({ ...profile, specialty: e.target.value })}
            required
          />
          <label htmlFor="p-npi">{t('NPI (10 digits)')}</label>
          <input id="p-npi" inputMode="numeric" value={profile.npi} onChange={(e) => setProfile({ ...profile, npi: e.target.value })} />
          <label htmlFor="p-bio">{t('About me')}</label>
          <textarea id="p-bio" rows={3} value={profile.bio} onChange={(e) => setProfile({ ...profile, bio: e.target.value })} />
          <PictureAttacher pictures={photo} label={t('Your photo (patients see it; describe it for screen readers)')} />
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          {message && <p role="status">{message}</p>}
          <button type="submit" disabled={photo.busy}>
            {photo.busy ? t('Checking the photo…') : t('Save profile')}
          </button>
        </form>
      )}
    </section>
  );
}

export function ProviderPage({ id, session }: { id: string; session: Session }) {
  const [data, setData] = useState<{ provider: Provider; reviews: Review[] } | null>(null);
  const [review, setReview] = useState({ rating: 5, body: '' });
  const [replies, setReplies] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      api<{ provider: Provider; reviews: Review[] }>('GET', `/api/providers/${id}`)
        .then(setData)
        .catch((e) => setError(e instanceof ApiError ? e.message : t('Not found.'))),
    [id],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('Something went wrong.'));
    }
  };
  const reviewConfirm = usePhiConfirm(
    async (confirmPhi) => {
      setError(null);
      await api('POST', `/api/providers/${id}/reviews`, { ...review, confirmPhi });
      setReview({ rating: 5, body: '' });
      await load();
    },
    (err) => setError(err instanceof ApiError ? err.message : t('Something went wrong.')),
  );
  const submitReview = (e: FormEvent) => {
    e.preventDefault();
    void reviewConfirm.submit(false);
  };
  if (!data)
    return error ? (
      <p role="alert" className="error">
        {error}
      </p>
    ) : (
      <p className="loading">{t('Loading…')}</p>
    );
  const canReply = ['communications', 'admin'].includes(session.role) || session.user.id === id;
  return (
    <section aria-labelledby="provider-heading">
      <p>
        <a
          href="/providers"
          onClick={(e) => {
            e.preventDefault();
            navigate('/providers');
          }}
        >
          {t('← All providers')}
        </a>
      </p>
      {data.provider.photo && (
        <img
          className="provider-photo"
          src={`/api/media/${data.provider.photo.id}/files/w320`}
          alt={data.provider.photo.altText}
          width={128}
          height={128}
        />
      )}
      <h1 id="provider-heading">
        {data.provider.name} {data.provider.verified && <span className="badge">{t('verified')}</span>}
      </h1>
      <p>
        {data.provider.specialty}
        {data.provider.npi ? t(' · NPI {{npi}}', { npi: data.provider.npi }) : ''}
      </p>
      <p>{data.provider.bio}</p>
      {session.role === 'admin' && (
        <button type="button" onClick={() => act(() => api('PUT', `/api/providers/${id}/verified`, { verified: !data.provider.verified }))}>
          {data.provider.verified ? t('Remove verified badge') : t('Mark credentials verified')}
        </button>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <h2>{t('Reviews')}</h2>
      {data.reviews.length === 0 && (
        <EmptyState>{t('No reviews yet. Patients who were seen by this provider can write one below.')}</EmptyState>
      )}
      <ul className="comments">
        {data.reviews.map((r) => (
          <li key={r.id}>
            <p aria-label={t('{{rating}} out of 5 stars', { rating: r.rating })}>{stars(r.rating)}</p>
            <p className="body">{r.body}</p>
            <p className="muted">
              {r.author} · {new Date(r.createdAt).toLocaleDateString(locale())}
            </p>
            {r.reply && (
              <blockquote>
                <p className="body">{r.reply.body}</p>
                <p className="muted">
                  {t('Reply from')} {r.reply.by}
                </p>
              </blockquote>
            )}
            {canReply && (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void act(() => api('PUT', `/api/reviews/${r.id}/reply`, { body: replies[r.id] ?? '', replace: Boolean(r.reply) }));
                }}
                aria-label={t('Reply to review')}
              >
                <label htmlFor={`reply-${r.id}`}>{t('Public reply')}</label>
                <textarea
                  id={`reply-${r.id}`}
                  rows={2}
                  value={replies[r.id] ?? ''}
                  onChange={(e) => setReplies({ ...replies, [r.id]: e.target.value })}
                  required
                />
                {r.reply && (
                  <label className="inline">
                    <input type="checkbox" required /> {t('Replace {{name}}’s published reply', { name: r.reply.by })}
                  </label>
                )}
                <button type="submit">{r.reply ? t('Replace reply') : t('Publish reply')}</button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {session.role === 'patient' && !data.reviews.some((r) => r.mine) && (
        <form onSubmit={submitReview} aria-label={t('Write a review')} className="composer">
          <label htmlFor="rv-rating">{t('Rating')}</label>
          <select id="rv-rating" value={review.rating} onChange={(e) => setReview({ ...review, rating: Number(e.target.value) })}>
            {[5, 4, 3, 2, 1].map((n) => (
              <option key={n} value={n}>
                {n} – {stars(n)}
              </option>
            ))}
          </select>
          <label htmlFor="rv-body">{t('Your review')}</label>
          <textarea id="rv-body" rows={3} value={review.body} onChange={(e) => setReview({ ...review, body: e.target.value })} required />
          <PhiConfirm confirm={reviewConfirm} action={t('Post anyway')} />
          <button type="submit">{t('Post review')}</button>
        </form>
      )}
    </section>
  );
}
