import { useState } from 'react';
import { api, type Res } from '../api/client.ts';
import { ErrorNote } from '../shared/ErrorNote.tsx';
import { locale, t } from '../i18n/index.ts';

type Report = Res<'POST /api/publisher/bulk'>;

const EXAMPLE = `body,channels,scheduled_at,campaign,part_2,repeat,times
"Flu shots start Monday, walk in 9 to 12.",Harbor Sandbox,2027-01-11 09:00,flu,,,
"Yoga for back pain, every Thursday.",Harbor Sandbox,2027-01-14 17:30,,"Free, no sign-up.",week,4`;

/** Many posts at once from a spreadsheet: checked first, then each row sent for approval; a report by line. */
export function BulkUpload({ onDone }: { onDone: () => Promise<void> }) {
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState('');
  const [report, setReport] = useState<{ report: Report; dryRun: boolean } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const send = async (dryRun: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<Report>('POST', '/api/publisher/bulk', { csv, dryRun });
      setReport({ report: r, dryRun });
      if (!dryRun) await onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="bulk-upload">
      <summary>{t('Schedule many posts from a CSV file')}</summary>
      <p className="muted">
        {t('Columns:')} <code>body</code>, <code>channels</code> {t('(names separated by ;), and if you like')} <code>scheduled_at</code>{' '}
        {t('(YYYY-MM-DD HH:MM in the publishing time zone, or ISO 8601 with an offset),')} <code>campaign</code>, <code>part_2</code>…
        <code>part_11</code>, <code>repeat</code> {t('(day, week or month) and')} <code>times</code>.{' '}
        {t('Every row is checked like a post written here and asks for approval.')}
      </p>
      <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(EXAMPLE)}`} download="harborline-posts-example.csv">
        {t('Download an example file')}
      </a>
      <div className="row">
        <label htmlFor="bulk-file">{t('CSV file')}</label>
        <input
          id="bulk-file"
          type="file"
          accept=".csv,text/csv"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            setReport(null);
            setFileName(file?.name ?? '');
            setCsv(file ? await file.text() : '');
          }}
        />
        <button type="button" disabled={!csv || busy} onClick={() => send(true)}>
          {t('Check the file')}
        </button>
        <button type="button" disabled={!csv || busy} onClick={() => send(false)}>
          {t('Send for approval')}
        </button>
      </div>
      <ErrorNote error={error} />
      {report && (
        <>
          <p role="status">
            {fileName}:{' '}
            {report.dryRun
              ? t('{{value}} row(s) ready, {{refused}} to fix (nothing stored yet).', {
                  value: report.report.rows.length - report.report.refused,
                  refused: report.report.refused,
                })
              : t('{{created}} post(s) sent for approval, {{refused}} row(s) refused.', {
                  created: report.report.created,
                  refused: report.report.refused,
                })}{' '}
            {t('Times without an offset are read in')} {report.report.timeZone}.
          </p>
          <table data-testid="bulk-report">
            <thead>
              <tr>
                <th scope="col">{t('Line')}</th>
                <th scope="col">{t('Result')}</th>
                <th scope="col">{t('Scheduled (your time)')}</th>
                <th scope="col">{t('Why')}</th>
              </tr>
            </thead>
            <tbody>
              {report.report.rows.map((r) => (
                <tr key={r.line} className={r.status === 'refused' ? 'error' : undefined}>
                  <td>{r.line}</td>
                  <td>{r.status === 'valid' ? 'ready' : r.status}</td>
                  <td>
                    {r.scheduledAt
                      ? new Date(r.scheduledAt).toLocaleString(locale())
                      : r.status === 'refused'
                        ? ''
                        : t('as soon as approved')}
                  </td>
                  <td>{r.error?.message ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </details>
  );
}
