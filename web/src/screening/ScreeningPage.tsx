import { Fragment, useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type Res, type Session } from '../api/client.ts';
import { navigate } from '../app/router.ts';
import { DataTable } from '../shared/DataTable.tsx';
import { ErrorNote } from '../shared/ErrorNote.tsx';
import { useAction } from '../shared/useAction.ts';
import { locale, t, tn } from '../i18n/index.ts';

type Instruments = Res<'GET /api/screening/instruments'>;
type Instrument = Instruments['instruments'][number];
type Resource = Instruments['crisisResources'][number];
type Result = Res<'GET /api/screening/results'>['results'][number];

const when = (iso: string) => new Date(iso).toLocaleString(locale());

/** Where to turn now: shown the moment a crisis answer is chosen, and with the result. */
function CrisisResources({ resources, alerted }: { resources: readonly Resource[]; alerted?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <div className="crisis" role="alert" tabIndex={-1} ref={box}>
      <h2>{t('If you are thinking about hurting yourself, help is here now')}</h2>
      <ul>
        {resources.map((r) => (
          <li key={r.name}>
            <a href={r.href}>{r.name}</a>: {r.how}
          </li>
        ))}
      </ul>
      {alerted && <p>{t('Your care team has been told you asked for help. They can see this result.')}</p>}
    </div>
  );
}

/**
 * Self-checks a person takes for themselves: validated questionnaires, scored as their authors define,
 * private unless shared with a clinician; clinicians see what was shared with them.
 */
export function ScreeningPage({ session, resultId }: { session: Session; resultId?: string }) {
  const [data, setData] = useState<Instruments | null>(null);
  const [results, setResults] = useState<Result[]>([]);
  const [shared, setShared] = useState<Result[]>([]);
  const [taking, setTaking] = useState<Instrument | null>(null);
  const [done, setDone] = useState<{ result: Result; resources: Resource[] } | null>(null);
  const clinician = session.role === 'clinician';
  const load = useCallback(async () => {
    setData(await api<Instruments>('GET', '/api/screening/instruments'));
    setResults((await api<{ results: Result[] }>('GET', '/api/screening/results')).results);
    if (clinician) setShared((await api<{ results: Result[] }>('GET', '/api/screening/shared')).results);
  }, [clinician]);
  const { error } = useAction(load);

  if (resultId) return <SharedResult id={resultId} instruments={data?.instruments ?? []} />;
  if (taking && data)
    return (
      <TakeScreening
        instrument={taking}
        resources={data.crisisResources}
        onCancel={() => setTaking(null)}
        onDone={(result, resources) => {
          setTaking(null);
          setDone({ result, resources });
          void load();
        }}
      />
    );
  return (
    <div className="screening">
      <h1>{t('Self-check')}</h1>
      <ErrorNote error={error} />
      {done && <ResultCard result={done.result} resources={done.resources} onShared={load} />}
      <p className="muted">
        {t(
          'Short questionnaires doctors use. Your answers and results are private to you unless you share one with a clinician. A self-check is not a diagnosis.',
        )}
      </p>
      <ul className="instrument-list">
        {data?.instruments.map((i) => (
          <li key={i.id}>
            <h2>{i.title}</h2>
            <p>{i.about}</p>
            <button type="button" onClick={() => setTaking(i)}>
              {t('Start')} {i.title}
            </button>
          </li>
        ))}
      </ul>
      <h2>{t('Your results')}</h2>
      <DataTable
        rows={results}
        rowKey={(r) => r.id}
        label={t('Your results')}
        empty={t('You have not taken a self-check yet.')}
        columns={[
          { header: t('When'), cell: (r) => when(r.createdAt) },
          { header: t('Self-check'), cell: (r) => r.title },
          {
            header: t('Result'),
            cell: (r) => t('{{band}} ({{score}} of {{maxScore}})', { band: r.band, score: r.score, maxScore: r.maxScore }),
          },
          { header: t('Shared with'), cell: (r) => r.sharedWith?.map((s) => s.name).join(', ') || t('Only you') },
          {
            header: '',
            cell: (r) => (
              <button type="button" onClick={() => setDone({ result: r, resources: [] })}>
                {t('Open')}
              </button>
            ),
          },
        ]}
      />
      {clinician && (
        <>
          <h2>{t('Shared with you')}</h2>
          <DataTable
            rows={shared}
            rowKey={(r) => r.id}
            label={t('Shared with you')}
            empty={t('No patient has shared a self-check with you.')}
            columns={[
              { header: t('When'), cell: (r) => when(r.createdAt) },
              { header: t('Patient'), cell: (r) => r.patientName ?? '' },
              { header: t('Self-check'), cell: (r) => r.title },
              {
                header: t('Result'),
                cell: (r) =>
                  r.crisis
                    ? t('{{band}} ({{score}} of {{maxScore}}) — asked for help', { band: r.band, score: r.score, maxScore: r.maxScore })
                    : t('{{band}} ({{score}} of {{maxScore}})', { band: r.band, score: r.score, maxScore: r.maxScore }),
              },
              {
                header: '',
                cell: (r) => (
                  <button type="button" onClick={() => navigate(`/screening/shared/${r.id}`)}>
                    {t('Open')}
                  </button>
                ),
              },
            ]}
          />
        </>
      )}
    </div>
  );
}

function TakeScreening({
  instrument,
  resources,
  onCancel,
  onDone,
}: {
  instrument: Instrument;
  resources: readonly Resource[];
  onCancel: () => void;
  onDone: (r: Result, resources: Resource[]) => void;
}) {
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [alert, setAlert] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const asked = instrument.questions.filter((q) => !q.askIf || answers[q.askIf.question] === q.askIf.value);
  const crisisAt = instrument.crisis.find((c) => (answers[c.question] ?? 0) >= c.atLeast)?.question;
  const crisis = crisisAt !== undefined;
  const missing = asked.filter((q) => answers[q.id] === undefined);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const given = Object.fromEntries(asked.map((q) => [q.id, answers[q.id]]));
      const r = await api<Res<'POST /api/screening/results'>>('POST', '/api/screening/results', {
        instrument: instrument.id,
        answers: given,
        alertCareTeam: crisis && alert,
      });
      onDone(r.result, r.crisisResources);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="screening take" onSubmit={submit} aria-label={instrument.title}>
      <h1>{instrument.title}</h1>
      {instrument.period && <p>{instrument.period}</p>}
      {asked.map((q, n) => (
        <Fragment key={q.id}>
          <fieldset>
            <legend>
              {n + 1}. {q.text}
            </legend>
            {q.options.map((o) => (
              <label key={o.value} className="choice">
                <input
                  type="radio"
                  name={q.id}
                  value={o.value}
                  checked={answers[q.id] === o.value}
                  onChange={() => setAnswers((a) => ({ ...a, [q.id]: o.value }))}
                />
                {o.label}
              </label>
            ))}
          </fieldset>
          {/* Right under the answer that calls for them, not at the end of the form. */}
          {q.id === crisisAt && (
            <>
              <CrisisResources resources={resources} />
              <label className="choice">
                <input type="checkbox" checked={alert} onChange={(e) => setAlert(e.target.checked)} />
                {t('Tell my care team that I need help (they will see this result)')}
              </label>
            </>
          )}
        </Fragment>
      ))}
      <ErrorNote error={error} />
      <p className="muted">{instrument.source}</p>
      <div className="row">
        <button type="submit" disabled={busy || missing.length > 0}>
          {missing.length ? tn('1 question left', '{{count}} questions left', missing.length) : t('See my result')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('Cancel')}
        </button>
      </div>
    </form>
  );
}

function ResultCard({ result, resources, onShared }: { result: Result; resources: Resource[]; onShared: () => Promise<void> }) {
  const [clinicians, setClinicians] = useState<{ id: string; name: string }[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [sharedWith, setSharedWith] = useState(result.sharedWith ?? []);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const act = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
      await onShared();
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    setSharedWith(result.sharedWith ?? []);
    api<Res<'GET /api/providers'>>('GET', '/api/providers')
      .then((r) => setClinicians(r.providers.map((p) => ({ id: p.id, name: p.name }))))
      .catch(() => setClinicians([]));
  }, [result]);
  return (
    <section className="result-card" aria-label={t('Your result')}>
      {resources.length > 0 && <CrisisResources resources={resources} alerted={result.alertedCareTeam} />}
      <h2>
        {result.title}: {result.band}
      </h2>
      <p>
        {t('Score')} {result.score} of {result.maxScore} ({when(result.createdAt)})
      </p>
      <p>{result.nextSteps}</p>
      <p className="muted">
        {t('Shared with:')} {sharedWith.map((s) => s.name).join(', ') || t('only you')}
      </p>
      <ErrorNote error={error} />
      {message && <p role="status">{message}</p>}
      {clinicians.length > 0 && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void act(async () => {
              const r = await api<Res<'POST /api/screening/results/{id}/shares'>>('POST', `/api/screening/results/${result.id}/shares`, {
                clinicianIds: chosen,
              });
              setSharedWith(r.result.sharedWith ?? []);
              setChosen([]);
              setMessage(t('Shared. Only the clinicians you chose can see this result.'));
            });
          }}
        >
          <fieldset>
            <legend>{t('Share this result with my care team')}</legend>
            {clinicians.map((c) => (
              <label key={c.id} className="choice">
                <input
                  type="checkbox"
                  checked={chosen.includes(c.id)}
                  onChange={(e) => setChosen((x) => (e.target.checked ? [...x, c.id] : x.filter((y) => y !== c.id)))}
                />
                {c.name}
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={!chosen.length}>
            {t('Share')}
          </button>
        </form>
      )}
    </section>
  );
}

/** A result a patient shared, as the clinician reads it: every answer beside its question. */
function SharedResult({ id, instruments }: { id: string; instruments: readonly Instrument[] }) {
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ result: Result }>('GET', `/api/screening/results/${id}`)
      .then((r) => setResult(r.result))
      .catch(setError);
  }, [id]);
  const instrument = instruments.find((i) => i.id === result?.instrument);
  if (error) return <ErrorNote error={error} />;
  if (!result) return <p role="status">{t('Loading…')}</p>;
  return (
    <div className="screening">
      <h1>
        {result.title} — {result.patientName}
      </h1>
      {result.crisis && (
        <p className="crisis" role="alert">
          {result.alertedCareTeam
            ? t('The patient asked their care team for help: an answer calls for a crisis check-in.')
            : t('An answer calls for a crisis check-in.')}
        </p>
      )}
      <p>
        <strong>{result.band}</strong>:{' '}
        {t('score {{score}} of {{max}}, {{when}}', { score: result.score, max: result.maxScore, when: when(result.createdAt) })}
      </p>
      <table>
        <thead>
          <tr>
            <th>{t('Question')}</th>
            <th>{t('Answer')}</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(result.answers).map(([q, v]) => {
            const question = instrument?.questions.find((x) => x.id === q);
            return (
              <tr key={q}>
                <td>{question?.text ?? q}</td>
                <td>{question?.options.find((o) => o.value === v)?.label ?? v}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" onClick={() => navigate('/screening')}>
        {t('Back to self-checks')}
      </button>
    </div>
  );
}
