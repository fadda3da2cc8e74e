import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, type Session } from '../api/client.ts';
import { ErrorNote } from '../shared/ErrorNote.tsx';
import { navigate } from '../app/router.ts';
import { useAction } from '../shared/useAction.ts';
import { locale, msg, t } from '../i18n/index.ts';

interface Policy {
  id: string;
  slug: string;
  title: string;
  version: number;
  publishedAt: string;
  changeSummary: string;
  acknowledgedAt: string | null;
}
interface Module {
  id: string;
  slug: string;
  title: string;
  summary: string;
  passMark: number;
  passedAt: string | null;
  score: number | null;
  certificateId: string | null;
  expiresAt: string | null;
  current: boolean;
}
interface Capability {
  ok: boolean;
  missing: { kind: string; title: string; link: string; reason: string }[];
}

const go = (to: string) => (e: { preventDefault(): void }) => {
  e.preventDefault();
  navigate(to);
};
const LABELS: Record<string, string> = {
  publish_public: msg('Publish publicly'),
  answer_questions: msg('Answer patient questions'),
  approve_posts: msg('Approve posts'),
};

/** Policies to acknowledge, training to complete, and what that unlocks. */
export function LearningPage({ session }: { session: Session }) {
  const [policies, setPolicies] = useState<Policy[]>([]);
  const [modules, setModules] = useState<Module[]>([]);
  const [caps, setCaps] = useState<Record<string, Capability>>({});
  const load = useCallback(async () => {
    setPolicies((await api<{ policies: Policy[] }>('GET', '/api/policies')).policies);
    setModules((await api<{ modules: Module[] }>('GET', '/api/training/modules')).modules);
    setCaps((await api<{ capabilities: Record<string, Capability> }>('GET', '/api/me/requirements')).capabilities);
  }, []);
  const { error } = useAction(load);
  const manager = ['compliance', 'admin'].includes(session.role);
  return (
    <section aria-labelledby="learning-heading">
      <h1 id="learning-heading">{t('Policies and training')}</h1>
      <ErrorNote error={error} />
      {session.role !== 'patient' && (
        <ul aria-label={t('What you may do')} className="cards">
          {Object.entries(caps).map(([k, c]) => (
            <li key={k} className="card">
              <strong>{LABELS[k] ? t(LABELS[k]) : k}</strong>: {c.ok ? t('✓ allowed') : `needs ${c.missing.map((m) => m.title).join(', ')}`}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('Policies')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('Policy')}</th>
            <th>{t('Version')}</th>
            <th>{t('Your acknowledgement')}</th>
          </tr>
        </thead>
        <tbody>
          {policies.map((p) => (
            <tr key={p.id}>
              <td>
                <a href={`/learning/policies/${p.id}`} onClick={go(`/learning/policies/${p.id}`)}>
                  {p.title}
                </a>
              </td>
              <td>
                {p.version} ({new Date(p.publishedAt).toLocaleDateString(locale())})
              </td>
              <td>
                {p.acknowledgedAt ? `acknowledged ${new Date(p.acknowledgedAt).toLocaleString(locale())}` : <strong>{t('not yet')}</strong>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {manager && <PublishPolicy policies={policies} onDone={load} />}
      <h2>{t('Training')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('Module')}</th>
            <th>{t('Pass mark')}</th>
            <th>{t('Status')}</th>
          </tr>
        </thead>
        <tbody>
          {modules.map((m) => (
            <tr key={m.id}>
              <td>
                <a href={`/learning/modules/${m.id}`} onClick={go(`/learning/modules/${m.id}`)}>
                  {m.title}
                </a>
                <p className="muted">{m.summary}</p>
              </td>
              <td>{m.passMark}%</td>
              <td>
                {m.current ? (
                  <>
                    {t('passed ({{score}}%), valid until {{date}}', {
                      score: m.score,
                      date: new Date(m.expiresAt!).toLocaleDateString(locale()),
                    })}{' '}
                    ·{' '}
                    <a href={`/learning/certificates/${m.certificateId}`} onClick={go(`/learning/certificates/${m.certificateId}`)}>
                      {t('certificate')}
                    </a>
                  </>
                ) : m.passedAt ? (
                  <strong>{t('expired')}</strong>
                ) : (
                  <strong>{t('not completed')}</strong>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function PublishPolicy({ policies, onDone }: { policies: Policy[]; onDone: () => Promise<void> }) {
  const [form, setForm] = useState({
    slug: policies[0]?.slug ?? 'social-media-policy',
    title: policies[0]?.title ?? '',
    body: '',
    changeSummary: '',
  });
  const { act, error, message, setMessage } = useAction(useCallback(async () => undefined, []));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const r = await api<{ policy: { version: number } }>('POST', '/api/policies', form);
      setMessage(t('Published version {{version}}. Staff were asked to acknowledge it.', { version: r.policy.version }));
      await onDone();
    });
  };
  return (
    <form onSubmit={submit} className="composer" aria-label={t('Publish a policy version')}>
      <h3>{t('Publish a policy or a new version')}</h3>
      <label htmlFor="pol-slug">{t('Identifier (existing identifier: new version)')}</label>
      <input
        id="pol-slug"
        value={form.slug}
        onChange={(e) => setForm({ ...form, slug: e.target.value })}
        required
        pattern="[a-z0-9][a-z0-9\-]+"
      />
      <label htmlFor="pol-title">{t('Title')}</label>
      <input id="pol-title" value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} required minLength={3} />
      <label htmlFor="pol-body">{t('Text')}</label>
      <textarea
        id="pol-body"
        rows={8}
        value={form.body}
        onChange={(e) => setForm({ ...form, body: e.target.value })}
        required
        minLength={20}
      />
      <label htmlFor="pol-change">{t('What changed')}</label>
      <input id="pol-change" value={form.changeSummary} onChange={(e) => setForm({ ...form, changeSummary: e.target.value })} />
      <ErrorNote error={error} />
      {message && <p role="status">{message}</p>}
      <button type="submit">{t('Publish')}</button>
    </form>
  );
}

interface PolicyDetail {
  id: string;
  title: string;
  versions: {
    id: string;
    version: number;
    body: string;
    changeSummary: string;
    publishedAt: string;
    publishedBy: string;
    sha256: string;
    acknowledgedAt: string | null;
  }[];
}

export function PolicyPage({ id }: { id: string }) {
  const [policy, setPolicy] = useState<PolicyDetail | null>(null);
  const load = useCallback(async () => setPolicy((await api<{ policy: PolicyDetail }>('GET', `/api/policies/${id}`)).policy), [id]);
  const { act, error, message, setMessage } = useAction(load);
  if (!policy) return <ErrorNote error={error} />;
  const current = policy.versions[0];
  return (
    <section aria-labelledby="policy-heading">
      <p>
        <a href="/learning" onClick={go('/learning')}>
          {t('← Policies and training')}
        </a>
      </p>
      <h1 id="policy-heading">{policy.title}</h1>
      <p className="muted">
        {t('Version {{version}}, published {{date}} by {{name}}', {
          version: current.version,
          date: new Date(current.publishedAt).toLocaleDateString(locale()),
          name: current.publishedBy,
        })}
        {current.changeSummary ? ` — ${current.changeSummary}` : ''}
      </p>
      <div className="card body" data-testid="policy-body">
        {current.body}
      </div>
      <ErrorNote error={error} />
      {message && <p role="status">{message}</p>}
      {current.acknowledgedAt ? (
        <p role="status">
          {t('You acknowledged version')} {current.version} on {new Date(current.acknowledgedAt).toLocaleString(locale())}.
        </p>
      ) : (
        <button
          type="button"
          onClick={() =>
            act(async () => {
              await api('POST', `/api/policies/${id}/acknowledge`, { version: current.version });
              setMessage(t('Thank you. Your acknowledgement is recorded.'));
            })
          }
        >
          {t('I have read and will follow version')} {current.version}
        </button>
      )}
      {policy.versions.length > 1 && (
        <p className="muted">
          {t('Earlier versions:')}{' '}
          {policy.versions
            .slice(1)
            .map((v) => `v${v.version}`)
            .join(', ')}
        </p>
      )}
    </section>
  );
}

interface ModuleDetail {
  id: string;
  title: string;
  summary: string;
  passMark: number;
  lessons: { title: string; body: string }[];
  questions: { prompt: string; options: string[] }[];
}
interface AttemptResult {
  score: number;
  passMark: number;
  passed: boolean;
  certificateId: string | null;
  feedback: { correct: boolean; explanation: string | null }[] | null;
  attemptsLeftToday: number | null;
}

export function ModulePage({ id }: { id: string }) {
  const [mod, setMod] = useState<ModuleDetail | null>(null);
  const [answers, setAnswers] = useState<Record<number, number>>({});
  const [result, setResult] = useState<AttemptResult | null>(null);
  const load = useCallback(async () => setMod((await api<{ module: ModuleDetail }>('GET', `/api/training/modules/${id}`)).module), [id]);
  const { act, error } = useAction(load);
  useEffect(() => setResult(null), [id]);
  if (!mod) return <ErrorNote error={error} />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void act(async () =>
      setResult(
        await api<AttemptResult>('POST', `/api/training/modules/${id}/attempts`, {
          answers: mod.questions.map((_, i) => answers[i] ?? -1),
        }),
      ),
    );
  };
  return (
    <section aria-labelledby="module-heading">
      <p>
        <a href="/learning" onClick={go('/learning')}>
          {t('← Policies and training')}
        </a>
      </p>
      <h1 id="module-heading">{mod.title}</h1>
      <p>{mod.summary}</p>
      {mod.lessons.map((l, i) => (
        <article key={i} className="card">
          <h2>
            {i + 1}. {l.title}
          </h2>
          <p className="body">{l.body}</p>
        </article>
      ))}
      <form onSubmit={submit} aria-label={t('Quiz')}>
        <h2>
          {t('Quiz (pass mark')} {mod.passMark}%)
        </h2>
        {mod.questions.map((q, i) => (
          <fieldset key={i} className="card">
            <legend>
              {i + 1}. {q.prompt}
            </legend>
            {q.options.map((o, j) => (
              <label key={j} className="inline" style={{ display: 'block' }}>
                <input
                  type="radio"
                  name={`q${i}`}
                  checked={answers[i] === j}
                  onChange={() => setAnswers({ ...answers, [i]: j })}
                  required
                />{' '}
                {o}
              </label>
            ))}
            {result?.feedback && (
              <p className={result.feedback[i].correct ? 'phi-ok' : 'error'}>
                {result.feedback[i].correct ? t('Correct') : result.feedback[i].explanation}
              </p>
            )}
          </fieldset>
        ))}
        <ErrorNote error={error} />
        {result && (
          <p role="status" data-testid="quiz-result">
            {result.passed
              ? t('Passed with {{score}}%. ', { score: result.score })
              : t(
                  result.attemptsLeftToday === 1
                    ? '{{score}}%: below the pass mark of {{passMark}}%. Read the lessons again and try again (1 attempt left today).'
                    : '{{score}}%: below the pass mark of {{passMark}}%. Read the lessons again and try again ({{attempts}} attempts left today).',
                  { score: result.score, passMark: result.passMark, attempts: result.attemptsLeftToday ?? 0 },
                )}
            {result.certificateId && (
              <a href={`/learning/certificates/${result.certificateId}`} onClick={go(`/learning/certificates/${result.certificateId}`)}>
                {t('View your certificate')}
              </a>
            )}
          </p>
        )}
        <button type="submit">{t('Submit answers')}</button>
      </form>
    </section>
  );
}

interface Certificate {
  id: string;
  name: string;
  organization: string;
  module: string;
  moduleVersion: number;
  score: number;
  completedAt: string;
  validUntil: string;
  signature: string;
  valid: boolean;
}

export function CertificatePage({ id }: { id: string }) {
  const [c, setC] = useState<Certificate | null>(null);
  const { error } = useAction(
    useCallback(async () => setC((await api<{ certificate: Certificate }>('GET', `/api/training/certificates/${id}`)).certificate), [id]),
  );
  if (!c) return <ErrorNote error={error} />;
  return (
    <section aria-labelledby="cert-heading" className="card certificate">
      <h1 id="cert-heading">{t('Certificate of completion')}</h1>
      <p>
        <strong>{c.name}</strong> {t('completed')} <strong>{c.module}</strong>{' '}
        {t('(version {{version}}) with {{score}}% on {{date}}.', {
          version: c.moduleVersion,
          score: c.score,
          date: new Date(c.completedAt).toLocaleDateString(locale()),
        })}
      </p>
      <p>
        {c.organization} {t('· valid until')} {new Date(c.validUntil).toLocaleDateString(locale())}
      </p>
      <p className="muted">
        {t('Certificate')} {c.id} {t('· signature')} {c.signature.slice(0, 16)}… ·{' '}
        {c.valid ? t('signature verified') : t('SIGNATURE DOES NOT MATCH')}
      </p>
      <button type="button" onClick={() => window.print()}>
        {t('Print')}
      </button>
    </section>
  );
}
