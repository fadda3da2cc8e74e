import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type Res } from '../api/client.ts';
import { t } from '../i18n/index.ts';

type Series = Res<'GET /api/signals'>;
type Alert = Res<'GET /api/signals/alerts'>['alerts'][number];

/** Symptom mentions per day with EARS C2 and CUSUM alarms: a chart, the alarm days and stored alerts. */
export function SignalsPage() {
  const params = new URLSearchParams(window.location.search);
  const [syndrome, setSyndrome] = useState(params.get('syndrome') ?? 'respiratory');
  const [scope, setScope] = useState(params.get('scope') ?? 'all');
  const [days, setDays] = useState(90);
  const [options, setOptions] = useState<{ scopes: { scope: string; label: string }[]; syndromes: { id: string; label: string }[] }>({
    scopes: [],
    syndromes: [],
  });
  const [data, setData] = useState<Series | null>(null);
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<typeof options>('GET', '/api/signals/scopes')
      .then(setOptions)
      .catch(() => undefined);
    api<{ alerts: Alert[] }>('GET', '/api/signals/alerts')
      .then((r) => setAlerts(r.alerts))
      .catch(() => undefined);
  }, []);
  const load = useCallback(() => {
    setError(null);
    api<Series>('GET', `/api/signals?syndrome=${syndrome}&scope=${encodeURIComponent(scope)}&days=${days}`)
      .then(setData)
      .catch((e) => setError(e instanceof ApiError ? e.message : t('Could not load the series.')));
  }, [syndrome, scope, days]);
  useEffect(load, [load]);
  return (
    <section aria-labelledby="signals-heading">
      <h1 id="signals-heading">{t('Public-health signals')}</h1>
      <p className="muted">
        {t(
          'Posts mentioning symptom terms per day. C2 compares each day with the week before last; CUSUM adds up smaller rises over several days.',
        )}
      </p>
      <div className="row">
        <label htmlFor="sig-syndrome">{t('Symptoms')}</label>{' '}
        <select id="sig-syndrome" value={syndrome} onChange={(e) => setSyndrome(e.target.value)}>
          {options.syndromes.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
        <label htmlFor="sig-scope">{t('Where')}</label>{' '}
        <select id="sig-scope" value={scope} onChange={(e) => setScope(e.target.value)}>
          {options.scopes.map((s) => (
            <option key={s.scope} value={s.scope}>
              {s.label}
            </option>
          ))}
        </select>
        <label htmlFor="sig-days">{t('Days')}</label>{' '}
        <select id="sig-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {[30, 90, 180, 365].map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {data && <Chart data={data} />}
      {data && (
        <>
          <h2>{t('Alarm days in this view')}</h2>
          {data.alarms.length === 0 ? (
            <p className="muted">{t('No alarms.')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{t('Day')}</th>
                  <th>{t('Method')}</th>
                  <th>{t('Posts')}</th>
                  <th>{t('Expected')}</th>
                </tr>
              </thead>
              <tbody>
                {data.alarms.map((a) => (
                  <tr key={`${a.method}${a.day}`}>
                    <td>{a.day}</td>
                    <td>{a.method.toUpperCase()}</td>
                    <td>{a.observed}</td>
                    <td>{a.expected.toFixed(1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <h2>{t('Alerts raised')}</h2>
      {alerts.length === 0 ? (
        <p className="muted">{t('None yet.')}</p>
      ) : (
        <ul>
          {alerts.map((a) => (
            <li key={a.id}>
              {t('{{day}}: {{syndrome}} in {{scope}} — {{observed}} posts (expected {{expected}}, {{method}})', {
                day: a.day,
                syndrome: a.syndrome,
                scope: options.scopes.find((s) => s.scope === a.scope)?.label ?? a.scope,
                observed: a.observed,
                expected: a.expected.toFixed(1),
                method: a.method.toUpperCase(),
              })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Chart({ data }: { data: Series }) {
  const w = 720;
  const h = 200;
  const pad = 28;
  const max = Math.max(4, ...data.series.map((s) => s.count));
  const x = (i: number) => pad + (i * (w - 2 * pad)) / Math.max(1, data.series.length - 1);
  const y = (v: number) => h - pad - (v * (h - 2 * pad)) / max;
  const points = data.series.map((s, i) => `${x(i).toFixed(1)},${y(s.count).toFixed(1)}`).join(' ');
  const index = new Map(data.series.map((s, i) => [s.day, i]));
  const total = data.series.reduce((n, s) => n + s.count, 0);
  return (
    <figure>
      <svg
        viewBox={`0 0 ${w} ${h}`}
        width="100%"
        role="img"
        aria-label={t('Daily posts: {{total}} in {{length}} days, {{length2}} alarms', {
          total,
          length: data.series.length,
          length2: data.alarms.length,
        })}
        data-testid="signal-chart"
      >
        <line x1={pad} y1={h - pad} x2={w - pad} y2={h - pad} stroke="#999" />
        <line x1={pad} y1={pad} x2={pad} y2={h - pad} stroke="#999" />
        <text x={4} y={pad + 4} fontSize="10">
          {max}
        </text>
        <text x={4} y={h - pad} fontSize="10">
          0
        </text>
        <text x={pad} y={h - 8} fontSize="10">
          {data.series[0]?.day}
        </text>
        <text x={w - pad - 60} y={h - 8} fontSize="10">
          {data.series.at(-1)?.day}
        </text>
        <polyline points={points} fill="none" stroke="#0b5cad" strokeWidth="2" />
        {data.alarms.map((a) => {
          const i = index.get(a.day) ?? 0;
          return (
            <circle
              key={`${a.method}${a.day}`}
              cx={x(i)}
              cy={y(a.observed)}
              r={a.method === 'c2' ? 7 : 4}
              fill={a.method === 'c2' ? '#a4161a' : '#f5a623'}
              data-testid="signal-alarm"
            >
              <title>
                {t('{{value}} {{day}}: {{observed}} (expected {{expected}})', {
                  value: a.method.toUpperCase(),
                  day: a.day,
                  observed: a.observed,
                  expected: a.expected,
                })}
              </title>
            </circle>
          );
        })}
      </svg>
      <figcaption className="muted">{t('Line: posts per day. Red: C2 alarm. Orange: CUSUM alarm.')}</figcaption>
    </figure>
  );
}
