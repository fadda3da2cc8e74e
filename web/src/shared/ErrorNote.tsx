import { ApiError } from '../api/client.ts';
import { navigate } from '../app/router.ts';
import { errorMessage, t } from '../i18n/index.ts';

interface Missing {
  kind: string;
  title: string;
  link: string;
  reason: string;
}

/** An error as the user should see it; for training gates, with a link to each missing item. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof ApiError ? errorMessage(error) : typeof error === 'string' ? error : t('Something went wrong.');
  const missing = error instanceof ApiError && error.id === 'training_required' ? ((error.details?.missing as Missing[]) ?? []) : [];
  return (
    <div role="alert" className="error">
      <p>{message}</p>
      {missing.length > 0 && (
        <ul>
          {missing.map((m) => (
            <li key={m.link}>
              <a
                href={m.link}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(m.link);
                }}
              >
                {m.kind === 'training'
                  ? t('Take “{{title}}”', { title: m.title })
                  : t('Read and acknowledge “{{title}}”', { title: m.title })}
              </a>{' '}
              ({m.reason})
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
