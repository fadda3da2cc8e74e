import { useCallback, useState } from 'react';
import { api } from '../api/client.ts';
import { ErrorNote } from '../shared/ErrorNote.tsx';
import { useAction } from '../shared/useAction.ts';
import { t } from '../i18n/index.ts';

interface Facility {
  name: string;
  address?: string;
  phone?: string;
  fax?: string;
}
interface Profile {
  name: string;
  aliases: string[];
  facilities: Facility[];
  domains: string[];
  publicFigures: string[];
}

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const blankToUndefined = (f: Facility): Facility =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => typeof v === 'string' && v.trim())) as unknown as Facility;

/**
 * What the guard knows about the organization: its other names, facilities with their addresses and
 * numbers, web domains and the public figures it names. Staff come from the member list. With these, the
 * hospital's own posts are not mistaken for patient identifiers.
 */
export function GuardProfile({ canEdit }: { canEdit: boolean }) {
  const [profile, setProfile] = useState<Profile | null>(null);
  const [text, setText] = useState({ aliases: '', domains: '', publicFigures: '' });
  const load = useCallback(async () => {
    const p = await api<Profile>('GET', '/api/org/guard-profile');
    setProfile(p);
    setText({ aliases: p.aliases.join('\n'), domains: p.domains.join('\n'), publicFigures: p.publicFigures.join('\n') });
  }, []);
  const { act, error, message, setMessage } = useAction(load);
  if (!profile) return <ErrorNote error={error} />;
  const setFacility = (i: number, patch: Partial<Facility>) =>
    setProfile({ ...profile, facilities: profile.facilities.map((f, k) => (k === i ? { ...f, ...patch } : f)) });
  const save = () =>
    act(async () => {
      await api('PUT', '/api/org/guard-profile', {
        aliases: lines(text.aliases),
        domains: lines(text.domains),
        publicFigures: lines(text.publicFigures),
        facilities: profile.facilities.filter((f) => f.name.trim()).map(blankToUndefined),
      });
      setMessage(t('Saved. The guard uses it from the next post on; the change is in the audit log.'));
    });
  const list = (key: keyof typeof text, label: string, hint: string) => (
    <>
      <label htmlFor={`guard-${key}`}>{label}</label>
      <textarea
        id={`guard-${key}`}
        rows={3}
        value={text[key]}
        placeholder={hint}
        disabled={!canEdit}
        onChange={(e) => setText({ ...text, [key]: e.target.value })}
      />
    </>
  );
  return (
    <section aria-labelledby="guard-profile-heading">
      <h2 id="guard-profile-heading">
        {t('What the guard knows about')} {profile.name}
      </h2>
      <p className="muted">
        {t(
          'Names, places and numbers listed here are the organization’s own: posts that mention them are not flagged as patient identifiers. Staff names come from the member list.',
        )}
      </p>
      <ErrorNote error={error} />
      {message && <p role="status">{message}</p>}
      <div className="form">
        {list('aliases', t('Other names (one per line)'), t('e.g. Harbor General, HGH'))}
        {list('domains', t('Web domains (one per line)'), t('e.g. harborgeneral.org'))}
        {list('publicFigures', t('Public figures you name (one per line)'), t('e.g. the mayor, speakers, donors'))}
      </div>
      <h3>{t('Facilities')}</h3>
      {profile.facilities.length === 0 && <p className="muted">{t('No facilities yet.')}</p>}
      <div className="table-scroll">
        <table aria-label={t('Facilities')}>
          <thead>
            <tr>
              <th>{t('Name')}</th>
              <th>{t('Address')}</th>
              <th>{t('Phone')}</th>
              <th>{t('Fax')}</th>
              {canEdit && (
                <th>
                  <span className="visually-hidden">{t('Actions')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {profile.facilities.map((f, i) => (
              <tr key={i}>
                {(['name', 'address', 'phone', 'fax'] as const).map((k) => (
                  <td key={k}>
                    <input
                      aria-label={`Facility ${i + 1} ${k}`}
                      value={f[k] ?? ''}
                      disabled={!canEdit}
                      onChange={(e) => setFacility(i, { [k]: e.target.value })}
                    />
                  </td>
                ))}
                {canEdit && (
                  <td>
                    <button
                      type="button"
                      onClick={() => setProfile({ ...profile, facilities: profile.facilities.filter((_, k) => k !== i) })}
                    >
                      {t('Remove')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canEdit && (
        <p>
          <button type="button" onClick={() => setProfile({ ...profile, facilities: [...profile.facilities, { name: '' }] })}>
            {t('Add a facility')}
          </button>{' '}
          <button type="button" onClick={save}>
            {t('Save what the guard knows')}
          </button>
        </p>
      )}
    </section>
  );
}
