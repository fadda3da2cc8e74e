import { useEffect, useRef, useState, type ReactElement } from 'react';
import { api, type Finding } from '../api/client.ts';
import { t } from '../i18n/index.ts';

/** The organization's own names and numbers, its staff in their role and public figures: not a patient's. */
/** A finding as highlighted: where, which category, and (from the guard) whom it is about. */
type Marked = Pick<Finding, 'start' | 'end' | 'category' | 'label'> & Partial<Finding>;
const isKnown = (f: Marked) => f.subject === 'organization' || f.subject === 'staff' || f.subject === 'public';

/** Text with the PHI findings marked; React escapes everything, so hostile markup stays inert. */
export function Highlighted({ text, findings }: { text: string; findings: Marked[] }) {
  const parts: ReactElement[] = [];
  let pos = 0;
  findings.forEach((f, i) => {
    if (f.start < pos) return;
    parts.push(<span key={`t${i}`}>{text.slice(pos, f.start)}</span>);
    parts.push(
      <mark
        key={`m${i}`}
        title={f.subjectLabel ? `${f.label}: ${f.subjectLabel}` : f.label}
        data-category={f.category}
        data-subject={f.subject}
        className={isKnown(f) ? 'known' : undefined}
      >
        {text.slice(f.start, f.end)}
      </mark>,
    );
    pos = f.end;
  });
  parts.push(<span key="rest">{text.slice(pos)}</span>);
  return <>{parts}</>;
}

/**
 * Scans the text as it is typed (debounced) for where it will go, with the title and the consents attached,
 * judged exactly as the write will be; the guard decides again on submit.
 */
export function usePhiScan(text: string, destination: string, context: { title?: string; consentIds?: string[] } = {}) {
  const title = context.title ?? '';
  const consentKey = (context.consentIds ?? []).join(',');
  const [findings, setFindings] = useState<Finding[]>([]);
  const [verdict, setVerdict] = useState('allow');
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    if (!text.trim() && !title.trim()) {
      setFindings([]);
      setVerdict('allow');
      return;
    }
    const t = setTimeout(() => {
      api<{ findings: Finding[]; decision: { verdict: string } }>('POST', '/api/phi/scan', {
        text,
        destination,
        ...(title.trim() ? { title } : {}),
        ...(consentKey ? { consentIds: consentKey.split(',') } : {}),
      })
        .then((r) => {
          if (mine !== seq.current) return;
          setFindings(r.findings);
          setVerdict(r.decision.verdict);
        })
        .catch(() => undefined);
    }, 250);
    return () => clearTimeout(t);
  }, [text, destination, title, consentKey]);
  return { findings, verdict, clear: () => setFindings([]) };
}

/** What the live scan found, with the text highlighted; the organization's own details are told apart. */
export function PhiStatus({ id, text, findings, verdict }: { id: string; text: string; findings: Finding[]; verdict: string }) {
  const atRisk = findings.filter((f) => !isKnown(f));
  const known = findings.filter(isKnown);
  const knownSummary = known.length
    ? t('Recognized as {{list}}.', { list: [...new Set(known.map((f) => t(f.subjectLabel ?? f.label)))].join(', ') })
    : '';
  return (
    <div id={id} aria-live="polite" className={atRisk.length ? 'phi-warning' : 'phi-ok'}>
      {findings.length === 0 ? (
        text.trim() ? (
          t('No identifiers found.')
        ) : (
          ''
        )
      ) : atRisk.length === 0 ? (
        <>
          {t('No patient identifiers.')} <span className="muted">{knownSummary}</span>
          <p className="preview" data-testid="phi-preview">
            <Highlighted text={text} findings={findings} />
          </p>
        </>
      ) : (
        <>
          <strong>
            {t(atRisk.length > 1 ? '{{count}} possible identifiers' : '{{count}} possible identifier', { count: atRisk.length })}
          </strong>{' '}
          (
          {[
            ...new Set(atRisk.map((f) => (f.subject === 'patient' ? t('{{label}} of a patient', { label: t(f.label) }) : t(f.label)))),
          ].join(', ')}
          )
          {verdict === 'block'
            ? ` — ${t('this cannot be posted here.')}`
            : verdict === 'needs_consent'
              ? ` — ${t('needs the consent of each person it identifies.')}`
              : ''}
          {knownSummary && <span className="muted"> {knownSummary}</span>}
          <p className="preview" data-testid="phi-preview">
            <Highlighted text={text} findings={findings} />
          </p>
        </>
      )}
    </div>
  );
}
