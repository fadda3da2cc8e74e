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
        setMessage('Retention schedule saved.');
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
              { header: 'Record class', cell: (r) => r.record_class },
              { header: 'Jurisdiction', cell: (r) => r.jurisdiction },
              {
                header: 'Years',
                cell: (r) =>
                  editing?.id === r.id ? (
                    <input
                      aria-label={`Years for ${r.record_class} (${r.jurisdiction})`}
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
                header: 'Basis',
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
              { header: 'In effect', cell: (r) => (r.retiredAt ? `retired ${when(r.retiredAt)}` : `since ${when(r.effectiveFrom)}`) },
              {
                header: 'Actions',
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
                            setMessage(`Rule retired: ${r.record_class} records it covered are kept unless another rule applies.`);
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
              Class{' '}
              <input list="record-classes" value={form.recordClass} onChange={(e) => setForm({ ...form, recordClass: e.target.value })} />
              <datalist id="record-classes">
                {CLASSES.map((c) => (
                  <option key={c} value={c} />
                ))}
              </datalist>
            </label>
            <label>
              Jurisdiction <input value={form.jurisdiction} onChange={(e) => setForm({ ...form, jurisdiction: e.target.value })} />
            </label>
            <label>
              Years{' '}
              <input
                type="number"
                min={0}
                max={100}
                value={form.years}
                onChange={(e) => setForm({ ...form, years: Number(e.target.value) })}
              />
            </label>
            <label>
              Basis <input value={form.basis} onChange={(e) => setForm({ ...form, basis: e.target.value })} />
            </label>
            <label>
              Effective from{' '}
              <input type="date" value={form.effectiveFrom} onChange={(e) => setForm({ ...form, effectiveFrom: e.target.value })} />
            </label>
            <button type="submit">{t('Add rule')}</button>
          </form>
          <h3>{t('Statutory floors')}</h3>
          <p className="muted">{t('No rule can keep these records for less (the built-in ones apply everywhere).')}</p>
          <ul>
            {rules?.floors.map((f) => (
              <li key={`${f.recordClass}-${f.jurisdiction}`}>
                {f.recordClass} · {f.jurisdiction === '*' ? 'all jurisdictions' : f.jurisdiction}: {f.years} years — {f.basis}
              </li>
            ))}
          </ul>
        </>
      )}

      {canDispose && preview && (
        <>
          <h2>{t('Disposition')}</h2>
          <p>
            Destroying records takes two people: one asks, someone else approves, and it runs {requests?.delayHours ?? 72} hours later
            unless cancelled.
          </p>
          <DataTable
            label={t('What would be destroyed now')}
            rows={preview.breakdown}
            rowKey={(b) => `${b.recordClass}-${b.jurisdiction}`}
            empty={t('Nothing has expired under the current rules.')}
            columns={[
              { header: 'Record class', cell: (b) => b.recordClass },
              { header: 'Jurisdiction', cell: (b) => b.jurisdiction },
              { header: 'Period', cell: (b) => `${b.years} years` },
              { header: 'Would be destroyed', cell: (b) => b.records - b.heldRecords },
              { header: 'Kept under a legal hold', cell: (b) => b.heldRecords },
            ]}
          />
          {!open && preview.records > 0 && (
            <button
              type="button"
              onClick={() =>
                act(async () => {
                  await api('POST', '/api/archive/dispositions');
                  setMessage('Disposition requested: someone else must approve it.');
                })
              }
            >
              Ask to destroy {preview.records} expired record(s)
            </button>
          )}
          <DataTable
            label={t('Disposition requests')}
            rows={requests?.requests ?? []}
            rowKey={(r) => r.id}
            empty={t('No disposition requests yet.')}
            columns={[
              { header: 'Asked', cell: (r) => `${when(r.createdAt)} by ${r.requestedBy}` },
              {
                header: 'Records',
                cell: (r) =>
                  r.result ? `${r.result.records} destroyed` : `${r.preview.records} to destroy, ${r.preview.heldRecords} held`,
              },
              {
                header: 'Status',
                cell: (r) =>
                  r.status === 'pending'
                    ? `waiting for approval (${r.approvers.length} of ${r.approvalsRequired}${r.approvers.length ? `: ${r.approvers.map((a) => a.name).join(', ')}` : ''})`
                    : r.status === 'approved'
                      ? `approved by ${r.approvers.map((a) => a.name).join(', ')}; runs after ${when(r.runsAfter)}`
                      : r.status,
              },
              {
                header: 'Actions',
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
                                  ? `Approved: it runs after ${when(out.runsAfter)}.`
                                  : 'Approved: one more approval is needed.',
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
                            setMessage('Disposition cancelled: nothing was destroyed.');
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
