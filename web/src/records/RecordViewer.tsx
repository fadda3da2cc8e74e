import { useEffect, useRef, useState } from 'react';
import { api, ApiError, type Res } from '../api/client.ts';
import { locale, t } from '../i18n/index.ts';

type RecordView = Res<'GET /api/archive/records/{kind}/{id}'>;

const proofText = (p: RecordView['versions'][number]['proof']) => {
  if (!p.linkValid) return t('BROKEN: this entry’s link does not recompute');
  if (p.contentMatches === false) return t('BROKEN: the content no longer matches its hash');
  if (p.linkedByNext === false) return t('BROKEN: the next entry does not link to this one');
  return p.contentMatches === null
    ? t('Link verified (content destroyed under a certificate)')
    : t('Verified: content hash and chain link match');
};

/** One record: every version as archived, where it went, and the chain proof of each entry. */
export function RecordViewer({ kind, id, onClose }: { kind: string; id: string; onClose: () => void }) {
  const [record, setRecord] = useState<RecordView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    api<RecordView>('GET', `/api/archive/records/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`)
      .then((r) => {
        setRecord(r);
        heading.current?.focus();
      })
      .catch((e) => setError(e instanceof ApiError ? e.message : t('Could not open the record.')));
  }, [kind, id]);
  return (
    <section aria-labelledby="record-heading" className="card">
      <h3 id="record-heading" tabIndex={-1} ref={heading}>
        {t('Record:')} {kind}
      </h3>
      <button type="button" onClick={onClose}>
        {t('Close record')}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {record && (
        <>
          <p>
            {t('Custodian:')} {record.custodian ?? t('System')} {t('· class')} {record.recordClass} · {record.channel}
          </p>
          <ol aria-label={t('Versions')}>
            {record.versions.map((v) => (
              <li key={v.seq}>
                <strong>
                  {v.event} v{v.version}
                </strong>{' '}
                {t('{{when}} — entry #{{seq}}', { when: new Date(v.at).toLocaleString(locale()), seq: v.seq })}
                {v.destroyedAt ? (
                  <p className="muted">
                    {t('Content destroyed')} {new Date(v.destroyedAt).toLocaleString(locale())} {t('under a destruction certificate.')}
                  </p>
                ) : (
                  <pre className="body">{JSON.stringify(v.content, null, 2)}</pre>
                )}
                <p>
                  {t('Chain proof:')} {proofText(v.proof)}{' '}
                  <span className="muted">
                    {t('hash {{hash}}… after {{previous}}…', { hash: v.proof.hash.slice(0, 16), previous: v.proof.prevHash.slice(0, 16) })}
                  </span>
                </p>
              </li>
            ))}
          </ol>
          <h4>{t('Distribution')}</h4>
          {record.distribution.length === 0 ? (
            <p className="muted">{t('Not delivered anywhere outside Harborline.')}</p>
          ) : (
            <ul>
              {record.distribution.map((d, i) => (
                <li key={i}>
                  {d.kind} {d.destination} {d.externalId ? `(${d.externalId})` : ''} — {new Date(d.at).toLocaleString(locale())}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
