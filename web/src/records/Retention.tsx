import { useCallback, useState, type FormEvent } from 'react';
import { api, ApiError, type Res } from '../api/client.ts';
import { DataTable } from '../shared/DataTable.tsx';
import { useAction } from '../shared/useAction.ts';
import { locale, t } from '../i18n/index.ts';

type Rules = Res<'GET /api/archive/rules'>;
type Preview = Res<'GET /api/archive/disposition/preview'>;
type Dispositions = Res<'GET /api/archive/dispositions'>;

const CLASSES = [
  'community_content',
  'message',
  'public_communication',
  'public_post',
  'consent',
  'community',
  'policy',
  'training_record',
  'media',
];
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(locale()) : '—');

/**
 * The retention schedule and destruction with two keys: rules (edited with effective dates, retired),
 * statutory floors, what would go now, and requests that someone else approves before they run.
 */
export function RetentionSection({
  canDispose,
  canManageRules,
  onDestroyed,
}: {
  canDispose: boolean;
  canManageRules: boolean;
  onDestroyed: () => Promise<void>;
}) {
  const [rules, setRules] = useState<Rules | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [requests, setRequests] = useState<Dispositions | null>(null);
  const [form, setForm] = useState({
    recordClass: 'community_content',
    jurisdiction: 'US-HIPAA',
    years: 6,
    basis: '45 CFR 164.316(b)(2)',
    effectiveFrom: '',
  });
  const [editing, setEditing] = useState<{ id: string; years: number; basis: string } | null>(null);
  const [confirmShort, setConfirmShort] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const load = useCallback(async () => {
    if (canManageRules) setRules(await api<Rules>('GET', '/api/archive/rules'));
    if (canDispose) {
      setPreview(await api<Preview>('GET', '/api/archive/disposition/preview'));
      setRequests(await api<Dispositions>('GET', '/api/archive/dispositions'));
    }
  }, [canDispose, canManageRules]);
  const { act, error, message, setMessage } = useAction(load);

  /** Sends a rule; a period under a year comes back as a question, answered by sending it again confirmed. */
  const sendRule = (send: (acknowledgeShort: boolean) => Promise<{ warnings: string[] }>, acknowledgeShort = false) =>
    act(async () => {
      try {
        const r = await send(acknowledgeShort);
        setWarnings(r.warnings);
        setConfirmShort(null);
        setEditing(null);
        setMessage(t('Retention schedule saved.'));
      } catch (e) {
        if (e instanceof ApiError && /Confirm that this is intended/.test(e.message)) setConfirmShort(e.message);
        else throw e;
      }
    });
  const [pending, setPending] = useState<((ack: boolean) => Promise<{ warnings: string[] }>) | null>(null);
  const submitRule = (e: FormEvent) => {
    e.preventDefault();
    const send = (acknowledgeShort: boolean) =>
      api<{ warnings: string[] }>('POST', '/api/archive/rules', {
        ...form,
        effectiveFrom: form.effectiveFrom ? new Date(form.effectiveFrom).toISOString() : null,
        acknowledgeShort,
      });
    setPending(() => send);
    void sendRule(send);
  };

  const open = requests?.requests.find((r) => r.status === 'pending' || r.status === 'approved');
  return (
    <>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {message && <p role="status">{message}</p>}
      {warnings.map((w) => (
        <p key={w} className="warning" role="note">
          {w}
        </p>
      ))}
      {canManageRules && (
        <>
          <h2>{t('Retention schedule')}</h2>
          <DataTable
            label={t('Retention schedule')}
            rows={rules?.rules ?? []}
            rowKey={(r) => r.id}
            empty={t('No retention rules yet: records are kept until a rule is added.')}
            columns={[
              { header: t('Record class'), cell: (r) => r.record_class },
              { header: t('Jurisdiction'), cell: (r) => r.jurisdiction },
              {
                header: t('Years'),
                cell: (r) =>
                  editing?.id === r.id ? (
                    <input
                      aria-label={t('Years for {{record_class}} ({{jurisdiction}})', {
                        record_class: r.record_class,
                        jurisdiction: r.jurisdiction,
                      })}
                      type="number"
                      min={0}
                      max={100}
                      value={editing.years}
                      onChange={(e) => setEditing({ ...editing, years: Number(e.target.value) })}
                    />
                  ) : (
                    r.years
                  ),
              },
              {
                header: t('Basis'),
                cell: (r) =>
                  editing?.id === r.id ? (
                    <input
                      aria-label={t('Basis')}
                      value={editing.basis}
                      onChange={(e) => setEditing({ ...editing, basis: e.target.value })}
                    />
                  ) : (
                    r.basis
                  ),
              },
              { header: t('In effect'), cell: (r) => (r.retiredAt ? `retired ${when(r.retiredAt)}` : `since ${when(r.effectiveFrom)}`) },
              {
                header: t('Actions'),
                cell: (r) =>
                  r.retiredAt ? null : editing?.id === r.id ? (
                    <>
                      <button
                        type="button"
                        onClick={() => {
                          const send = (acknowledgeShort: boolean) =>
                            api<{ warnings: string[] }>('PUT', `/api/archive/rules/${r.id}`, {
                              years: editing.years,
                              basis: editing.basis,
                              acknowledgeShort,
                            });
                          setPending(() => send);
                          void sendRule(send);
                        }}
                      >
                        {t('Save')}
                      </button>{' '}
                      <button type="button" onClick={() => setEditing(null)}>
                        {t('Cancel')}
                      </button>
                    </>
                  ) : (
                    <>
                      <button type="button" onClick={() => setEditing({ id: r.id, years: r.years, basis: r.basis })}>
                        {t('Edit')}
                      </button>{' '}
                      <button
                        type="button"
                        onClick={() =>
                          act(async () => {
                            await api('POST', `/api/archive/rules/${r.id}/retire`);
                            setMessage(
                              t('Rule retired: {{record_class}} records it covered are kept unless another rule applies.', {
                                record_class: r.record_class,
                              }),
                            );
                          })
                        }
                      >
                        {t('Retire')}
                      </button>
                    </>
                  ),
              },
            ]}
          />
          {confirmShort && pending && (
            <div role="alertdialog" aria-label={t('Confirm a short retention period')} className="warning">
              <p>{confirmShort}</p>
              <button type="button" onClick={() => void sendRule(pending, true)}>
                {t('Yes, keep this period')}
              </button>{' '}
              <button type="button" onClick={() => setConfirmShort(null)}>
                {t('Change it')}
              </button>
            </div>
          )}
          <form aria-label={t('New retention rule')} className="row" onSubmit={submitRule}>
            <label>
              {t('Class')}{' '}
              <input list="record-classes" value={form.recordClass} onChange={(e) => setForm({ ...form, recordClass: e.target.value })} />
              <datalist id="record-classes">
                {CLASSES.map((c) => (
                  <option key={c} value={c} />
                ))}
              </datalist>
            </label>
            <label>
              {t('Jurisdiction')} <input value={form.jurisdiction} onChange={(e) => setForm({ ...form, jurisdiction: e.target.value })} />
            </label>
            <label>
              {t('Years')}{' '}
              <input
                type="number"
                min={0}
                max={100}
                value={form.years}
                onChange={(e) => setForm({ ...form, years: Number(e.target.value) })}
              />
            </label>
            <label>
              {t('Basis')} <input value={form.basis} onChange={(e) => setForm({ ...form, basis: e.target.value })} />
            </label>
            <label>
              {t('Effective from')}{' '}
              <input type="date" value={form.effectiveFrom} onChange={(e) => setForm({ ...form, effectiveFrom: e.target.value })} />
            </label>
            <button type="submit">{t('Add rule')}</button>
          </form>
          <h3>{t('Statutory floors')}</h3>
          <p className="muted">{t('No rule can keep these records for less (the built-in ones apply everywhere).')}</p>
          <ul>
            {rules?.floors.map((f) => (
              <li key={`${f.recordClass}-${f.jurisdiction}`}>
                {f.recordClass} · {f.jurisdiction === '*' ? t('all jurisdictions') : f.jurisdiction}: {f.years} {t('years —')} {f.basis}
              </li>
            ))}
          </ul>
        </>
      )}

      {canDispose && preview && (
        <>
          <h2>{t('Disposition')}</h2>
          <p>
            {t('Destroying records takes two people: one asks, someone else approves, and it runs')} {requests?.delayHours ?? 72}{' '}
            {t('hours later unless cancelled.')}
          </p>
          <DataTable
            label={t('What would be destroyed now')}
            rows={preview.breakdown}
            rowKey={(b) => `${b.recordClass}-${b.jurisdiction}`}
            empty={t('Nothing has expired under the current rules.')}
            columns={[
              { header: t('Record class'), cell: (b) => b.recordClass },
              { header: t('Jurisdiction'), cell: (b) => b.jurisdiction },
              { header: t('Period'), cell: (b) => t('{{years}} years', { years: b.years }) },
              { header: t('Would be destroyed'), cell: (b) => b.records - b.heldRecords },
              { header: t('Kept under a legal hold'), cell: (b) => b.heldRecords },
            ]}
          />
          {!open && preview.records > 0 && (
            <button
              type="button"
              onClick={() =>
                act(async () => {
                  await api('POST', '/api/archive/dispositions');
                  setMessage(t('Disposition requested: someone else must approve it.'));
                })
              }
            >
              {t('Ask to destroy')} {preview.records} {t('expired record(s)')}
            </button>
          )}
          <DataTable
            label={t('Disposition requests')}
            rows={requests?.requests ?? []}
            rowKey={(r) => r.id}
            empty={t('No disposition requests yet.')}
            columns={[
              {
                header: t('Asked'),
                cell: (r) => t('{{value}} by {{requestedBy}}', { value: when(r.createdAt), requestedBy: r.requestedBy }),
              },
              {
                header: t('Records'),
                cell: (r) =>
                  r.result
                    ? t('{{records}} destroyed', { records: r.result.records })
                    : t('{{records}} to destroy, {{heldRecords}} held', { records: r.preview.records, heldRecords: r.preview.heldRecords }),
              },
              {
                header: t('Status'),
                cell: (r) =>
                  r.status === 'pending'
                    ? r.approvers.length
                      ? t('waiting for approval ({{given}} of {{needed}}: {{names}})', {
                          given: r.approvers.length,
                          needed: r.approvalsRequired,
                          names: r.approvers.map((a) => a.name).join(', '),
                        })
                      : t('waiting for approval (0 of {{needed}})', { needed: r.approvalsRequired })
                    : r.status === 'approved'
                      ? t('approved by {{value}}; runs after {{value2}}', {
                          value: r.approvers.map((a) => a.name).join(', '),
                          value2: when(r.runsAfter),
                        })
                      : r.status,
              },
              {
                header: t('Actions'),
                cell: (r) =>
                  r.status === 'pending' || r.status === 'approved' ? (
                    <>
                      {r.status === 'pending' && r.requestedById !== requests?.me && !r.approvers.some((a) => a.id === requests?.me) && (
                        <button
                          type="button"
                          onClick={() =>
                            act(async () => {
                              const out = await api<{ status: string; runsAfter: string | null }>(
                                'POST',
                                `/api/archive/dispositions/${r.id}/approve`,
                              );
                              setMessage(
                                out.runsAfter
                                  ? t('Approved: it runs after {{value}}.', { value: when(out.runsAfter) })
                                  : t('Approved: one more approval is needed.'),
                              );
                              await onDestroyed();
                            })
                          }
                        >
                          {t('Approve')}
                        </button>
                      )}{' '}
                      <button
                        type="button"
                        onClick={() =>
                          act(async () => {
                            await api('POST', `/api/archive/dispositions/${r.id}/cancel`);
                            setMessage(t('Disposition cancelled: nothing was destroyed.'));
                          })
                        }
                      >
                        {t('Cancel')}
                      </button>
                    </>
                  ) : null,
              },
            ]}
          />
        </>
      )}
    </>
  );
}
