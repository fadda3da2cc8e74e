import { useCallback, useState } from 'react';
import { api } from '../api/client.ts';
import { ErrorNote } from '../shared/ErrorNote.tsx';
import { GuardProfile } from './GuardProfile.tsx';
import { useAction } from '../shared/useAction.ts';
import { CATEGORY_LABELS, VERDICTS } from '../api/enums.gen.ts';
import { msg, t } from '../i18n/index.ts';

interface Rules {
  destinations: Record<string, string[]>;
  approvals: Record<string, string[]>;
  gates: Record<string, { modules: string[]; policies: string[] }>;
  phiPolicy: Record<string, Record<string, string>>;
  samplePercent: number;
}
interface Data {
  rules: Rules;
  modules: { slug: string; title: string }[];
  policies: { slug: string; title: string }[];
  categories: string[];
  destinations: string[];
  roles: string[];
}

const CAPS: Record<string, string> = {
  publish_public: msg('Publish publicly'),
  answer_questions: msg('Answer patient questions'),
  approve_posts: msg('Approve posts'),
};
const toggle = (list: string[] | undefined, v: string) =>
  (list ?? []).includes(v) ? (list ?? []).filter((x) => x !== v) : [...(list ?? []), v];

/** Who may share what, where, with whose approval: one page, every change audited. */
export function SharingRulesPage({ canEdit, canEditProfile }: { canEdit: boolean; canEditProfile: boolean }) {
  const [data, setData] = useState<Data | null>(null);
  const [rules, setRules] = useState<Rules | null>(null);
  const load = useCallback(async () => {
    const d = await api<Data>('GET', '/api/sharing-rules');
    setData(d);
    setRules(d.rules);
  }, []);
  const { act, error, message, setMessage } = useAction(load);
  if (!data || !rules) return <ErrorNote error={error} />;
  const save = () =>
    act(async () => {
      await api('PUT', '/api/sharing-rules', rules);
      setMessage(t('Saved. The change is in the audit log.'));
    });
  return (
    <section aria-labelledby="rules-heading">
      <h1 id="rules-heading">{t('Sharing rules')}</h1>
      <ErrorNote error={error} />
      {message && <p role="status">{message}</p>}
      <h2>{t('Who may post where')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('Role')}</th>
            {data.destinations.map((d) => (
              <th key={d}>{d.replace('_', ' ')}</th>
            ))}
            <th>{t('Needs approval for public')}</th>
          </tr>
        </thead>
        <tbody>
          {data.roles.map((role) => (
            <tr key={role}>
              <td>{role}</td>
              {data.destinations.map((d) => (
                <td key={d}>
                  <input
                    type="checkbox"
                    aria-label={t('{{role}} may post to {{d}}', { role, d })}
                    disabled={!canEdit}
                    checked={rules.destinations[role]?.includes(d) ?? false}
                    onChange={() =>
                      setRules({ ...rules, destinations: { ...rules.destinations, [role]: toggle(rules.destinations[role], d) } })
                    }
                  />
                </td>
              ))}
              <td>
                <input
                  type="checkbox"
                  aria-label={t('{{role}} public posts need approval', { role })}
                  disabled={!canEdit}
                  checked={rules.approvals.public?.includes(role) ?? false}
                  onChange={() => setRules({ ...rules, approvals: { ...rules.approvals, public: toggle(rules.approvals.public, role) } })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('What staff need first')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('To…')}</th>
            {data.modules.map((m) => (
              <th key={m.slug}>{m.title}</th>
            ))}
            {data.policies.map((p) => (
              <th key={p.slug}>{p.title}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Object.entries(CAPS).map(([cap, label]) => {
            const gate = rules.gates[cap] ?? { modules: [], policies: [] };
            const set = (g: typeof gate) => setRules({ ...rules, gates: { ...rules.gates, [cap]: g } });
            return (
              <tr key={cap}>
                <td>{t(label)}</td>
                {data.modules.map((m) => (
                  <td key={m.slug}>
                    <input
                      type="checkbox"
                      aria-label={t('{{label}} requires {{title}}', { label, title: m.title })}
                      disabled={!canEdit}
                      checked={gate.modules.includes(m.slug)}
                      onChange={() => set({ ...gate, modules: toggle(gate.modules, m.slug) })}
                    />
                  </td>
                ))}
                {data.policies.map((p) => (
                  <td key={p.slug}>
                    <input
                      type="checkbox"
                      aria-label={t('{{label}} requires {{title}}', { label, title: p.title })}
                      disabled={!canEdit}
                      checked={gate.policies.includes(p.slug)}
                      onChange={() => set({ ...gate, policies: toggle(gate.policies, p.slug) })}
                    />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>{t('Patient identifiers by destination')}</h2>
      <p className="muted">
        {t(
          'What the PHI guard does when it finds each kind of identifier. "Needs consent" lets it through with a matching patient consent.',
        )}
      </p>
      <table>
        <thead>
          <tr>
            <th>{t('Identifier')}</th>
            {data.destinations.map((d) => (
              <th key={d}>{d.replace('_', ' ')}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.categories.map((c) => (
            <tr key={c}>
              <td>{CATEGORY_LABELS[c] ?? c}</td>
              {data.destinations.map((d) => (
                <td key={d}>
                  <select
                    aria-label={t('{{value}} in {{value2}}', { value: CATEGORY_LABELS[c] ?? c, value2: d.replace('_', ' ') })}
                    disabled={!canEdit}
                    value={rules.phiPolicy[d]?.[c] ?? 'warn'}
                    onChange={(e) =>
                      setRules({ ...rules, phiPolicy: { ...rules.phiPolicy, [d]: { ...rules.phiPolicy[d], [c]: e.target.value } } })
                    }
                  >
                    {VERDICTS.map((v) => (
                      <option key={v} value={v}>
                        {v.replace('_', ' ')}
                      </option>
                    ))}
                  </select>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('Supervisory sampling')}</h2>
      <label htmlFor="sample">{t('Share of staff posts drawn for review (%)')}</label>{' '}
      <input
        id="sample"
        type="number"
        min={0}
        max={100}
        disabled={!canEdit}
        value={rules.samplePercent}
        onChange={(e) => setRules({ ...rules, samplePercent: Number(e.target.value) })}
      />
      {canEdit && (
        <p>
          <button type="button" onClick={save}>
            {t('Save sharing rules')}
          </button>
        </p>
      )}
      <GuardProfile canEdit={canEditProfile} />
    </section>
  );
}
