import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type Res, type Session } from '../api/client.ts';
import { ErrorNote } from '../shared/ErrorNote.tsx';
import { useAction } from '../shared/useAction.ts';
import { msg, t, tn } from '../i18n/index.ts';

type Goal = Res<'GET /api/goals'>['goals'][number];
type Kind = Goal['kind'];

const KIND_LABEL: Record<Kind, string> = {
  steps: msg('Daily steps'),
  weight: msg('Weight'),
  a1c: 'A1c',
  blood_pressure: msg('Blood pressure'),
  sleep: msg('Sleep'),
  habit: msg('A habit'),
};
const UNITS: Record<Kind, string[]> = {
  steps: ['steps'],
  weight: ['kg', 'lb'],
  a1c: ['%'],
  blood_pressure: ['mmHg'],
  sleep: ['hours'],
  habit: [msg('days done')],
};
const today = () => new Date().toISOString().slice(0, 10);
const reading = (g: Goal, e: { value: number; value2: number | null }) =>
  g.kind === 'habit'
    ? e.value
      ? 'done'
      : t('not done')
    : g.kind === 'blood_pressure'
      ? t('{{value}}/{{value2}} mmHg', { value: e.value, value2: e.value2 })
      : `${e.value} ${g.unit}`;
const targetText = (g: Goal) =>
  g.target === null
    ? t('no target')
    : g.kind === 'habit'
      ? t('{{target}} days a week', { target: g.target })
      : g.kind === 'blood_pressure'
        ? t('{{target}}/{{target2}} mmHg or lower', { target: g.target, target2: g.target2 ?? '' })
        : `${g.target} ${g.unit}`;

function KindSelect({ kind, onChange }: { kind: Kind; onChange: (k: Kind) => void }) {
  return (
    <label>
      {t('What to track')}
      <select value={kind} onChange={(e) => onChange(e.target.value as Kind)}>
        {(Object.keys(KIND_LABEL) as Kind[]).map((k) => (
          <option key={k} value={k}>
            {t(KIND_LABEL[k])}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The readings as a line (two for blood pressure) with the target dashed; described in words for screen readers. */
function GoalChart({ goal }: { goal: Goal }) {
  const points = goal.entries;
  const W = 320;
  const H = 120;
  const values = [
    ...points.flatMap((p) => [p.value, ...(p.value2 !== null ? [p.value2] : [])]),
    ...(goal.target !== null && goal.kind !== 'habit' ? [goal.target] : []),
  ];
  if (points.length === 0) return <p className="muted">{t('No readings yet. Log the first one below.')}</p>;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || 1;
  const x = (i: number) => (points.length === 1 ? W / 2 : 8 + (i * (W - 16)) / (points.length - 1));
  const y = (v: number) => H - 8 - ((v - lo) / span) * (H - 16);
  const line = (pick: (p: (typeof points)[number]) => number | null) =>
    points
      .map((p, i) => [i, pick(p)] as const)
      .filter(([, v]) => v !== null)
      .map(([i, v]) => `${x(i)},${y(v!)}`)
      .join(' ');
  const last = points.at(-1)!;
  const summary = tn(
    '{{title}}: 1 reading on {{from}}; latest {{latest}}; target {{target}}.',
    '{{title}}: {{count}} readings from {{from}} to {{to}}; latest {{latest}}; target {{target}}.',
    points.length,
    { title: goal.title, from: points[0].date, to: last.date, latest: reading(goal, last), target: targetText(goal) },
  );
  return (
    <svg className="goal-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
      {goal.target !== null && goal.kind !== 'habit' && <line className="target" x1={0} x2={W} y1={y(goal.target)} y2={y(goal.target)} />}
      <polyline className="series" points={line((p) => p.value)} />
      {goal.kind === 'blood_pressure' && <polyline className="series second" points={line((p) => p.value2)} />}
      {points.map((p, i) => (
        <circle key={p.id} cx={x(i)} cy={y(p.value)} r={3} />
      ))}
    </svg>
  );
}

/**
 * A patient's own goals: set one, log readings by hand, see the chart, share with clinicians or (without
 * the numbers, if they choose) encourage each other in a community. Clinicians see what was shared with
 * them and suggest goals to patients in their care.
 */
export function GoalsPage({ session }: { session: Session }) {
  const clinician = session.role === 'clinician';
  const [goals, setGoals] = useState<Goal[]>([]);
  const load = useCallback(async () => {
    setGoals((await api<{ goals: Goal[] }>('GET', clinician ? '/api/goals/shared' : '/api/goals')).goals);
  }, [clinician]);
  const { error, message, setMessage, act } = useAction(load);
  return (
    <div className="goals">
      <h1>{clinician ? t('Goals shared with you') : t('My goals')}</h1>
      <ErrorNote error={error} />
      {message && <p role="status">{message}</p>}
      {clinician ? (
        <SuggestGoal onDone={(m) => act(async () => setMessage(m))} />
      ) : (
        <NewGoal onDone={(m) => act(async () => setMessage(m))} />
      )}
      {goals.length === 0 && (
        <p className="empty muted" role="note">
          {clinician
            ? t('No patient has shared a goal with you yet.')
            : t('No goals yet. Set one above: a number to reach or a habit to keep.')}
        </p>
      )}
      {goals.map((g) => (
        <GoalCard key={g.id} goal={g} clinician={clinician} onChange={load} />
      ))}
    </div>
  );
}

function NewGoal({ onDone }: { onDone: (message: string) => Promise<void> }) {
  const [kind, setKind] = useState<Kind>('steps');
  const [unit, setUnit] = useState('steps');
  const [title, setTitle] = useState('');
  const [target, setTarget] = useState('');
  const [target2, setTarget2] = useState('');
  const [due, setDue] = useState('');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => setUnit(UNITS[kind][0]), [kind]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', '/api/goals', {
        kind,
        unit,
        title: title || undefined,
        target: target === '' ? null : Number(target),
        target2: kind === 'blood_pressure' && target2 !== '' ? Number(target2) : null,
        dueDate: due || null,
      });
      setTitle('');
      setTarget('');
      setTarget2('');
      await onDone(t('Goal set. Log your first reading when you have one.'));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="form" onSubmit={submit} aria-label={t('Set a goal')}>
      <h2>{t('Set a goal')}</h2>
      <KindSelect kind={kind} onChange={setKind} />
      {UNITS[kind].length > 1 && (
        <label>
          {t('Unit')}
          <select value={unit} onChange={(e) => setUnit(e.target.value)}>
            {UNITS[kind].map((u) => (
              <option key={u}>{u}</option>
            ))}
          </select>
        </label>
      )}
      <label>
        {kind === 'habit' ? t('The habit') : t('Name (optional)')}
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} required={kind === 'habit'} />
      </label>
      <label>
        {kind === 'habit'
          ? t('Days a week')
          : kind === 'blood_pressure'
            ? t('Target systolic (top number)')
            : t('Target ({{unit}})', { unit })}
        <input type="number" inputMode="decimal" step="any" value={target} onChange={(e) => setTarget(e.target.value)} />
      </label>
      {kind === 'blood_pressure' && (
        <label>
          {t('Target diastolic (bottom number)')}
          <input type="number" inputMode="numeric" value={target2} onChange={(e) => setTarget2(e.target.value)} />
        </label>
      )}
      <label>
        {t('Reach it by (optional)')}
        <input type="date" value={due} min={today()} onChange={(e) => setDue(e.target.value)} />
      </label>
      <ErrorNote error={error} />
      <button type="submit">{t('Set goal')}</button>
    </form>
  );
}

function SuggestGoal({ onDone }: { onDone: (message: string) => Promise<void> }) {
  const [patients, setPatients] = useState<{ id: string; name: string }[]>([]);
  const [patientId, setPatientId] = useState('');
  const [kind, setKind] = useState<Kind>('steps');
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<Res<'GET /api/contacts'>>('GET', '/api/contacts')
      .then((r) => setPatients(r.contacts.filter((c) => c.role === 'patient').map((c) => ({ id: c.id, name: c.name }))))
      .catch(() => setPatients([]));
  }, []);
  return (
    <form
      className="form"
      aria-label={t('Suggest a goal')}
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        api('POST', '/api/goals/suggestions', {
          patientId,
          kind,
          target: target === '' ? null : Number(target),
          note,
          title: kind === 'habit' ? note : undefined,
        })
          .then(() => onDone(t('Suggested. The patient decides whether to take it on.')))
          .catch((err: unknown) => setError(err instanceof ApiError ? err : t('Could not suggest the goal.')));
      }}
    >
      <h2>{t('Suggest a goal to a patient in your care')}</h2>
      <label>
        {t('Patient')}
        <select value={patientId} onChange={(e) => setPatientId(e.target.value)} required>
          <option value="">{t('Choose…')}</option>
          {patients.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <KindSelect kind={kind} onChange={setKind} />
      <label>
        {t('Target')}
        <input type="number" step="any" value={target} onChange={(e) => setTarget(e.target.value)} />
      </label>
      <label>
        {t('Note to the patient')}
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
      </label>
      <ErrorNote error={error} />
      <button type="submit">{t('Suggest')}</button>
    </form>
  );
}

function GoalCard({ goal: g, clinician, onChange }: { goal: Goal; clinician: boolean; onChange: () => Promise<void> }) {
  const [value, setValue] = useState('');
  const [value2, setValue2] = useState('');
  const [date, setDate] = useState(today());
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const run = async (fn: () => Promise<unknown>, done?: string) => {
    setError(null);
    setNote(null);
    try {
      await fn();
      if (done) setNote(done);
      await onChange();
    } catch (err) {
      setError(err);
    }
  };
  const last = g.entries.at(-1);
  return (
    <section className="goal-card" aria-label={g.title}>
      <h2>
        {g.title}
        {g.patientName ? ` — ${g.patientName}` : ''}
      </h2>
      <p>
        {t('Target:')} {targetText(g)}
        {g.dueDate ? t(' by {{dueDate}}', { dueDate: g.dueDate }) : ''}.{' '}
        {last ? t('Latest: {{value}} ({{date}}).', { value: reading(g, last), date: last.date }) : ''}{' '}
        {g.reached && <strong className="phi-ok">{t('Target reached!')}</strong>}
      </p>
      {g.status === 'suggested' && (
        <div className="row" role="group" aria-label={t('Suggested goal')}>
          <p>
            {g.suggestionNote
              ? t('Suggested by your care team: “{{note}}”.', { note: g.suggestionNote })
              : t('Suggested by your care team.')}
          </p>
          {!clinician && (
            <>
              <button
                type="button"
                onClick={() => void run(() => api('PUT', `/api/goals/${g.id}/status`, { status: 'active' }), t('Goal accepted.'))}
              >
                {t('Accept')}
              </button>
              <button type="button" onClick={() => void run(() => api('PUT', `/api/goals/${g.id}/status`, { status: 'declined' }))}>
                {t('Decline')}
              </button>
            </>
          )}
        </div>
      )}
      <GoalChart goal={g} />
      {!clinician && g.status === 'active' && (
        <form
          className="row"
          aria-label={`Log ${g.title}`}
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              await api('POST', `/api/goals/${g.id}/entries`, {
                value: g.kind === 'habit' ? 1 : Number(value),
                value2: g.kind === 'blood_pressure' ? Number(value2) : null,
                date,
              });
              setValue('');
              setValue2('');
            }, t('Logged.'));
          }}
        >
          {g.kind !== 'habit' && (
            <label>
              {g.kind === 'blood_pressure' ? t('Systolic') : t('Reading ({{unit}})', { unit: g.unit })}
              <input type="number" inputMode="decimal" step="any" value={value} onChange={(e) => setValue(e.target.value)} required />
            </label>
          )}
          {g.kind === 'blood_pressure' && (
            <label>
              {t('Diastolic')}
              <input type="number" inputMode="numeric" value={value2} onChange={(e) => setValue2(e.target.value)} required />
            </label>
          )}
          <label>
            {t('Day')}
            <input type="date" value={date} max={today()} onChange={(e) => setDate(e.target.value)} />
          </label>
          <button type="submit">{g.kind === 'habit' ? t('Done today') : t('Log')}</button>
        </form>
      )}
      {!clinician && (
        <p className="muted">
          {t('Shared with:')} {g.sharedWith.map((s) => s.name).join(', ') || t('only you')}.{' '}
          {g.status === 'active' && (
            <button
              type="button"
              onClick={() => void run(() => api('PUT', `/api/goals/${g.id}/status`, { status: 'stopped' }), t('Goal stopped.'))}
            >
              {t('Stop this goal')}
            </button>
          )}
        </p>
      )}
      {!clinician && g.status === 'active' && <ShareGoal goal={g} run={run} />}
      {note && <p role="status">{note}</p>}
      <ErrorNote error={error} />
    </section>
  );
}

/** Share a goal with clinicians, or tell a community about it (the numbers only if the patient chooses). */
function ShareGoal({ goal: g, run }: { goal: Goal; run: (fn: () => Promise<unknown>, done?: string) => Promise<void> }) {
  const [clinicians, setClinicians] = useState<{ id: string; name: string }[]>([]);
  const [communities, setCommunities] = useState<{ id: string; name: string }[]>([]);
  const [clinicianId, setClinicianId] = useState('');
  const [communityId, setCommunityId] = useState('');
  const [withNumbers, setWithNumbers] = useState(false);
  useEffect(() => {
    api<Res<'GET /api/providers'>>('GET', '/api/providers')
      .then((r) => setClinicians(r.providers.map((p) => ({ id: p.id, name: p.name }))))
      .catch(() => setClinicians([]));
    api<Res<'GET /api/communities'>>('GET', '/api/communities')
      .then((r) => setCommunities(r.communities.filter((c) => c.membership !== null).map((c) => ({ id: c.id, name: c.name }))))
      .catch(() => setCommunities([]));
  }, []);
  const recent = g.entries.filter((e) => e.date >= new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10));
  const last = g.entries.at(-1);
  const story =
    withNumbers && last
      ? t("I'm working on my goal ({{title}}): latest {{value}}, target {{value2}}.", {
          title: g.title,
          value: reading(g, last),
          value2: targetText(g),
        })
      : tn(
          "I'm working on a goal ({{kind}}) and logged it once this week.",
          "I'm working on a goal ({{kind}}) and logged it {{count}} times this week.",
          recent.length,
          { kind: t(KIND_LABEL[g.kind]).toLowerCase() },
        );
  return (
    <details className="share-goal">
      <summary>{t('Share')}</summary>
      <div className="row">
        <label>
          {t('With a clinician')}
          <select value={clinicianId} onChange={(e) => setClinicianId(e.target.value)}>
            <option value="">{t('Choose…')}</option>
            {clinicians.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={!clinicianId}
          onClick={() =>
            void run(() => api('POST', `/api/goals/${g.id}/shares`, { clinicianIds: [clinicianId] }), t('Shared with your clinician.'))
          }
        >
          {t('Share readings')}
        </button>
      </div>
      {communities.length > 0 && (
        <div>
          <label>
            {t('Tell a community, for encouragement')}
            <select value={communityId} onChange={(e) => setCommunityId(e.target.value)}>
              <option value="">{t('Choose…')}</option>
              {communities.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label className="inline">
            <input type="checkbox" checked={withNumbers} onChange={(e) => setWithNumbers(e.target.checked)} /> {t('Include my numbers')}
          </label>
          <p className="muted">{t('It will say: “{{story}}”', { story })}</p>
          <button
            type="button"
            disabled={!communityId}
            onClick={() =>
              void run(
                () => api('POST', `/api/communities/${communityId}/posts`, { title: 'Working on a goal', body: story }),
                t('Posted to the community.'),
              )
            }
          >
            {t('Post it')}
          </button>
        </div>
      )}
    </details>
  );
}
