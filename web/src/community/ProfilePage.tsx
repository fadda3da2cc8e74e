import { useEffect, useState } from 'react';
import { api, type Res } from '../api/client.ts';
import { navigate } from '../app/router.ts';
import { formatDate, t } from '../i18n/index.ts';
import { EmptyState } from '../shared/DataTable.tsx';
import { ErrorNote } from '../shared/ErrorNote.tsx';
import { setPageTitle } from '../shared/title.ts';
import { PostCard } from './CommunityPage.tsx';

type Profile = Res<'GET /api/people/{id}'>;

const go = (href: string) => (e: { preventDefault: () => void }) => {
  e.preventDefault();
  navigate(href);
};

/** A member as the viewer may know them: name and role, communities in common, posts there under their name. */
export function ProfilePage({ id }: { id: string }) {
  const [data, setData] = useState<Profile | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<Profile>('GET', `/api/people/${id}`)
      .then((r) => {
        setData(r);
        setPageTitle(r.person.name);
      })
      .catch(setError);
  }, [id]);
  if (error) return <ErrorNote error={error} />;
  if (!data) return <p className="loading">{t('Loading…')}</p>;
  const { person } = data;
  return (
    <section aria-labelledby="profile-heading">
      <h1 id="profile-heading">{person.name}</h1>
      <p className="muted">
        {t(person.role)}
        {person.specialty ? ` · ${person.specialty}` : ''} · {t('member since {{date}}', { date: formatDate(person.memberSince) })}
      </p>
      {person.role === 'clinician' && (
        <p>
          <a href={`/providers/${person.id}`} onClick={go(`/providers/${person.id}`)}>
            {t('Provider profile and reviews')}
          </a>
        </p>
      )}
      <h2>{t('Communities in common')}</h2>
      {data.communitiesInCommon.length === 0 ? (
        <EmptyState>{t('None yet.')}</EmptyState>
      ) : (
        <ul>
          {data.communitiesInCommon.map((c) => (
            <li key={c.id}>
              <a href={`/c/${c.id}`} onClick={go(`/c/${c.id}`)}>
                {c.name}
              </a>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('Recent posts')}</h2>
      {data.posts.length === 0 ? (
        <EmptyState>{t('No posts you can see yet.')}</EmptyState>
      ) : (
        data.posts.map((p) => <PostCard key={p.id} post={p} />)
      )}
    </section>
  );
}
